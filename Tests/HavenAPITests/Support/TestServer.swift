import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOSSL

/// A real Haven server for a test: a fresh SQLite file in a temporary directory, opened through the composition
/// root `haven serve` uses, tenants provisioned through the same code the CLI uses, and the whole server
/// (`HavenServer`, with its services) on system-chosen loopback ports; the test talks to the plain-HTTP listener,
/// which serves the API to loopback clients (`--http-api-on-loopback`).
///
/// With `HAVEN_TEST_DATABASE=postgres` the server runs on a database of its own (one per data directory) on the tests' PostgreSQL
/// instead (migrated by its owner, used by the node role under the wall): `scripts/test` runs the end-to-end
/// suites that way too, so both engines pass them.
struct TestServer: Sendable {
    static let epoch = Timestamp(secondsSince1970: 1_714_557_600)  // 2024-05-01T10:00:00Z

    /// The engine fresh test servers run on.
    static let engine: StorageEngine = ProcessInfo.processInfo.environment["HAVEN_TEST_DATABASE"] == "postgres" ? .postgres : .sqlite

    let helpdesk: Helpdesk
    let clock: ManualClock
    let directory: String
    let tenants: [TestTenant]
    let configuration: ServerConfiguration
    /// The server's security-event counts: `flushSecurityEvents()` writes them to the audit log now.
    let securityEvents: SecurityEvents
    /// The HTTPS listener's port (the test's client talks to the plain-HTTP one).
    let httpsPort: Int

    var store: Store { self.helpdesk.store }

    struct TestTenant: Sendable {
        let tenant: Tenant
        let agentID: UserID
        let apiKey: String
        var host: String { "\(self.tenant.subdomain).localhost" }
    }

    /// `directory` and `keyDirectory` run the server on existing files (kept afterwards); `existing` names tenants
    /// already in them instead of provisioning new ones.
    static func start<T: Sendable>(
        tenants subdomains: [String] = ["alpha"],
        rateLimit: Int = 1_000_000,
        maxBodyBytes: Int = 64 * 1024,
        directory given: String? = nil,
        engine: StorageEngine = TestServer.engine,
        keyDirectory: String? = nil,
        existing: [TestTenant]? = nil,
        clock: ManualClock = ManualClock(TestServer.epoch),
        logHandler: CapturingLogHandler? = nil,
        mailDomain: String? = nil,
        localSmarthosts: Bool = false,
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer, TestHTTPClient) async throws -> T
    ) async throws -> T {
        let directory = given ?? NSTemporaryDirectory() + "haven-test-" + UUID().uuidString
        defer { if given == nil { try? FileManager.default.removeItem(atPath: directory) } }
        // With a capturing handler everything down to trace is kept (the log scan); otherwise only critical lines.
        var logger = logHandler.map { handler in Logger(label: "haven-test") { _ in handler } } ?? Logger(label: "haven-test")
        // `HAVEN_TEST_LOG=warning` (or another level) shows the server's own log while a test is investigated.
        let shown = ProcessInfo.processInfo.environment["HAVEN_TEST_LOG"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = logHandler == nil ? shown ?? .critical : .trace
        var settings = HelpdeskSettings()
        settings.mailDomainOverride = mailDomain
        // Tenants' smarthosts in these tests are aiosmtpd on loopback.
        settings.tenantSmarthostsMayBeLocal = localSmarthosts
        var databaseURL: DatabaseURL?
        if engine == .postgres {
            // A copy of the template `haven migrate` prepared, as an operator's database is before `serve`.
            databaseURL = try await PostgresServer.shared().database(for: directory).node
        }
        let helpdesk = try await Composition.open(
            // Few connections each: dozens of test servers share the one PostgreSQL.
            Composition.Storage(dataDirectory: directory, keyDirectory: keyDirectory, databaseURL: databaseURL, databaseConnections: 4),
            settings: settings,
            clock: clock, logger: logger)
        var tenants: [TestTenant] = existing ?? []
        do {
            for subdomain in existing == nil ? subdomains : [] {
                let created = try await Provisioning(store: helpdesk.store, actor: .cli("test")).createTenant(
                    name: subdomain.capitalized, subdomain: subdomain, adminEmail: "admin@\(subdomain).example",
                    adminName: "\(subdomain.capitalized) Admin")
                tenants.append(TestTenant(tenant: created.tenant, agentID: created.agentID, apiKey: created.apiKey))
            }
        } catch {
            await helpdesk.store.database.close()
            throw error
        }
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.keyDirectory = keyDirectory
        configuration.databaseURL = databaseURL
        configuration.databaseConnections = 4
        configuration.httpPort = 0
        configuration.httpsPort = 0
        configuration.httpAPIOnLoopback = true
        configuration.metrics?.port = 0
        configuration.api.rateLimitPerMinute = rateLimit
        configuration.api.maxBodyBytes = maxBodyBytes
        // Tests fail authentication on purpose, all from 127.0.0.1; the throttle's own tests lower this.
        configuration.authenticationFailuresPerMinute = 1_000_000
        configuration.mail.domain = mailDomain
        // A test's own tasks can stall for seconds while sibling suites hold the cooperative threads, and the
        // server's timers (on its event loops) run on: an idle keep-alive connection must not be closed under a test
        // that merely waited (`CLITests.patientServer`; `ConnectionGovernanceTests` sets the timeouts it tests).
        configuration.connections.requestHeadTimeout = .seconds(600)
        configuration.connections.keepAliveTimeout = .seconds(600)
        configure(&configuration)
        let securityEvents = SecurityEvents(clock: clock)
        let (provisioned, settled) = (tenants, configuration)
        return try await RunningServer.run(helpdesk, configuration, securityEvents: securityEvents, logger: logger) { running in
            let server = TestServer(
                helpdesk: helpdesk, clock: clock, directory: directory, tenants: provisioned, configuration: settled,
                securityEvents: securityEvents, httpsPort: running.httpsPort)
            let http = TestHTTPClient(port: running.httpPort)
            do {
                let value = try await body(server, http)
                await http.shutdown()
                return value
            } catch {
                await http.shutdown()
                throw error
            }
        }
    }

    func flushSecurityEvents() async throws {
        try await self.securityEvents.flush(store: self.store, all: true, logger: Logger(label: "test"))
    }

    /// Rows in every tenant table, to assert that a rejected request changed nothing.
    func rowCounts() async throws -> [String: Int64] {
        let tables = [
            "tenants", "users", "idx.email_tokens", "idx.ticket_terms", "ks.key_entries", "agents", "api_keys", "roles", "groups",
            "group_agents", "companies",
            "tickets", "ticket_tags", "conversations", "time_entries", "ticket_fields", "jobs", "audit_events",
        ]
        // Word tokens of new tickets are written just after their create (TermIndexer): settle them first.
        for tenant in self.tenants {
            try await TermIndexer.catchUp(tenant.tenant.id, store: self.store)
        }
        return try await self.store.read { sql in
            var counts: [String: Int64] = [:]
            for table in tables {
                guard sql.dialect == .postgres, table != "tenants" else {
                    counts[table] = try await sql.scalar(SQL(raw: "SELECT count(*) AS n FROM \(table)"))
                    continue
                }
                // Under the wall a count is per tenant: the sum over the test's tenants.
                for tenant in self.tenants.map(\.tenant.id) {
                    counts[table, default: 0] += try await sql.scalar(
                        SQL(raw: "SELECT count(*) AS n FROM \(table) WHERE tenant_id = ") + "\(tenant)")
                }
            }
            return counts
        }
    }
}

/// A response with its body parsed (when JSON).
struct HTTPResult: Sendable {
    let status: Int
    let headers: HTTPFields
    let bytes: [UInt8]

    var text: String { String(decoding: self.bytes, as: UTF8.self) }
    var json: JSONValue? { try? JSONParser.parse(self.bytes) }
    var object: JSONObject? { self.json?.objectValue }
    var array: [JSONValue]? { self.json?.arrayValue }

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { self.headers[$0] }
    }
}

/// Sends requests to the live test server as a Freshdesk client would: Basic auth with the key as username. It
/// uses its own connection (not the framework's) so a test can choose the Host header.
struct TestHTTPClient: Sendable {
    let client: TestClient
    let port: Int

    init(port: Int, tls: TLSConfiguration? = nil, serverName: String? = nil) {
        self.port = port
        self.client = TestClient(
            host: "127.0.0.1",
            port: port,
            configuration: TestClient.Configuration(tlsConfiguration: tls, serverName: serverName)
        )
        self.client.connect()
    }

    func shutdown() async {
        try? await self.client.shutdown()
    }

    func call(
        _ method: HTTPRequest.Method,
        _ path: String,
        key: String?,
        password: String = "X",
        json: JSONValue? = nil,
        rawBody: [UInt8]? = nil,
        contentType: String? = nil,
        host: String? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> HTTPResult {
        var headers = HTTPFields()
        if let key {
            let credentials = Data("\(key):\(password)".utf8).base64EncodedString()
            headers[.authorization] = "Basic \(credentials)"
        }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: JSONWriter.bytes(json))
            headers[.contentType] = "application/json"
        }
        if let rawBody {
            body = ByteBuffer(bytes: rawBody)
        }
        if let contentType {
            headers[.contentType] = contentType
        }
        for (name, value) in extra {
            headers[HTTPField.Name(name)!] = value
        }
        headers[.connection] = "keep-alive"
        let request = TestClient.Request(
            path,
            method: method,
            authority: host ?? "127.0.0.1:\(self.port)",
            headers: headers,
            body: body
        )
        let response = try await self.client.execute(request)
        return HTTPResult(
            status: Int(response.status.code),
            headers: response.headers,
            bytes: response.body.map { Array($0.readableBytesView) } ?? []
        )
    }
}
