public import HavenCore

/// Contacts and the user rows behind agents, sealed under each person's key, found through blind indexes.
public protocol ContactRepository: Sendable {
    func insert(_ contact: Contact, on sql: SQLExecutor) async throws
    /// Writes a changed user. A stub whose sealed columns could not be read (erased or damaged) only has its clear
    /// columns written: it never overwrites what it could not read.
    func update(_ contact: Contact, on sql: SQLExecutor) async throws
    /// Every user (contact or agent) holding this e-mail as primary or other address, oldest first: token
    /// candidates, decrypted and compared, so a token collision never matches the wrong person.
    func users(email: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [Contact]
    func userIDs(email: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [UserID]
    /// The user (contact or agent) that already holds an e-mail address, if any.
    func userID(email: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID?
    func userIDs(phone: String, field: PhoneField, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [UserID]
    func userID(phone: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID?
    func userID(externalID: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID?
    func userID(twitterID: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> UserID?
    /// Any user row, contact or agent.
    func find(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Contact?
    /// A contact that is not an agent (agents are reached through `/agents`).
    func findContact(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws -> Contact?
    func find(_ tenant: TenantID, ids: [UserID], on sql: SQLExecutor) async throws -> [UserID: Contact]
    /// Only the names of these users (one sealed column opened per person, not all of them): for lists.
    func names(_ tenant: TenantID, ids: [UserID], on sql: SQLExecutor) async throws -> [UserID: String]
    /// Contacts in creation order (names are sealed, so the database cannot sort by them).
    func list(_ tenant: TenantID, _ filter: ContactFilter, page: PageRequest, on sql: SQLExecutor) async throws -> Page<Contact>
    /// Contacts whose name starts with `term`, case-insensitively (autocomplete). Candidates come from the
    /// two-character name-prefix token (a one-character term reads the tenant's contacts); each is checked on its
    /// decrypted name.
    func autocomplete(_ tenant: TenantID, term: String, limit: Int, on sql: SQLExecutor) async throws -> [Contact]
    func search(_ tenant: TenantID, _ search: CompiledSearch, page: PageRequest, on sql: SQLExecutor) async throws -> (
        total: Int64, items: [Contact]
    )
    /// Deletes the user row and its index tokens, and erases the person's key: every copy of their sealed data, in
    /// backups too, becomes unreadable (crypto-shredding). Agent rows go with the user (foreign keys cascade).
    func delete(_ tenant: TenantID, _ id: UserID, on sql: SQLExecutor) async throws
    /// Removes one custom field's value from every contact of the tenant that has it (the field was deleted);
    /// contacts whose key is gone (erased) have nothing readable to remove. The number of contacts changed.
    func removeCustomValue(_ name: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> Int
}

extension ContactRepository {
    /// Users holding this phone number as phone or mobile.
    public func userIDs(phone: String, _ tenant: TenantID, on sql: SQLExecutor) async throws -> [UserID] {
        try await self.userIDs(phone: phone, field: .either, tenant, on: sql)
    }
}
