public import HavenCore
public import HavenStore
public import Logging
import Synchronization

/// Security events — failed API authentication, rate-limit trips, permission denials — counted per clock minute and
/// written as one audit entry per tenant, kind, caller (the agent; none when unauthenticated), source address and
/// route, so an attack cannot flood the log: a million failed requests in a minute from one address are one entry
/// with a count. Failed authentications are aggregated by address (an IPv6 /64 counting as one) whatever keys they
/// try — the key prefixes are details (the first few) — and one address makes at most `maxTenantsPerAddress`
/// entries a minute however many tenants it aims at; the rest are counted in the application log. The counts live in
/// memory until `flush` writes the minutes that have ended (a service calls it every few seconds, and once more, for
/// everything, at shutdown).
public final class SecurityEvents: Sendable {
    public enum Kind: String, Sendable {
        case authenticationFailed = "security.authentication_failed"
        case rateLimited = "security.rate_limited"
        case permissionDenied = "security.permission_denied"
        /// A request refused because its address is blocked after failed authentications (counted in the application
        /// log only: refusing must stay cheap, so the tenant is not looked up).
        case authenticationThrottled = "security.authentication_throttled"
        /// A request from an address the tenant's (or the key's) IP allowlist does not hold.
        case addressRefused = "security.address_refused"
        /// A failed sign-in to the console or the portal (wrong password, unknown e-mail, wrong code).
        case signInFailed = "security.sign_in_failed"
        /// A form posted without the session's CSRF token or from another site.
        case forgeryRefused = "security.csrf_refused"
    }

    struct Bucket: Hashable {
        var tenant: TenantID?
        var kind: Kind
        var agent: UserID?
        var keyID: APIKeyID?
        var sourceIP: String?
        var route: String?
        var minute: Int64
    }

    struct Tally {
        var count: Int
        var first: Timestamp
        var last: Timestamp
        /// The first distinct key prefixes a failing address tried, and whether there were more.
        var keyPrefixes: [String] = []
        var morePrefixes = false
        /// When the address was blocked by the failed-authentication throttle during this minute.
        var blockedAt: Timestamp?
    }

    /// Key prefixes kept per entry.
    static let maxKeyPrefixes = 5
    /// Entries one address can make per minute for failed authentication (one per tenant aimed at).
    static let maxTenantsPerAddress = 10

    /// Beyond this many distinct buckets in memory, new callers of a tenant and kind share one overflow bucket
    /// (no key prefix, no address): memory and the log stay bounded under any spread of addresses.
    static let maxBuckets = 10_000

    private let clock: any HavenClock
    private let pending = Mutex<[Bucket: Tally]>([:])
    /// Failed-authentication entries per address in the current minute.
    private let perAddress = Mutex<(minute: Int64, counts: [String: Int])>((0, [:]))

    public init(clock: any HavenClock) {
        self.clock = clock
    }

    /// A failed authentication. `tenant` is the tenant the request was aimed at (its host, or the key's tenant),
    /// nil when neither names one; `blocked` when this failure got the address throttled.
    public func authenticationFailed(tenant: TenantID?, keyPrefix: String?, sourceIP: String?, blocked: Bool = false) {
        let address = sourceIP.map(ClientAddress.aggregate)
        var bucket = Bucket(tenant: tenant, kind: .authenticationFailed, sourceIP: address, minute: 0)
        if tenant != nil, let address, !self.admitsEntry(from: address, bucket) { bucket.tenant = nil }
        self.count(bucket) { tally, now in
            if let keyPrefix, !tally.keyPrefixes.contains(keyPrefix) {
                if tally.keyPrefixes.count < Self.maxKeyPrefixes { tally.keyPrefixes.append(keyPrefix) } else { tally.morePrefixes = true }
            }
            if blocked { tally.blockedAt = now }
        }
    }

    /// Whether an address may open another failed-authentication entry this minute (an entry it already has is fine).
    private func admitsEntry(from address: String, _ bucket: Bucket) -> Bool {
        let now = self.clock.now()
        var bucket = bucket
        bucket.minute = now.secondsSince1970 / 60
        if self.pending.withLock({ $0[bucket] != nil }) { return true }
        return self.perAddress.withLock { state in
            if state.minute != bucket.minute { state = (bucket.minute, [:]) }
            let made = state.counts[address, default: 0]
            guard made < Self.maxTenantsPerAddress else { return false }
            state.counts[address] = made + 1
            return true
        }
    }

    public func throttled() {
        self.count(Bucket(tenant: nil, kind: .authenticationThrottled, minute: 0))
    }

    /// A refused request of a known tenant, by the caller when known (agent, key), per route and address.
    public func rejected(_ kind: Kind, tenant: TenantID, agent: UserID?, keyID: APIKeyID?, route: String, sourceIP: String?) {
        self.count(Bucket(tenant: tenant, kind: kind, agent: agent, keyID: keyID, sourceIP: sourceIP, route: route, minute: 0))
    }

    private func count(_ bucket: Bucket, update: (inout Tally, Timestamp) -> Void = { _, _ in }) {
        let now = self.clock.now()
        var bucket = bucket
        bucket.minute = now.secondsSince1970 / 60
        self.pending.withLock { pending in
            if pending[bucket] == nil, pending.count >= Self.maxBuckets {
                bucket.sourceIP = nil
                bucket.agent = nil
                bucket.keyID = nil
                bucket.route = nil
            }
            var tally = pending[bucket] ?? Tally(count: 0, first: now, last: now)
            tally.count += 1
            tally.last = now
            update(&tally, now)
            pending[bucket] = tally
        }
    }

    /// Writes every bucket of a minute that has ended (all of them when `all`), one transaction per tenant, and
    /// returns how many entries it wrote. Failed authentications aimed at no tenant go to the application log as a
    /// count (no address: application logs carry no personal data).
    @discardableResult
    public func flush(store: Store, all: Bool = false, logger: Logger) async throws -> Int {
        let currentMinute = self.clock.now().secondsSince1970 / 60
        let due = self.pending.withLock { pending -> [(Bucket, Tally)] in
            let due = pending.filter { all || $0.key.minute < currentMinute }
            for bucket in due.keys { pending[bucket] = nil }
            return due.map { ($0.key, $0.value) }.sorted { $0.1.first < $1.1.first }
        }
        var written = 0
        let byTenant = Dictionary(grouping: due, by: { $0.0.tenant })
        for (tenant, buckets) in byTenant.sorted(by: { ($0.key?.rawValue ?? 0) < ($1.key?.rawValue ?? 0) }) {
            guard let tenant else {
                for (kind, ofKind) in Dictionary(grouping: buckets, by: { $0.0.kind }) {
                    let total = ofKind.reduce(0) { $0 + $1.1.count }
                    logger.warning("\(kind.rawValue) for no tenant", metadata: ["count": .stringConvertible(total)])
                }
                continue
            }
            do {
                try await store.write { sql in
                    for (bucket, tally) in buckets {
                        try await store.audit.record(Self.event(tenant, bucket, tally), on: sql)
                    }
                }
                written += buckets.count
            } catch StoreError.constraintViolation {
                // The tenant was purged meanwhile: its log went with it.
                continue
            }
        }
        return written
    }

    static func event(_ tenant: TenantID, _ bucket: Bucket, _ tally: Tally) -> AuditEvent {
        var details = JSONObject([
            ("count", .int(Int64(tally.count))), ("first_at", .timestamp(tally.first)), ("last_at", .timestamp(tally.last)),
        ])
        if !tally.keyPrefixes.isEmpty { details.append("key_prefixes", .strings(tally.keyPrefixes)) }
        if tally.morePrefixes { details.append("more_key_prefixes", .bool(true)) }
        if let blockedAt = tally.blockedAt { details.append("address_blocked_at", .timestamp(blockedAt)) }
        if let route = bucket.route { details.append("route", .string(route)) }
        let actor: AuditActor = bucket.agent.map { .agent($0, apiKey: bucket.keyID) } ?? .anonymous
        return AuditEvent(
            tenant: tenant, occurredAt: tally.first, actor: actor, action: bucket.kind.rawValue,
            targetType: bucket.route == nil ? nil : "route", targetID: bucket.route, details: details,
            sourceIP: bucket.sourceIP
        )
    }
}
