import Foundation
public import HavenCore
import HavenCrypto

/// A finished export's file: its header. The content is in sealed chunks (`ExportFileRepository.chunk`), read one at a
/// time by `ExportFileReader`.
public struct ExportFile: Sendable {
    public let jobID: String
    public let contentType: String
    public let filename: String
    public let rows: Int64
    public let expiresAt: Timestamp
    /// Content written in one piece before files were chunked (migration 0019); nil for chunked files.
    var inlineContent: String? = nil

    public init(jobID: String, contentType: String, filename: String, rows: Int64, expiresAt: Timestamp) {
        self.jobID = jobID
        self.contentType = contentType
        self.filename = filename
        self.rows = rows
        self.expiresAt = expiresAt
    }

    /// A binary file (a data-subject package's zip): its chunks hold the bytes in base64, as a sealed column holds
    /// text (key rotation re-seals columns as text).
    public var isBinary: Bool { self.contentType == "application/zip" }
}

/// Export files: chunks appended by their job while it runs, the header written when it ends, read by downloads,
/// deleted when they expire.
public protocol ExportFileRepository: Sendable {
    /// Appends chunk `seq` (from 0) of the file `jobID` is writing.
    func appendChunk(_ tenant: TenantID, jobID: String, seq: Int64, _ text: String, expiresAt: Timestamp, on sql: SQLExecutor) async throws
    /// Removes what an interrupted run of `jobID` wrote, before it starts again.
    func deleteChunks(_ tenant: TenantID, jobID: String, on sql: SQLExecutor) async throws
    func insert(_ tenant: TenantID, _ file: ExportFile, at now: Timestamp, on sql: SQLExecutor) async throws
    /// The file of `jobID`, or nil (none, or expired at `now`).
    func find(_ tenant: TenantID, jobID: String, now: Timestamp, on sql: SQLExecutor) async throws -> ExportFile?
    /// Chunk `seq` of the file, or nil after the last.
    func chunk(_ tenant: TenantID, jobID: String, seq: Int64, on sql: SQLExecutor) async throws -> String?
    /// Deletes every expired file and chunk (all tenants: a sweep); returns how many files.
    func deleteExpired(now: Timestamp, on sql: SQLExecutor) async throws -> Int
}

public struct SQLiteExportFileRepository: ExportFileRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func appendChunk(_ tenant: TenantID, jobID: String, seq: Int64, _ text: String, expiresAt: Timestamp, on sql: SQLExecutor)
        async throws
    {
        let id = try await IDSequences.next("export_chunks", on: sql)
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        try await sql.execute(
            """
            INSERT INTO export_chunks (tenant_id, id, job_id, seq, content, expires_at)
            VALUES (\(tenant), \(id), \(jobID), \(seq), \(try sealer.seal(text, "export_chunks", "content", id)), \(expiresAt))
            """
        )
    }

    public func deleteChunks(_ tenant: TenantID, jobID: String, on sql: SQLExecutor) async throws {
        try await sql.execute("DELETE FROM export_chunks WHERE tenant_id = \(tenant) AND job_id = \(jobID)")
    }

    public func insert(_ tenant: TenantID, _ file: ExportFile, at now: Timestamp, on sql: SQLExecutor) async throws {
        let id = try await IDSequences.next("export_files", on: sql)
        try await sql.execute(
            """
            INSERT INTO export_files (tenant_id, id, job_id, content, content_type, filename, rows, created_at, expires_at)
            VALUES (\(tenant), \(id), \(file.jobID), \(Sealer.absent), \(file.contentType), \(file.filename), \(file.rows), \(now),
                \(file.expiresAt))
            """
        )
        // The chunks last as long as their file (while it was written they carried the job's start + 24 h).
        try await sql.execute(
            "UPDATE export_chunks SET expires_at = \(file.expiresAt) WHERE tenant_id = \(tenant) AND job_id = \(file.jobID)")
    }

    public func find(_ tenant: TenantID, jobID: String, now: Timestamp, on sql: SQLExecutor) async throws -> ExportFile? {
        guard
            let row = try await sql.first(
                "SELECT * FROM export_files WHERE tenant_id = \(tenant) AND job_id = \(jobID) AND expires_at > \(now)")
        else { return nil }
        var file = ExportFile(
            jobID: jobID, contentType: try row.string("content_type"), filename: try row.string("filename"), rows: try row.int("rows"),
            expiresAt: try row.timestamp("expires_at"))
        if !Sealer.isAbsent(try row.optionalValue("content")) {
            let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
            file.inlineContent = try sealer.open(row, "export_files", "content", try row.int("id"))
        }
        return file
    }

    public func chunk(_ tenant: TenantID, jobID: String, seq: Int64, on sql: SQLExecutor) async throws -> String? {
        guard
            let row = try await sql.first(
                "SELECT id, content FROM export_chunks WHERE tenant_id = \(tenant) AND job_id = \(jobID) AND seq = \(seq)")
        else { return nil }
        let sealer = try await self.keys.sealer(tenant, .tenant, on: sql)
        return try sealer.open(row, "export_chunks", "content", try row.int("id")) ?? ""
    }

    public func deleteExpired(now: Timestamp, on sql: SQLExecutor) async throws -> Int {
        let count = try await sql.scalar(.across(.exportExpiry, "SELECT count(*) FROM export_files WHERE expires_at <= \(now)"))
        try await sql.execute(.across(.exportExpiry, "DELETE FROM export_files WHERE expires_at <= \(now)"))
        try await sql.execute(.across(.exportExpiry, "DELETE FROM export_chunks WHERE expires_at <= \(now)"))
        return Int(count)
    }
}

/// Reads a file's chunks in order, each in a read of its own, so a download holds one chunk at a time.
public struct ExportFileReader: Sendable {
    let store: Store
    let tenant: TenantID
    public let file: ExportFile

    public init(store: Store, tenant: TenantID, file: ExportFile) {
        self.store = store
        self.tenant = tenant
        self.file = file
    }

    public func forEachChunk(_ body: ([UInt8]) async throws -> Void) async throws {
        if let inline = self.file.inlineContent {
            try await body(Array(inline.utf8))
            return
        }
        var seq: Int64 = 0
        while let text = try await self.store.read({ sql in
            try await self.store.exportFiles.chunk(self.tenant, jobID: self.file.jobID, seq: seq, on: sql)
        }) {
            if self.file.isBinary {
                guard let bytes = Data(base64Encoded: text).map(Array.init) else {
                    throw HavenError.internalFailure("export chunk \(seq) of \(self.file.jobID) is not base64")
                }
                try await body(bytes)
            } else {
                try await body(Array(text.utf8))
            }
            seq += 1
        }
    }
}
