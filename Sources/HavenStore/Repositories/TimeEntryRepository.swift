public import HavenCore

/// Time entries on tickets, their notes sealed under the ticket requester's key.
public protocol TimeEntryRepository: Sendable {
    func insert(_ entry: TimeEntry, on sql: SQLExecutor) async throws
    func update(_ entry: TimeEntry, on sql: SQLExecutor) async throws
    func delete(_ tenant: TenantID, _ id: TimeEntryID, on sql: SQLExecutor) async throws
    func find(_ tenant: TenantID, _ id: TimeEntryID, on sql: SQLExecutor) async throws -> TimeEntry?
    /// Entries matching `filter`, in the order they were made.
    func list(_ tenant: TenantID, _ filter: TimeEntryFilter, page: PageRequest, on sql: SQLExecutor) async throws -> Page<TimeEntry>
    /// The agent's entries whose timer runs (at most one, by the rule that starting a timer stops the others).
    func running(_ tenant: TenantID, agent: UserID, on sql: SQLExecutor) async throws -> [TimeEntry]
}

/// What a time entry list filters by (all conditions combine with AND).
public struct TimeEntryFilter: Sendable {
    public var ticketID: TicketID?
    public var agentID: UserID?
    /// Entries on tickets of this company.
    public var companyID: CompanyID?
    public var executedAfter: Timestamp?
    public var executedBefore: Timestamp?
    public var billable: Bool?

    public init() {}
}
