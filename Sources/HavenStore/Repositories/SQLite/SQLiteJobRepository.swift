public import HavenCore

public struct SQLiteJobRepository: JobRepository {
    public init() {}

    public func insert(_ job: Job, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO jobs (tenant_id, id, name, status, progress, requested_by, payload, result, created_at,
                updated_at, status_updated_at)
            VALUES (\(job.tenantID), \(job.id), \(job.name), \(job.status.rawValue), \(job.progress), \(job.requestedBy),
                \(DBValue.json(job.payload)), \(job.result.map { JSONWriter.string(.object($0)) }), \(job.createdAt),
                \(job.updatedAt), \(job.statusUpdatedAt))
            """
        )
    }

    public func update(_ job: Job, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE jobs SET status = \(job.status.rawValue), progress = \(job.progress),
                result = \(job.result.map { JSONWriter.string(.object($0)) }), updated_at = \(job.updatedAt),
                status_updated_at = \(job.statusUpdatedAt)
            WHERE tenant_id = \(job.tenantID) AND id = \(job.id)
            """
        )
    }

    public func find(_ tenant: TenantID, _ id: String, on sql: SQLExecutor) async throws -> Job? {
        try await sql.first("SELECT * FROM jobs WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decode)
    }

    public func pending(limit: Int, now: Timestamp, on sql: SQLExecutor) async throws -> [Job] {
        try await sql.all(
            .across(
                .jobQueue,
                """
                SELECT * FROM jobs WHERE status IN ('QUEUED', 'IN PROGRESS') AND (claimed_until IS NULL OR claimed_until <= \(now))
                ORDER BY created_at, id LIMIT \(Int64(limit))
                """)
        ).map(Self.decode)
    }

    public func claim(_ job: Job, owner: String, until: Timestamp, now: Timestamp, on sql: SQLExecutor) async throws -> Bool {
        try await !sql.all(
            """
            UPDATE jobs SET claimed_by = \(owner), claimed_until = \(until)
            WHERE tenant_id = \(job.tenantID) AND id = \(job.id) AND status IN ('QUEUED', 'IN PROGRESS')
                AND (claimed_until IS NULL OR claimed_until <= \(now) OR claimed_by = \(owner))
            RETURNING id
            """
        ).isEmpty
    }

    static func decode(_ row: Row) throws -> Job {
        var job = Job(
            tenantID: try row.id("tenant_id"),
            id: try row.string("id"),
            name: try row.string("name"),
            payload: try row.jsonObject("payload"),
            requestedBy: try row.optionalID("requested_by"),
            at: try row.timestamp("created_at")
        )
        job.status = Job.Status(rawValue: try row.string("status")) ?? .failed
        job.progress = try row.int("progress")
        job.result = try row.optionalString("result") != nil ? try row.jsonObject("result") : nil
        job.updatedAt = try row.timestamp("updated_at")
        job.statusUpdatedAt = try row.timestamp("status_updated_at")
        return job
    }
}
