import AsyncHTTPClient
import Foundation
import HavenAPI
import HavenApp
import HavenCore
import HavenCrypto
import HavenServer
import HavenStore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import Testing

/// Real Chromium against the real server (people.md §4): `haven serve`'s server in-process on both address families
/// with a clock the test moves, Debian's chromedriver on a free port, and an NSS database in a private $HOME that
/// trusts Haven's local CA (no `--ignore-certificate-errors`: certificate problems must show). Screenshots go to
/// `.build/screenshots/`.
struct BrowserHarness: Sendable {
    let helpdesk: Helpdesk
    let clock: ManualClock
    let httpsPort: Int
    let tenant: Tenant
    let adminID: UserID
    let adminAPIKey: String
    let directory: String
    let driverPort: Int
    let http: HTTPClient
    /// Every browser opened, closed at the end (chromedriver then stops its Chromium processes).
    let opened = BrowserList()

    final class BrowserList: Sendable {
        let list = Mutex<[WebDriver]>([])
    }

    static let host = "alpha.localhost"
    static let screenshots = CLITests.packageRoot.appendingPathComponent(".build/screenshots").path

    func url(_ path: String) -> String { "https://\(Self.host):\(self.httpsPort)\(path)" }

    /// A browser whose connections to the tenant's host come from `address` (127.0.0.1, 127.0.0.2, ::1).
    /// `otherHosts` are pinned to 127.0.0.1 too (sites of other origins, such as one embedding the widget).
    func browser(from address: String = "127.0.0.1", width: Int = 1280, height: Int = 900, otherHosts: [String] = []) async throws
        -> WebDriver
    {
        let target = address.contains(":") ? "[\(address)]" : address
        var hostMap = [Self.host: target]
        for host in otherHosts { hostMap[host] = "127.0.0.1" }
        let browser = try await WebDriver.open(port: self.driverPort, http: self.http, hostMap: hostMap, width: width, height: height)
        self.opened.list.withLock { $0.append(browser) }
        return browser
    }

    func screenshot(_ browser: WebDriver, _ name: String) async throws {
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)
        try await browser.screenshot(to: Self.screenshots + "/\(name).png")
    }

    /// A one-time link that sets the password of `person` (what `haven agent invite` prints).
    func invitationLink(for person: UserID) async throws -> String {
        let token = try await Passwords(self.helpdesk).issueLink(
            for: person, purpose: .invitation, by: .cliOperator("test", tenant: self.tenant.id))
        return self.url("/console/set-password?token=\(token)")
    }

    /// A request to the API with an API key, by curl (an OpenSSL client trusting Haven's CA) to the tenant's host.
    func api(_ method: String, _ path: String, key: String, body: String? = nil) async throws -> (status: Int, body: String) {
        var arguments = [
            "-s", "-o", "-", "-w", "\n%{http_code}", "--cacert", self.directory + "/data/tls/ca.pem", "-X", method, "-u", key + ":X",
            "--resolve", "\(Self.host):\(self.httpsPort):127.0.0.1", self.url(path),
        ]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data", body] }
        let (_, output, errors) = try await ChildProcess("/usr/bin/curl", arguments).finished()
        guard let newline = output.lastIndex(of: "\n"), let status = Int(output[output.index(after: newline)...]) else {
            throw WebDriver.Failure(description: "curl: \(errors)")
        }
        return (status, String(output[..<newline]))
    }

    /// What the browser's console session gets at `url` (a download), headers first, by curl with its cookie and
    /// any `headers` ("Name: value").
    func download(_ url: String, as browser: WebDriver, headers: [String] = []) async throws -> String {
        let session = try #require(try await browser.cookie("__Host-haven-console"))
        let (status, output, errors) = try await ChildProcess(
            "/usr/bin/curl",
            [
                "-s", "-D", "-", "--cacert", self.directory + "/data/tls/ca.pem", "--resolve",
                "\(Self.host):\(self.httpsPort):127.0.0.1", "-H", "Cookie: __Host-haven-console=\(session)",
            ] + headers.flatMap { ["-H", $0] } + [url.hasPrefix("https://") ? url : self.url(url)]
        ).finished()
        guard status == 0 else { throw WebDriver.Failure(description: "curl \(url): \(errors)") }
        return output
    }

    /// Every audit action recorded in the tenant so far.
    func auditActions() async throws -> [String] {
        let store = self.helpdesk.store
        return try await store.read { sql in try await store.auditEntries.entries(self.tenant.id, afterSeq: 0, limit: 100_000, on: sql) }
            .map(\.action)
    }

    /// Fails when the browser's console holds any error since the last look (a CSP violation, mixed content, a
    /// stylesheet or script that failed to load). Every browser is looked at once more when its test ends, so no page
    /// of the run goes unchecked.
    func expectCleanConsole(_ browser: WebDriver, _ page: String) async throws {
        let problems = try await browser.consoleLog().filter {
            // Refused answers (401, 403, 422) are logged too; those are the pages under test, not faults.
            $0.contains("Content Security Policy") || $0.contains("Refused to") || $0.contains("Mixed Content")
                || ($0.contains("/static/") && $0.contains("Failed to load"))
        }
        if !problems.isEmpty { throw WebDriver.Failure(description: "console errors on \(page): \(problems)") }
    }

    /// `configure` adjusts the server and the helpdesk's settings (custom domains with Pebble, for example).
    static func run(
        configure: @Sendable (inout ServerConfiguration, inout HelpdeskSettings) -> Void = { _, _ in },
        _ body: @Sendable (BrowserHarness) async throws -> Void
    ) async throws {
        let directory = NSTemporaryDirectory() + "haven-browser-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "haven-browser-test")
        logger.logLevel = .critical
        let clock = ManualClock(SystemClock().now())
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory + "/data"
        configuration.bindHost = "::"
        configuration.httpPort = 0
        configuration.httpsPort = 0
        configuration.authenticationFailuresPerMinute = 1_000_000
        // Cheap password hashes: the browser tests are about flows, the hash has its own tests.
        var settings = HelpdeskSettings(passwordHashing: .init(log2Rounds: 10))
        configure(&configuration, &settings)
        let helpdesk = try await Composition.open(
            Composition.Storage(dataDirectory: directory + "/data"), settings: settings, clock: clock, logger: logger)
        let created: ProvisionedAgent
        do {
            created = try await Provisioning(store: helpdesk.store, actor: .cli("test")).createTenant(
                name: "Alpha Support", subdomain: "alpha", adminEmail: "admin@alpha.example", adminName: "Ada Admin")
        } catch {
            await helpdesk.store.database.close()
            throw error
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await Self.serve(helpdesk, configuration, created, clock: clock, directory: directory, http: http, logger: logger, body)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private static func serve(
        _ helpdesk: Helpdesk, _ configuration: ServerConfiguration, _ created: ProvisionedAgent, clock: ManualClock, directory: String,
        http: HTTPClient, logger: Logger, _ body: @Sendable (BrowserHarness) async throws -> Void
    ) async throws {
        try await RunningServer.run(helpdesk, configuration, logger: logger) { running in
            let home = directory + "/home"
            try await Self.trust(running.server.caCertificatePath!, home: home)
            let driverPort = FreePort.next()
            let driver = try ChildProcess(
                "/usr/bin/chromedriver",
                ["--port=\(driverPort)", "--allowed-ips=127.0.0.1", "--log-path=\(directory)/../chromedriver.log", "--verbose"],
                environment: ["HOME": home],
                discardOutput: true)
            let harness = BrowserHarness(
                helpdesk: helpdesk, clock: clock, httpsPort: running.httpsPort, tenant: created.tenant, adminID: created.agentID,
                adminAPIKey: created.apiKey, directory: directory, driverPort: driverPort, http: http)
            let outcome: Result<Void, any Error>
            do {
                try await Self.waitForDriver(http, port: driverPort)
                try await body(harness)
                for browser in harness.opened.list.withLock({ $0 }) {
                    try await harness.expectCleanConsole(browser, "the pages opened after the test's last look")
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            for browser in harness.opened.list.withLock({ $0 }) { await browser.close() }
            await Self.stop(driver)
            try outcome.get()
        }
    }

    /// SIGTERM, then SIGKILL if chromedriver has not gone within five seconds; waited for on a thread of its own so
    /// no cooperative thread blocks.
    static func stop(_ driver: ChildProcess) async {
        driver.terminate()
        let exited = Mutex(false)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                _ = driver.waitUntilExit()
                exited.withLock { $0 = true }
                continuation.resume()
            }.start()
            Thread {
                Thread.sleep(forTimeInterval: 5)
                if !exited.withLock({ $0 }) { driver.killHard() }
            }.start()
        }
    }

    /// Chromium on Linux reads trust from the NSS database in $HOME/.pki/nssdb.
    static func trust(_ caPath: String, home: String) async throws {
        let database = "sql:\(home)/.pki/nssdb"
        try FileManager.default.createDirectory(atPath: home + "/.pki/nssdb", withIntermediateDirectories: true)
        for arguments in [
            ["-d", database, "-N", "--empty-password"], ["-d", database, "-A", "-t", "C,,", "-n", "haven-ca", "-i", caPath],
        ] {
            let (status, _, errors) = try await ChildProcess("/usr/bin/certutil", arguments).finished()
            guard status == 0 else { throw WebDriver.Failure(description: "certutil \(arguments): \(errors)") }
        }
    }

    static func waitForDriver(_ http: HTTPClient, port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let status = try? await WebDriver.call(http, .GET, "http://127.0.0.1:\(port)/status", nil),
                status["value"]?.objectValue?["ready"]?.boolValue == true
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WebDriver.Failure(description: "chromedriver did not start")
    }
}

extension WebDriver {
    /// Signs in with a password on the console's sign-in page.
    func signIn(_ harness: BrowserHarness, email: String, password: String) async throws {
        try await self.go(harness.url("/console/sign-in"))
        try await self.fill("#email", email)
        try await self.fill("#password", password)
        try await self.submit("button[type=submit]")
    }

    /// Sets a password through a link's page.
    func setPassword(link: String, _ password: String) async throws {
        try await self.go(link)
        try await self.fill("#new_password", password)
        try await self.fill("#repeat_password", password)
        try await self.submit("button[type=submit]")
    }
}
