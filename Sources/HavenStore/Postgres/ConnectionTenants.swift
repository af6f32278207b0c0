import HavenCore
import Synchronization

/// The tenant each pooled connection's *session* is set to, so a read transaction on a connection that already
/// serves its tenant skips the `set_config` round trip (a ticket view is then five round trips, not six).
///
/// Reads set the tenant for the session (`set_config(…, false)`), which outlives the transaction; writes set it
/// for the transaction only (with the tenant's lock) and leave the session's as it was. A setting made inside a
/// transaction holds only if the transaction commits, so an entry is forgotten before the statement that changes
/// it is sent and written again once the transaction has committed: a connection is "unknown" (no entry) whenever
/// anything went otherwise, and an unknown connection is set again rather than trusted.
///
/// The wall stays as strict as with transaction-local settings: a statement that names no tenant, run before its
/// transaction has named one, must not see the tenant a previous transaction left on the connection, so the session
/// is cleared first unless it is known to be clear (`PostgresSession.query`).
final class ConnectionTenants: Sendable {
    /// Connection id → the session's tenant, nil when known to be clear. No entry: unknown.
    private let settings = Mutex<[Int: TenantID?]>([:])
    /// Entries of closed connections are never removed one by one; past this many all are forgotten (every
    /// connection is then unknown, which costs one `set_config` each, never a wrong tenant).
    private let limit = 4096

    /// The session's tenant: `.some(nil)` when known to be clear, nil when unknown.
    func setting(of connection: Int) -> TenantID?? {
        self.settings.withLock { $0[connection] }
    }

    func forget(_ connection: Int) {
        _ = self.settings.withLock { $0.removeValue(forKey: connection) }
    }

    func record(_ tenant: TenantID?, for connection: Int) {
        self.settings.withLock { settings in
            if settings.count >= self.limit { settings.removeAll() }
            settings[connection] = .some(tenant)
        }
    }
}
