import Foundation
import HavenCore
public import HavenStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Audit retention (a scheduled job): entries older than `retentionDays` move into sealed archive files, archives
/// older than `archiveDays` more are deleted, and each step is itself recorded in the tenant's log. The chain stays
/// verifiable: the purge moves an authenticated anchor (the hash before the new first entry) in the same
/// transaction that deletes the archived entries, and each archive holds its entries exactly as stored.
public struct AuditRetention: Sendable {
    public struct Settings: Sendable {
        public var retentionDays: Int64 = 90
        public var archiveDays: Int64 = 21
        public var archiveDirectory: String
        /// Entries per archive file.
        public var batchSize = 10_000

        public init(archiveDirectory: String) {
            self.archiveDirectory = archiveDirectory
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var archived: [AuditArchive] = []
        public var purged: [AuditArchive] = []

        public init() {}
    }

    static let actor = AuditActor.system("audit_retention")
    let store: Store
    let settings: Settings
    var repository: any AuditRepository { self.store.auditEntries }

    public init(store: Store, settings: Settings) {
        self.store = store
        self.settings = settings
    }

    /// The archive directory inside a data directory: encrypted like the database, so it may live beside it.
    public static func defaultArchiveDirectory(dataDirectory: String) -> String {
        (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "audit-archive"
    }

    public func run() async throws -> Outcome {
        var outcome = Outcome()
        let tenants = try await self.store.read { sql in try await self.store.tenants.all(on: sql) }
        for tenant in tenants {
            outcome.archived += try await self.archive(tenant.id)
        }
        outcome.purged = try await self.purgeArchives()
        return outcome
    }

    /// Archives every entry of the tenant older than the retention period, oldest first, in files of `batchSize`.
    func archive(_ tenant: TenantID) async throws -> [AuditArchive] {
        let now = self.store.clock.now()
        let cutoff = now.adding(seconds: -self.settings.retentionDays * 86_400)
        var written: [AuditArchive] = []
        while true {
            // Entries in sequence order up to the first one still inside the retention period (the chain is cut at
            // one point: security counts written at a minute's end may carry a slightly earlier time).
            let batch = try await self.store.read { sql in
                try await self.repository.entries(tenant, afterSeq: 0, limit: self.settings.batchSize, on: sql)
            }
            let due = Array(batch.prefix { $0.occurredAt < cutoff })
            guard let first = due.first, let last = due.last else { return written }
            let archive = AuditArchive(tenant: tenant, firstSeq: first.seq, lastSeq: last.seq, createdAt: now)
            let path = try self.directory() + "/" + archive.fileName
            let recorded = try await self.store.write { sql -> Bool in
                // Checked again inside the transaction: another node may have archived these meanwhile.
                guard try await self.repository.entries(tenant, afterSeq: first.seq - 1, limit: 1, on: sql).first == first else {
                    return false
                }
                let sealed = try await AuditArchive.seal(due, tenant: tenant, firstSeq: first.seq, on: sql, store: self.store)
                try Self.writeFile(path, sealed)
                let key = try await self.store.keys.indexes(tenant, on: sql).auditChain
                let anchor = AuditAnchor(
                    firstSeq: last.seq + 1, prevHash: last.hash,
                    mac: AuditChain.anchorMAC(tenant: tenant, firstSeq: last.seq + 1, prevHash: last.hash, key: key))
                try await self.repository.purge(tenant, to: anchor, on: sql)
                try await self.store.audit.record(
                    AuditEvent(
                        tenant: tenant, occurredAt: now, actor: Self.actor, action: "audit.archived", targetType: "audit_archive",
                        targetID: archive.fileName,
                        details: [
                            "first_entry": .int(first.seq), "last_entry": .int(last.seq), "entries": .int(Int64(due.count)),
                            "older_than": .timestamp(cutoff),
                        ]),
                    on: sql)
                return true
            }
            guard recorded else { return written }
            written.append(archive)
            if due.count < batch.count || batch.count < self.settings.batchSize { return written }
        }
    }

    /// Deletes archives written more than `archiveDays` ago, recording each deletion in its tenant's log (the
    /// file goes only once the record is in the same transaction's commit path).
    func purgeArchives() async throws -> [AuditArchive] {
        let now = self.store.clock.now()
        let cutoff = now.adding(seconds: -self.settings.archiveDays * 86_400)
        let directory = try self.directory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var purged: [AuditArchive] = []
        for archive in names.compactMap(AuditArchive.init(fileName:)).sorted(by: { $0.fileName < $1.fileName })
        where archive.createdAt <= cutoff {
            let path = directory + "/" + archive.fileName
            let exists = try await self.store.read { sql in try await self.store.tenants.find(archive.tenant, on: sql) != nil }
            try await self.store.write { sql in
                if exists {
                    try await self.store.audit.record(
                        AuditEvent(
                            tenant: archive.tenant, occurredAt: now, actor: Self.actor, action: "audit.archive_purged",
                            targetType: "audit_archive", targetID: archive.fileName,
                            details: [
                                "first_entry": .int(archive.firstSeq), "last_entry": .int(archive.lastSeq),
                                "archived_at": .timestamp(archive.createdAt),
                            ]),
                        on: sql)
                }
                // Inside the transaction: if the file cannot be removed, the record rolls back and the next run retries.
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw HavenError.internalFailure("cannot delete the audit archive \(archive.fileName) (errno \(errno))")
                }
            }
            purged.append(archive)
        }
        return purged
    }

    private func directory() throws -> String {
        let path = self.settings.archiveDirectory
        var status = stat()
        if stat(path, &status) != 0, mkdir(path, 0o700) != 0, errno != EEXIST {
            throw HavenError.usage("Cannot create the audit archive directory \(path) (errno \(errno))")
        }
        return path
    }

    /// Written to a temporary name, flushed to disk, then renamed: a crash leaves either no archive or a whole one.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let temporary = path + ".partial"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw HavenError.internalFailure("cannot write the audit archive \(path) (errno \(errno))") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                close(fd)
                throw HavenError.internalFailure("cannot write the audit archive \(path) (errno \(errno))")
            }
            offset += n
        }
        guard fsync(fd) == 0, close(fd) == 0, rename(temporary, path) == 0 else {
            throw HavenError.internalFailure("cannot finish the audit archive \(path) (errno \(errno))")
        }
    }
}
