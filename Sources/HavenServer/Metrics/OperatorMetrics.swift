import CoreMetrics
import HavenCore
public import HavenStore
public import HavenTLS
import Prometheus
import Synchronization

/// What `/metrics` tells an operator, in Prometheus's text format: requests by route pattern and status with their
/// latency, the database pool's use, background job runs and failures, each served certificate's expiry, and TLS
/// handshakes per served name. Labels carry code's names (route patterns, job names) and the host names Haven
/// serves — never an id, an address, a person's data or anything a client chose. Each server has its own registry
/// (several test servers share one process), so nothing here touches swift-metrics' global bootstrap.
public final class OperatorMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let database: HavenDatabase
    private let certificates: CertificateStore
    /// Handshake counts already reported, per label (the certificate store keeps running totals).
    private let reportedHandshakes = Mutex<[String: Int]>([:])
    /// Domains whose expiry is reported, so a removed certificate's series goes too.
    private let expiring = Mutex<[String: CoreMetrics.Gauge]>([:])

    public init(database: HavenDatabase, certificates: CertificateStore) {
        self.factory = PrometheusMetricsFactory(registry: self.registry)
        self.database = database
        self.certificates = certificates
    }

    /// One answered request: its route pattern (`RequestRoute`), status and time taken.
    func request(route: String, status: Int, duration: Duration) {
        CoreMetrics.Counter(
            label: "haven_http_requests_total", dimensions: [("route", route), ("status", String(status))], factory: self.factory
        )
        .increment()
        CoreMetrics.Timer(label: "haven_http_request_duration_seconds", dimensions: [("route", route)], factory: self.factory)
            .recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// One run of a background job (a periodic round or a queued job): `done`, `failed`, or `skipped` (another node
    /// held its lease).
    func jobRun(_ job: String, outcome: String) {
        CoreMetrics.Counter(label: "haven_job_runs_total", dimensions: [("job", job), ("outcome", outcome)], factory: self.factory)
            .increment()
    }

    /// The served certificates' expiry times (seconds since 1970), replacing what was reported before.
    func certificatesServed(_ expiries: [String: Int64]) {
        self.expiring.withLock { gauges in
            for (domain, gauge) in gauges where expiries[domain] == nil {
                gauge.destroy()
                gauges[domain] = nil
            }
            for (domain, notAfter) in expiries {
                let gauge =
                    gauges[domain]
                    ?? CoreMetrics.Gauge(
                        label: "haven_certificate_expiry_timestamp_seconds", dimensions: [("domain", domain)], factory: self.factory)
                gauge.record(notAfter)
                gauges[domain] = gauge
            }
        }
    }

    /// The exposition: values read at scrape time (pool use, handshakes) are brought up to date first.
    func exposition() -> [UInt8] {
        CoreMetrics.Gauge(label: "haven_database_transactions_running", factory: self.factory).record(self.database.transactionsRunning)
        CoreMetrics.Gauge(label: "haven_database_connections_limit", factory: self.factory).record(self.database.connectionLimit)
        let counts = self.certificates.counts
        var totals = counts.byName
        totals["(unknown name)"] = counts.defaultForUnknownName
        totals["(no name)"] = counts.defaultWithoutName
        self.reportedHandshakes.withLock { reported in
            for (name, total) in totals where total > reported[name, default: 0] {
                CoreMetrics.Counter(label: "haven_tls_handshakes_total", dimensions: [("server_name", name)], factory: self.factory)
                    .increment(by: total - reported[name, default: 0])
                reported[name] = total
            }
        }
        var bytes: [UInt8] = []
        self.registry.emit(into: &bytes)
        return bytes
    }
}
