import Crypto
public import HavenCore
public import HavenCrypto
public import Logging
import Synchronization

/// Unwrapped keys for the running process, loaded from the keystore on first use and cached: one key-provider call
/// per tenant per process start, one keystore query per subject, HKDF once per (tenant, scope, version, table,
/// column). Nothing here is ever written to disk in clear.
///
/// Other processes on the same keystore (the CLI rotating keys, a second node) bump the tenant's `revision`; the
/// ring re-reads it at most every `refreshInterval` and drops what it cached for that tenant when it changed.
public final class KeyRing: Sendable {
    public let provider: any KeyProvider
    let clock: any HavenClock
    let random: any RandomSource
    let logger: Logger
    let nonces = NoncePool()
    let refreshInterval: Duration

    /// A class, so the hot path hands out a reference instead of copying five pre-keyed HMAC states.
    final class TenantEntry: Sendable {
        let tkeks: [UInt32: SymmetricKey]
        let dataVersion: UInt32
        let revision: Int64
        let checked: ContinuousClock.Instant
        let tdek: ScopeKeys
        let indexes: TenantIndexes

        /// The newest key-encryption key generation: the one new keys are wrapped under.
        var currentGeneration: UInt32 { self.tkeks.keys.max()! }
        var currentKEK: SymmetricKey { self.tkeks[self.currentGeneration]! }

        init(
            tkeks: [UInt32: SymmetricKey],
            dataVersion: UInt32,
            revision: Int64,
            checked: ContinuousClock.Instant,
            tdek: ScopeKeys,
            indexes: TenantIndexes
        ) {
            precondition(!tkeks.isEmpty, "a tenant entry needs its key-encryption key")
            self.tkeks = tkeks
            self.dataVersion = dataVersion
            self.revision = revision
            self.checked = checked
            self.tdek = tdek
            self.indexes = indexes
        }

        func checked(at instant: ContinuousClock.Instant) -> TenantEntry {
            TenantEntry(
                tkeks: self.tkeks, dataVersion: self.dataVersion,
                revision: self.revision, checked: instant, tdek: self.tdek, indexes: self.indexes
            )
        }
    }

    struct FieldKeyID: Hashable {
        let tenant: Int64
        let scope: KeyScope
        let version: UInt32
        let table: String
        let column: String
    }

    private let tenants = Mutex<[TenantID: TenantEntry]>([:])
    private let subjects = Mutex<[TenantID: [Int64: ScopeKeys]]>([:])
    private let fieldKeys = Mutex<[FieldKeyID: SymmetricKey]>([:])
    /// Derived keys are cheap to recompute (5 µs); the cache is bounded so a tenant with a million contacts does not
    /// keep a million derived keys.
    private static let fieldKeyLimit = 200_000

    public init(
        provider: any KeyProvider,
        clock: any HavenClock,
        random: any RandomSource,
        logger: Logger,
        refreshInterval: Duration = .seconds(2)
    ) {
        self.provider = provider
        self.clock = clock
        self.random = random
        self.logger = logger
        self.refreshInterval = refreshInterval
    }

    // MARK: Tenant keys

    static func context(_ tenant: TenantID, generation: UInt32) -> [String: String] {
        ["app": "haven", "tenant": String(tenant.rawValue), "purpose": "tkek", "gen": String(generation)]
    }

    static func slot(_ tenant: TenantID, kind: Int64, subject: String, version: UInt32) -> WrappedKey.Slot {
        WrappedKey.Slot(tenant: String(tenant.rawValue), kind: UInt8(kind), subject: subject, version: version)
    }

    private static func pendingTenant(_ tenant: TenantID) -> String { "keys.tenant.\(tenant)" }
    private static func pendingSubject(_ tenant: TenantID, _ subject: Int64) -> String { "keys.subject.\(tenant).\(subject)" }

    /// Creates a new tenant's key-encryption key (one provider call under the active epoch), its first data key
    /// and its blind-index root key, inside the caller's transaction.
    public func bootstrap(_ tenant: TenantID, on sql: SQLExecutor) async throws {
        let now = self.clock.now()
        let epoch = try await Keystore.activeEpoch(on: sql)
        let (tkek, wrappedTKEK) = try await self.provider.generateDataKey(
            epochKey: epoch.keyRef,
            context: Self.context(tenant, generation: 1)
        )
        try await sql.execute(
            """
            INSERT INTO ks.tenant_keks (tenant_id, gen, epoch, wrapped, created_at)
            VALUES (\(tenant), 1, \(epoch.epoch), \(DBValue.blob(wrappedTKEK)), \(now))
            """
        )
        try await sql.execute(
            "INSERT INTO ks.tenant_key_state (tenant_id, data_version, revision) VALUES (\(tenant), 1, 1)"
        )
        let tdek = try await self.createEntry(tenant, kind: 1, subject: "", version: 1, kek: tkek, generation: 1, on: sql)
        let root = try await self.createEntry(tenant, kind: 3, subject: "", version: 1, kek: tkek, generation: 1, on: sql)
        let entry = TenantEntry(
            tkeks: [1: tkek],
            dataVersion: 1,
            revision: 1,
            checked: .now,
            tdek: ScopeKeys(primary: 1, versions: [1: tdek]),
            indexes: TenantIndexes(root: root)
        )
        self.remember(entry, for: tenant, on: sql)
    }

    /// A fresh random key, wrapped under `kek` (generation `generation`) and stored as the keystore entry
    /// (kind, subject, version), in the caller's transaction.
    func createEntry(
        _ tenant: TenantID,
        kind: Int64,
        subject: String,
        version: UInt32,
        kek: SymmetricKey,
        generation: UInt32,
        on sql: SQLExecutor
    ) async throws -> SymmetricKey {
        let key = SymmetricKey(data: self.random.bytes(count: 32))
        let wrapped = try WrappedKey.wrap(
            key, under: kek, generation: generation, slot: Self.slot(tenant, kind: kind, subject: subject, version: version)
        )
        try await Keystore.insertEntry(
            tenant, kind: kind, subject: subject, version: version, generation: generation, wrapped: wrapped,
            at: self.clock.now(), on: sql
        )
        return key
    }

    private func remember(_ entry: TenantEntry, for tenant: TenantID, on sql: SQLExecutor) {
        if let scope = sql.transaction {
            scope.setPending(Self.pendingTenant(tenant), entry)
            scope.afterCommit { self.tenants.withLock { $0[tenant] = entry } }
        } else {
            self.tenants.withLock { $0[tenant] = entry }
        }
    }

    func tenantEntry(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TenantEntry {
        if let pending = sql.transaction?.pending(Self.pendingTenant(tenant), as: TenantEntry.self) {
            return pending
        }
        if let cached = self.tenants.withLock({ $0[tenant] }) {
            if ContinuousClock.now - cached.checked < self.refreshInterval { return cached }
            let revision = try await Keystore.revision(tenant, on: sql)
            if revision == cached.revision {
                let refreshed = cached.checked(at: .now)
                self.tenants.withLock { $0[tenant] = refreshed }
                return refreshed
            }
            self.invalidate(tenant)
        }
        let entry = try await self.load(tenant, on: sql)
        self.tenants.withLock { $0[tenant] = entry }
        return entry
    }

    /// The tenant's keys as the keystore has them now — for writing key material. A cached entry may be up to
    /// `refreshInterval` old; wrapping a new key under a key-encryption key another process has just replaced (keys
    /// new-epoch) would leave that key unopenable once the old one is deleted. Inside a write transaction no other
    /// process can change the keystore, so one revision check makes the entry exact.
    func currentEntry(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TenantEntry {
        let entry = try await self.tenantEntry(tenant, on: sql)
        if sql.transaction?.pending(Self.pendingTenant(tenant), as: TenantEntry.self) != nil { return entry }
        guard try await Keystore.revision(tenant, on: sql) != entry.revision else { return entry }
        self.invalidate(tenant)
        return try await self.tenantEntry(tenant, on: sql)
    }

    private func load(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TenantEntry {
        guard let state = try await Keystore.state(tenant, on: sql) else {
            throw KeyError.erased("Tenant \(tenant)")
        }
        var tkeks: [UInt32: SymmetricKey] = [:]
        for row in try await Keystore.tenantKEKs(tenant, on: sql) {
            let generation = UInt32(try row.int("gen"))
            tkeks[generation] = try await self.provider.decryptDataKey(
                try row.bytes("wrapped"),
                epochKey: try row.string("key_ref"),
                context: Self.context(tenant, generation: generation)
            )
        }
        guard !tkeks.isEmpty else { throw KeyError.erased("Tenant \(tenant)") }
        let tdek = try await self.loadScope(tenant, kind: 1, subject: "", tkeks: tkeks, on: sql)
        let roots = try await self.loadScope(tenant, kind: 3, subject: "", tkeks: tkeks, on: sql)
        guard let tdek, let roots, let root = roots.versions[roots.primary] else {
            throw KeyError.erased("Tenant \(tenant)")
        }
        return TenantEntry(
            tkeks: tkeks,
            dataVersion: state.dataVersion,
            revision: state.revision,
            checked: .now,
            tdek: tdek,
            indexes: TenantIndexes(root: root)
        )
    }

    private func loadScope(
        _ tenant: TenantID,
        kind: Int64,
        subject: String,
        tkeks: [UInt32: SymmetricKey],
        on sql: SQLExecutor
    ) async throws -> ScopeKeys? {
        let rows = try await Keystore.entries(tenant, kind: kind, subject: subject, on: sql)
        guard !rows.isEmpty else { return nil }
        var versions: [UInt32: SymmetricKey] = [:]
        var primary: UInt32 = 0
        for row in rows {
            let version = UInt32(try row.int("version"))
            let wrapped = try row.bytes("wrapped")
            let generation = try WrappedKey.generation(of: wrapped)
            guard let tkek = tkeks[generation] else {
                throw KeyError.unwrapFailed(
                    "\(KeyScope.describe(kind: kind, subject: subject)) v\(version) (its key-encryption key is gone)")
            }
            do {
                versions[version] = try WrappedKey.unwrap(
                    wrapped, under: tkek, slot: Self.slot(tenant, kind: kind, subject: subject, version: version))
            } catch {
                throw KeyError.unwrapFailed("\(KeyScope.describe(kind: kind, subject: subject)) v\(version) of tenant \(tenant)")
            }
            if try row.int("status") == 1 || primary == 0 { primary = max(primary, version) }
        }
        return ScopeKeys(primary: primary, versions: versions)
    }

    // MARK: Scope keys

    /// The keys for `scope`. A subject without keys gets its first key when `create` is set (on the writer, inside
    /// the caller's transaction); otherwise its absence means it was erased.
    public func scopeKeys(_ tenant: TenantID, _ scope: KeyScope, create: Bool = false, on sql: SQLExecutor) async throws -> ScopeKeys {
        let entry = try await self.tenantEntry(tenant, on: sql)
        if case .secret(let id) = scope { return try await self.secretKeys(tenant, id, entry: entry, create: create, on: sql) }
        guard case .subject(let subject) = scope else { return entry.tdek }
        if let pending = sql.transaction?.pending(Self.pendingSubject(tenant, subject), as: ScopeKeys.self) {
            return pending
        }
        if let cached = self.subjects.withLock({ $0[tenant]?[subject] }) { return cached }
        if let loaded = try await self.loadScope(tenant, kind: 2, subject: String(subject), tkeks: entry.tkeks, on: sql) {
            self.rememberSubject(tenant, subject, loaded)
            return loaded
        }
        guard create, sql.isWriter else { throw KeyError.erased("User \(subject)") }
        let current = try await self.currentEntry(tenant, on: sql)
        let version = current.dataVersion
        let key = try await self.createEntry(
            tenant, kind: 2, subject: String(subject), version: version, kek: current.currentKEK,
            generation: current.currentGeneration, on: sql
        )
        let keys = ScopeKeys(primary: version, versions: [version: key])
        if let transaction = sql.transaction {
            transaction.setPending(Self.pendingSubject(tenant, subject), keys)
            transaction.afterCommit { self.rememberSubject(tenant, subject, keys) }
        }
        return keys
    }

    /// A secure value's own key (kind 4): never cached (a value is read rarely, by few), created inside the writer's
    /// transaction that stores the value, gone once `eraseSecret` destroyed it.
    private func secretKeys(_ tenant: TenantID, _ id: Int64, entry: TenantEntry, create: Bool, on sql: SQLExecutor) async throws
        -> ScopeKeys
    {
        if let loaded = try await self.loadScope(tenant, kind: 4, subject: String(id), tkeks: entry.tkeks, on: sql) { return loaded }
        guard create, sql.isWriter else { throw KeyError.erased("Secure value \(id)") }
        let current = try await self.currentEntry(tenant, on: sql)
        let key = try await self.createEntry(
            tenant, kind: 4, subject: String(id), version: 1, kek: current.currentKEK, generation: current.currentGeneration, on: sql)
        return ScopeKeys(primary: 1, versions: [1: key])
    }

    /// Destroys a secure value's key (its ticket was resolved or closed): the value, in this database and every copy,
    /// can no longer be opened. Returns whether there was a key.
    @discardableResult
    public func eraseSecret(_ tenant: TenantID, _ id: Int64, on sql: SQLExecutor) async throws -> Bool {
        let existed: Int64 = try await sql.scalar(
            "SELECT count(*) FROM ks.key_entries WHERE tenant_id = \(tenant) AND kind = 4 AND subject_id = \(String(id))")
        try await sql.execute("DELETE FROM ks.key_entries WHERE tenant_id = \(tenant) AND kind = 4 AND subject_id = \(String(id))")
        if existed > 0 { try await Keystore.bumpRevision(tenant, on: sql) }
        let forget: @Sendable () -> Void = { self.forgetScope(tenant, .secret(id)) }
        if let transaction = sql.transaction { transaction.invalidate(forget) } else { forget() }
        return existed > 0
    }

    /// Person keys are cached per tenant up to `subjectLimit`; past it the tenant's cache starts over (a reload is
    /// one keystore query per person), so memory stays bounded however many people a tenant has.
    private static let subjectLimit = 100_000

    private func rememberSubject(_ tenant: TenantID, _ subject: Int64, _ keys: ScopeKeys) {
        self.subjects.withLock { cache in
            if cache[tenant]?.count ?? 0 >= Self.subjectLimit { cache[tenant] = [:] }
            cache[tenant, default: [:]][subject] = keys
        }
    }

    public func sealer(_ tenant: TenantID, _ scope: KeyScope, create: Bool = false, on sql: SQLExecutor) async throws -> Sealer {
        Sealer(ring: self, tenant: tenant, scope: scope, keys: try await self.scopeKeys(tenant, scope, create: create, on: sql))
    }

    public func indexes(_ tenant: TenantID, on sql: SQLExecutor) async throws -> TenantIndexes {
        try await self.tenantEntry(tenant, on: sql).indexes
    }

    func fieldKey(_ tenant: TenantID, _ scope: KeyScope, version: UInt32, key: SymmetricKey, table: String, column: String) -> SymmetricKey
    {
        let id = FieldKeyID(tenant: tenant.rawValue, scope: scope, version: version, table: table, column: column)
        if let cached = self.fieldKeys.withLock({ $0[id] }) { return cached }
        let derived = KeyDerivation.fieldKey(from: key, table: table, column: column)
        self.fieldKeys.withLock { cache in
            if cache.count >= Self.fieldKeyLimit { cache.removeAll(keepingCapacity: true) }
            cache[id] = derived
        }
        return derived
    }

    // MARK: Erasure and invalidation

    /// Crypto-shredding of one data subject: deletes every version of its key inside the caller's transaction and
    /// drops it from memory once that commits. Whatever was sealed under it — in this database and in every copy —
    /// can no longer be opened with this keystore.
    public func eraseSubject(_ tenant: TenantID, _ subject: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute(
            "DELETE FROM ks.key_entries WHERE tenant_id = \(tenant) AND kind = 2 AND subject_id = \(String(subject))"
        )
        try await Keystore.bumpRevision(tenant, on: sql)
        let forget: @Sendable () -> Void = { self.forgetSubject(tenant, subject) }
        if let transaction = sql.transaction { transaction.invalidate(forget) } else { forget() }
    }

    /// The versions of a data subject's key that exist (what erasing it destroys: its deletion receipt names them).
    public func subjectKeyVersions(_ tenant: TenantID, _ subject: Int64, on sql: SQLExecutor) async throws -> [Int64] {
        try await sql.all(
            """
            SELECT version FROM ks.key_entries WHERE tenant_id = \(tenant) AND kind = 2 AND subject_id = \(String(subject))
            ORDER BY version
            """
        ).map { try $0.int("version") }
    }

    /// Deletes every key of a tenant (its purge): all its data, in every copy, becomes unreadable. Returns the key
    /// versions destroyed, by kind of key (tenant data key, blind-index root key, person keys: their versions, the
    /// people unnamed).
    @discardableResult
    public func eraseTenant(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [(String, [Int64])] {
        var destroyed: [(String, [Int64])] = []
        for row in try await sql.all(
            "SELECT kind, version FROM ks.key_entries WHERE tenant_id = \(tenant) ORDER BY kind, subject_id, version")
        {
            let kind = try row.int("kind")
            let name = kind == 1 ? "tenant data key" : kind == 2 ? "person keys" : kind == 4 ? "secure value keys" : "blind-index root key"
            if let index = destroyed.firstIndex(where: { $0.0 == name }) {
                destroyed[index].1.append(try row.int("version"))
            } else {
                destroyed.append((name, [try row.int("version")]))
            }
        }
        try await sql.execute("DELETE FROM ks.key_entries WHERE tenant_id = \(tenant)")
        try await sql.execute("DELETE FROM ks.tenant_keks WHERE tenant_id = \(tenant)")
        try await sql.execute("DELETE FROM ks.tenant_key_state WHERE tenant_id = \(tenant)")
        sql.changed(.keys(tenant)) { self.invalidate(tenant) }
        return destroyed
    }

    private func forgetSubject(_ tenant: TenantID, _ subject: Int64) {
        _ = self.subjects.withLock { $0[tenant]?.removeValue(forKey: subject) }
        self.forgetScope(tenant, .subject(subject))
    }

    /// Drops the field keys derived from a destroyed scope key.
    private func forgetScope(_ tenant: TenantID, _ scope: KeyScope) {
        self.fieldKeys.withLock { cache in
            cache = cache.filter { !($0.key.tenant == tenant.rawValue && $0.key.scope == scope) }
        }
    }

    /// Forgets every tenant's keys (change notices may have been missed); each is reloaded on its next use.
    public func invalidateAll() {
        self.tenants.withLock { $0.removeAll() }
        self.subjects.withLock { $0.removeAll() }
        self.fieldKeys.withLock { $0.removeAll() }
    }

    /// Forgets everything cached for a tenant; the next use reloads from the keystore.
    public func invalidate(_ tenant: TenantID) {
        _ = self.tenants.withLock { $0.removeValue(forKey: tenant) }
        _ = self.subjects.withLock { $0.removeValue(forKey: tenant) }
        self.fieldKeys.withLock { cache in cache = cache.filter { $0.key.tenant != tenant.rawValue } }
    }
}

extension KeyScope {
    static func describe(kind: Int64, subject: String) -> String {
        switch kind {
        case 1: return "the tenant data key"
        case 2: return "the subject key of user \(subject)"
        case 4: return "the key of secure value \(subject)"
        default: return "the blind-index root key"
        }
    }
}
