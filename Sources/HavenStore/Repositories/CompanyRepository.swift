public import HavenCore

/// Which companies a read sees: the live ones (everything but the console's trash pages), or those in "Deleted
/// companies".
public enum CompanyShelf: Sendable {
    case live
    case trash
}

/// How many records a company's move to the trash detached (what a restore can put back).
public struct DetachedFromCompany: Sendable, Equatable {
    public var contacts: [UserID] = []
    /// Contacts that had the company among their other companies.
    public var otherContacts: [UserID] = []
    public var tickets: [TicketID] = []

    public init(contacts: [UserID] = [], otherContacts: [UserID] = [], tickets: [TicketID] = []) {
        self.contacts = contacts
        self.otherContacts = otherContacts
        self.tickets = tickets
    }
}

/// Companies, their sealed names and blind-index lookups. A deleted company waits in the trash, detached from its
/// contacts and tickets; every read but the trash's own sees live companies only.
public protocol CompanyRepository: Sendable {
    func insert(_ company: Company, on sql: SQLExecutor) async throws
    func update(_ company: Company, on sql: SQLExecutor) async throws
    /// Deletes a company for good (live or in the trash), detaching its contacts and tickets.
    func delete(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws
    /// Moves a live company to the trash: its contacts and tickets lose it (as with a delete) and what was detached is
    /// kept with it. Returns what was detached.
    func moveToTrash(_ tenant: TenantID, _ id: CompanyID, at now: Timestamp, on sql: SQLExecutor) async throws -> DetachedFromCompany
    /// Brings a company back from the trash and reattaches what it detached where that is still free (a contact that
    /// has another company meanwhile keeps it). Returns what was reattached.
    func restore(_ tenant: TenantID, _ id: CompanyID, at now: Timestamp, on sql: SQLExecutor) async throws -> DetachedFromCompany
    func find(_ tenant: TenantID, _ id: CompanyID, on shelf: CompanyShelf, sql: SQLExecutor) async throws -> Company?
    func find(_ tenant: TenantID, ids: [CompanyID], on shelf: CompanyShelf, sql: SQLExecutor) async throws -> [CompanyID: Company]
    /// What a trashed company detached (empty for a live one).
    func detached(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws -> DetachedFromCompany
    /// The live company with this name (case-insensitive, inner spaces collapsed), if any.
    func id(named name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> CompanyID?
    func list(_ tenant: TenantID, updatedSince: Timestamp?, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Company>
    /// The trash, most recently deleted first.
    func trash(_ tenant: TenantID, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Company>
    /// Companies in the trash since before `cutoff` (the purge's batch).
    func trashed(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [CompanyID]
    /// Companies whose name starts with `name`. Names are sealed, so this reads the tenant's companies (an
    /// organisation list, small next to contacts) and matches in memory.
    func autocomplete(_ tenant: TenantID, name: String, limit: Int, on sql: SQLExecutor) async throws -> [Company]
    func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws -> (
        total: Int64, items: [Company]
    )
    /// Removes one custom field's value from every company of the tenant that has it (the field was deleted). The
    /// number of companies changed.
    func removeCustomValue(_ name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> Int
}

extension CompanyRepository {
    /// A live company.
    public func find(_ tenant: TenantID, _ id: CompanyID, on sql: SQLExecutor) async throws -> Company? {
        try await self.find(tenant, id, on: .live, sql: sql)
    }

    /// Live companies.
    public func find(_ tenant: TenantID, ids: [CompanyID], on sql: SQLExecutor) async throws -> [CompanyID: Company] {
        try await self.find(tenant, ids: ids, on: .live, sql: sql)
    }
}
