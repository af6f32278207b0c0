public import HavenCore
import HavenCrypto

/// A finished export's file, opened.
public struct ExportFile: Sendable {
    public let jobID: String
    public let content: String
    public let contentType: String
    public let filename: String
    public let rows: Int64
    public let expiresAt: Timestamp
}

/// Export files: written once by their job, read by downloads, deleted when they expire.
public protocol ExportFileRepository: Sendable {
    func insert(_ tenant: TenantID, _ file: ExportFile, at now: Timestamp, on sql: SQLExecutor) async throws
    /// The file of `jobID`, or nil (none, or expired at `now`).
    func find(_ tenant: TenantID, jobID: String, now: Timestamp, on sql: SQLExecutor) async throws -> ExportFile?
    /// Deletes every expired file (all tenants: a sweep); returns how many.
    func deleteExpired(now: Timestamp, on sql: SQLExecutor) async throws -> Int
}

public struct SQLiteExportFileRepository: ExportFileRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func insert(_ tenant: TenantID, _ file: ExportFile, at now: Timestamp, on sql: SQLExecutor) async throws {
        let id = try await IDSequences.next("export_files", on: sql)
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        try await sql.execute(
            """
            INSERT INTO export_files (tenant_id, id, job_id, content, content_type, filename, rows, created_at, expires_at)
            VALUES (\(tenant), \(id), \(file.jobID), \(try sealer.seal(file.content, "export_files", "content", id)),
                \(file.contentType), \(file.filename), \(file.rows), \(now), \(file.expiresAt))
            """
        )
    }

    public func find(_ tenant: TenantID, jobID: String, now: Timestamp, on sql: SQLExecutor) async throws -> ExportFile? {
        guard
            let row = try await sql.first(
                "SELECT * FROM export_files WHERE tenant_id = \(tenant) AND job_id = \(jobID) AND expires_at > \(now)")
        else { return nil }
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        return ExportFile(
            jobID: jobID, content: try sealer.open(row, "export_files", "content", try row.int("id")) ?? "",
            contentType: try row.string("content_type"), filename: try row.string("filename"), rows: try row.int("rows"),
            expiresAt: try row.timestamp("expires_at"))
    }

    public func deleteExpired(now: Timestamp, on sql: SQLExecutor) async throws -> Int {
        let count = try await sql.scalar("SELECT count(*) FROM export_files WHERE expires_at <= \(now)")
        try await sql.execute("DELETE FROM export_files WHERE expires_at <= \(now)")
        return Int(count)
    }
}
