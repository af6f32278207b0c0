import HavenCore
import HavenCrypto

/// The keystore's queries, in one place. Every one names its tenant, except the epoch table, which is
/// deployment-wide by nature.
enum Keystore {
    struct Epoch: Sendable {
        let epoch: Int64
        let keyRef: String
        let canary: [UInt8]?
    }

    static func canaryContext(epoch: Int64) -> [String: String] {
        ["app": "haven", "purpose": "canary", "epoch": String(epoch)]
    }

    struct State: Sendable {
        let dataVersion: UInt32
        let revision: Int64
    }

    static func activeEpoch(on sql: SQLExecutor) async throws -> Epoch {
        guard
            let row = try await sql.first(
                "SELECT epoch, key_ref, canary FROM ks.kms_epochs WHERE state = 'active' ORDER BY epoch DESC LIMIT 1"
            )
        else {
            throw KeyError.keystore("The keystore has no active epoch key")
        }
        let canary: [UInt8]?
        if case .blob(let bytes) = try row.optionalValue("canary") { canary = bytes } else { canary = nil }
        return Epoch(epoch: try row.int("epoch"), keyRef: try row.string("key_ref"), canary: canary)
    }

    static func state(_ tenant: TenantID, on sql: SQLExecutor) async throws -> State? {
        try await sql.first("SELECT data_version, revision FROM ks.tenant_key_state WHERE tenant_id = \(tenant)").map {
            State(dataVersion: UInt32(try $0.int("data_version")), revision: try $0.int("revision"))
        }
    }

    static func revision(_ tenant: TenantID, on sql: SQLExecutor) async throws -> Int64 {
        try await self.state(tenant, on: sql)?.revision ?? -1
    }

    static func bumpRevision(_ tenant: TenantID, on sql: SQLExecutor) async throws {
        try await sql.execute("UPDATE ks.tenant_key_state SET revision = revision + 1 WHERE tenant_id = \(tenant)")
        // Other nodes drop the tenant's cached keys at the commit, not at their next revision check.
        sql.transaction?.announce(.keys(tenant))
    }

    static func tenantKEKs(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Row] {
        try await sql.all(
            """
            SELECT k.gen, k.wrapped, e.key_ref FROM ks.tenant_keks k JOIN ks.kms_epochs e ON e.epoch = k.epoch
            WHERE k.tenant_id = \(tenant) ORDER BY k.gen
            """
        )
    }

    static func entries(_ tenant: TenantID, kind: Int64, subject: String, on sql: SQLExecutor) async throws -> [Row] {
        try await sql.all(
            """
            SELECT version, status, wrapped FROM ks.key_entries
            WHERE tenant_id = \(tenant) AND kind = \(kind) AND subject_id = \(subject) ORDER BY version
            """
        )
    }

    static func insertEntry(
        _ tenant: TenantID,
        kind: Int64,
        subject: String,
        version: UInt32,
        generation: UInt32,
        wrapped: [UInt8],
        at now: Timestamp,
        on sql: SQLExecutor
    ) async throws {
        try await sql.execute(
            """
            INSERT INTO ks.key_entries (tenant_id, kind, subject_id, version, tkek_gen, wrapped, status, created_at)
            VALUES (\(tenant), \(kind), \(subject), \(Int64(version)), \(Int64(generation)), \(DBValue.blob(wrapped)), 1, \(now))
            """
        )
    }
}
