public import HavenCore

/// Tickets, sealed under their requester's key, with their word terms in the blind index.
public protocol TicketRepository: Sendable {
    func insert(_ ticket: Ticket, on sql: SQLExecutor) async throws
    /// Writes a changed ticket. `previous` is the ticket as read before the change: a new requester moves the whole
    /// thread under the new requester's key; new subject or description re-indexes its words. A ticket whose sealed
    /// content could not be read (erased or damaged) only has its clear columns written — a stub never overwrites
    /// what it could not read.
    func update(_ ticket: Ticket, previous: Ticket, on sql: SQLExecutor) async throws
    /// Rebuilds a ticket's terms from its subject, description and every conversation body (set semantics: a word
    /// is indexed once per ticket however often it occurs).
    func reindexTerms(_ ticket: Ticket, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: TicketID, on sql: SQLExecutor) async throws -> Ticket?
    func list(_ tenant: TenantID, _ query: TicketListQuery, page: PageRequest, withDescription: Bool, on sql: SQLExecutor) async throws
        -> Page<Ticket>
    /// Every ticket a person requested, in any state (the trash and spam too), in id order: a data-subject package.
    func ids(_ tenant: TenantID, requester: UserID, on sql: SQLExecutor) async throws -> [TicketID]
    /// How many tickets an export of `filter` holds.
    func exportCount(_ tenant: TenantID, _ filter: TicketExportFilter, on sql: SQLExecutor) async throws -> Int64
    /// The next `limit` tickets of an export after `after`, in id order (keyset paging: each page costs the same
    /// however deep the export is).
    func exportPage(
        _ tenant: TenantID, _ filter: TicketExportFilter, after: TicketID?, limit: Int, withDescription: Bool, on sql: SQLExecutor
    ) async throws -> [Ticket]
    func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws -> (
        total: Int64, items: [Ticket]
    )
    /// Permanently removes a requester's tickets (contact hard delete); conversations and tags cascade.
    func deleteAll(_ tenant: TenantID, requester: UserID, on sql: SQLExecutor) async throws -> Int64
    /// Tickets in the tenant's trash since before `cutoff`, oldest first.
    func trashed(_ tenant: TenantID, before cutoff: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [TicketID]
    /// Permanently removes one ticket (trash purge); conversations and tags cascade, its word tokens go with it.
    func purge(_ tenant: TenantID, _ id: TicketID, on sql: SQLExecutor) async throws
    func unassign(_ tenant: TenantID, agent: UserID, on sql: SQLExecutor) async throws
    func count(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64
    /// Tickets of every tenant whose SLA check (`TicketSLA.nextCheck`) has come by `now`, earliest first: the
    /// escalation service's sweep, which then works tenant by tenant.
    func dueForSLACheck(now: Timestamp, limit: Int, on sql: SQLExecutor) async throws -> [(TenantID, TicketID)]
}
