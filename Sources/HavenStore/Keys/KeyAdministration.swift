import Crypto
public import HavenCore
import HavenCrypto

/// Operator actions on the key hierarchy (`haven keys …`): data-key rotation, shred epochs, status. Each change is
/// recorded in the audit log of every tenant it touches, as done by `actor`.
public struct KeyAdministration: Sendable {
    let store: Store
    let actor: AuditActor

    public init(store: Store, actor: AuditActor) {
        self.store = store
        self.actor = actor
    }

    private func record(_ action: String, _ tenant: TenantID, _ details: JSONObject, on sql: SQLExecutor) async throws {
        try await self.store.audit.record(
            AuditEvent(
                tenant: tenant, occurredAt: self.store.clock.now(), actor: self.actor, action: action, targetType: "tenant_keys",
                targetID: tenant.description, details: details),
            on: sql)
    }

    private var keys: KeyRing { self.store.keys }

    // MARK: Rotation

    /// Makes a new data-key version primary for the tenant data key and every subject key of the tenant, in one
    /// transaction; envelopes are re-sealed afterwards by `Reencryption`. `alongside` writes in that same transaction
    /// what must not exist without the rotation or the other way round (the console's re-sealing job). Returns the
    /// new version.
    @discardableResult
    public func rotate(
        _ tenant: TenantID, alongside: @Sendable (UInt32, SQLExecutor) async throws -> Void = { _, _ in }
    ) async throws -> UInt32 {
        let version = try await self.store.write { sql -> UInt32 in
            let entry = try await self.keys.currentEntry(tenant, on: sql)
            let version = entry.dataVersion + 1
            let subjects = try await sql.all(
                "SELECT DISTINCT subject_id FROM ks.key_entries WHERE tenant_id = \(tenant) AND kind = 2"
            ).map { try $0.string("subject_id") }
            try await sql.execute("UPDATE ks.key_entries SET status = 2 WHERE tenant_id = \(tenant) AND kind IN (1, 2)")
            for (kind, subject) in [(Int64(1), "")] + subjects.map({ (Int64(2), $0) }) {
                _ = try await self.keys.createEntry(
                    tenant, kind: kind, subject: subject, version: version, kek: entry.currentKEK,
                    generation: entry.currentGeneration, on: sql
                )
            }
            try await sql.execute(
                "UPDATE ks.tenant_key_state SET data_version = \(Int64(version)), revision = revision + 1 WHERE tenant_id = \(tenant)"
            )
            sql.transaction?.announce(.keys(tenant))
            try await self.record(
                "key.rotated", tenant, ["data_key_version": .int(Int64(version)), "person_keys": .int(Int64(subjects.count))], on: sql)
            try await alongside(version, sql)
            return version
        }
        self.keys.invalidate(tenant)
        return version
    }

    // MARK: Epochs

    public struct EpochChange: Sendable {
        public let epoch: Int64
        public let tenants: Int
        public let destroyed: [Int64]
    }

    /// Starts a new shred epoch: a new epoch key, a new random key-encryption key for every tenant wrapped under
    /// it, every key entry rewrapped (one transaction per tenant). Earlier epochs are marked for destruction after
    /// `grace` seconds; epochs whose grace has passed are destroyed now.
    public func newEpoch(grace: Int64) async throws -> EpochChange {
        let now = self.store.clock.now()
        let next = try await self.store.read { sql in
            try await sql.scalar("SELECT coalesce(max(epoch), 0) + 1 AS n FROM ks.kms_epochs")
        }
        let ref = try await self.keys.provider.createEpochKey(epoch: next)
        let canary = try await self.keys.provider.generateDataKey(epochKey: ref, context: Keystore.canaryContext(epoch: next)).wrapped
        try await self.store.write { sql in
            try await sql.execute(
                """
                UPDATE ks.kms_epochs SET state = 'retiring', destroy_after = \(now.secondsSince1970 + grace)
                WHERE state = 'active'
                """
            )
            try await sql.execute(
                """
                INSERT INTO ks.kms_epochs (epoch, provider, key_ref, state, created_at, canary)
                VALUES (\(next), \(self.keys.provider.name), \(ref), 'active', \(now), \(DBValue.blob(canary)))
                """
            )
        }
        let tenants = try await self.store.read { sql in
            try await sql.all(.across(.keyCheck, "SELECT tenant_id FROM ks.tenant_key_state ORDER BY tenant_id")).map {
                TenantID(try $0.int("tenant_id"))
            }
        }
        for tenant in tenants {
            try await self.rewrap(tenant, epoch: next, keyRef: ref, at: now)
        }
        return EpochChange(epoch: next, tenants: tenants.count, destroyed: try await self.destroyExpiredEpochs())
    }

    private func rewrap(_ tenant: TenantID, epoch: Int64, keyRef: String, at now: Timestamp) async throws {
        try await self.store.write { sql in
            let entry = try await self.keys.currentEntry(tenant, on: sql)
            let generation = entry.currentGeneration + 1
            // A new random value (encryption.md §6, limit 2): the erased keys were never wrapped under it.
            let (kek, wrappedKEK) = try await self.keys.provider.generateDataKey(
                epochKey: keyRef,
                context: KeyRing.context(tenant, generation: generation)
            )
            for row in try await sql.all("SELECT kind, subject_id, version, wrapped FROM ks.key_entries WHERE tenant_id = \(tenant)") {
                let kind = try row.int("kind")
                let subject = try row.string("subject_id")
                let version = UInt32(try row.int("version"))
                let wrapped = try row.bytes("wrapped")
                let slot = KeyRing.slot(tenant, kind: kind, subject: subject, version: version)
                guard let oldKEK = entry.tkeks[try WrappedKey.generation(of: wrapped)] else {
                    throw KeyError.unwrapFailed("a key entry of tenant \(tenant) (its key-encryption key is gone)")
                }
                let key = try WrappedKey.unwrap(wrapped, under: oldKEK, slot: slot)
                let rewrapped = try WrappedKey.wrap(key, under: kek, generation: generation, slot: slot)
                try await sql.execute(
                    """
                    UPDATE ks.key_entries SET wrapped = \(DBValue.blob(rewrapped)), tkek_gen = \(Int64(generation))
                    WHERE tenant_id = \(tenant) AND kind = \(kind) AND subject_id = \(subject) AND version = \(Int64(version))
                    """
                )
            }
            try await sql.execute("DELETE FROM ks.tenant_keks WHERE tenant_id = \(tenant)")
            try await sql.execute(
                """
                INSERT INTO ks.tenant_keks (tenant_id, gen, epoch, wrapped, created_at)
                VALUES (\(tenant), \(Int64(generation)), \(epoch), \(DBValue.blob(wrappedKEK)), \(now))
                """
            )
            try await Keystore.bumpRevision(tenant, on: sql)
            try await self.record("key.rewrapped", tenant, ["epoch": .int(epoch), "kek_generation": .int(Int64(generation))], on: sql)
        }
        self.keys.invalidate(tenant)
    }

    /// Destroys retiring epoch keys whose grace period has passed and that no tenant key still depends on.
    /// Returns the destroyed epochs.
    @discardableResult
    public func destroyExpiredEpochs() async throws -> [Int64] {
        let now = self.store.clock.now()
        let due = try await self.store.read { sql in
            try await sql.all(
                .across(
                    .keyCheck,
                    """
                    SELECT epoch, key_ref FROM ks.kms_epochs e WHERE state = 'retiring' AND destroy_after <= \(now)
                    AND NOT EXISTS (SELECT 1 FROM ks.tenant_keks k WHERE k.epoch = e.epoch)
                    """)
            ).map { (try $0.int("epoch"), try $0.string("key_ref")) }
        }
        for (epoch, ref) in due {
            try await self.keys.provider.destroyEpochKey(ref)
            try await self.store.write { sql in
                try await sql.execute(
                    "UPDATE ks.kms_epochs SET state = 'destroyed', destroyed_at = \(now) WHERE epoch = \(epoch)"
                )
                // Every tenant's keys were once wrapped under it: each tenant's log says when it went.
                let tenants = try await sql.all(.across(.keyCheck, "SELECT tenant_id FROM ks.tenant_key_state ORDER BY tenant_id"))
                for row in tenants {
                    try await self.record("key.epoch_destroyed", TenantID(try row.int("tenant_id")), ["epoch": .int(epoch)], on: sql)
                }
            }
        }
        return due.map(\.0)
    }

    // MARK: Status

    public struct EpochStatus: Sendable {
        public let epoch: Int64
        public let state: String
        public let keyPresent: Bool
        public let destroyAfter: Timestamp?
    }

    public struct TenantStatus: Sendable {
        public let tenant: TenantID
        public let dataVersion: UInt32
        public let keyEncryptionGeneration: UInt32
        public let epoch: Int64
        public let subjectKeys: Int
        /// Envelopes per (scope, key version): "tenant" or "subject".
        public let envelopes: [String: [UInt32: Int]]
        public let plaintextValues: Int
    }

    public func epochs() async throws -> [EpochStatus] {
        let rows = try await self.store.read { sql in
            try await sql.all("SELECT epoch, key_ref, state, destroy_after FROM ks.kms_epochs ORDER BY epoch")
        }
        var result: [EpochStatus] = []
        for row in rows {
            result.append(
                EpochStatus(
                    epoch: try row.int("epoch"),
                    state: try row.string("state"),
                    keyPresent: await self.keys.provider.epochKeyExists(try row.string("key_ref")),
                    destroyAfter: try row.optionalTimestamp("destroy_after")
                )
            )
        }
        return result
    }

    public func status(_ tenant: TenantID) async throws -> TenantStatus {
        try await self.store.read { sql in
            guard let state = try await Keystore.state(tenant, on: sql) else { throw KeyError.erased("The keys of tenant \(tenant)") }
            let kek = try await sql.first("SELECT gen, epoch FROM ks.tenant_keks WHERE tenant_id = \(tenant) ORDER BY gen DESC LIMIT 1")
            let subjects = try await sql.scalar(
                "SELECT count(DISTINCT subject_id) AS n FROM ks.key_entries WHERE tenant_id = \(tenant) AND kind = 2"
            )
            var envelopes: [String: [UInt32: Int]] = [:]
            var plaintext = 0
            for table in SealedTable.all {
                for column in table.columns {
                    // The kind of value (envelope bytes or legacy clear text) and the envelope's scope and key version.
                    let select =
                        sql.dialect == .postgres
                        ? "SELECT 'blob' AS kind, upper(encode(substr(\(column), 3, 5), 'hex')) AS header, count(*) AS n"
                        : "SELECT typeof(\(column)) AS kind, hex(substr(\(column), 3, 5)) AS header, count(*) AS n"
                    let rows = try await sql.all(
                        SQL(raw: "\(select) FROM \(table.name) WHERE tenant_id = ")
                            + .tenant(tenant) + SQL(raw: " AND \(column) IS NOT NULL GROUP BY 1, 2")
                    )
                    for row in rows {
                        let count = Int(try row.int("n"))
                        guard try row.string("kind") == "blob" else {
                            plaintext += count
                            continue
                        }
                        let header = try row.string("header")
                        guard header.count == 10, let scope = UInt8(header.prefix(2), radix: 16),
                            let version = UInt32(header.suffix(8), radix: 16)
                        else { continue }
                        envelopes[scope == 1 ? "tenant" : "subject", default: [:]][version, default: 0] += count
                    }
                }
            }
            return TenantStatus(
                tenant: tenant,
                dataVersion: state.dataVersion,
                keyEncryptionGeneration: UInt32(try kek?.int("gen") ?? 0),
                epoch: try kek?.int("epoch") ?? 0,
                subjectKeys: Int(subjects),
                envelopes: envelopes,
                plaintextValues: plaintext
            )
        }
    }
}
