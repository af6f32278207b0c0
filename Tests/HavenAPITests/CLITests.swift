import Foundation
import HTTPTypes
import HavenCore
import HavenCrypto
import NIOSSL
import Testing

/// The `haven` binary as operators use it: JSON out, one-line errors with exit 1, first start, graceful stop.
@Suite(.serialized) struct CLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        let debug = Self.packageRoot.appendingPathComponent(".build/debug/haven")
        return debug
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// With the tests on PostgreSQL, the binary gets the database belonging to the data directory it is given (the
    /// owner's for `migrate`, the node's otherwise), so the CLI tests run on the engine under test — except on a
    /// directory that already holds a SQLite database (a test that made one on purpose, to tamper with its file).
    static func engineEnvironment(_ arguments: [String], _ environment: [String: String]) -> [String: String] {
        var environment = environment
        // Servers run side by side here: each gets a metrics port of its own rather than the default one.
        if arguments.first == "serve", environment["HAVEN_METRICS_PORT"] == nil { environment["HAVEN_METRICS_PORT"] = "0" }
        guard TestServer.engine == .postgres, environment["HAVEN_DATABASE_URL"] == nil, !arguments.contains("--database-url"),
            let data = arguments.firstIndex(of: "--data-dir").map({ arguments[$0 + 1] }) ?? environment["HAVEN_DATA_DIR"],
            !FileManager.default.fileExists(atPath: data + "/haven.sqlite"),
            let (owner, node) = try? PostgresServer.database(for: data)
        else { return environment }
        var extended = environment
        extended["HAVEN_DATABASE_URL"] = (arguments.first == "migrate" ? owner : node).connectionString
        // `haven serve` from these tests: few connections, as the in-process test servers have.
        extended["HAVEN_DATABASE_CONNECTIONS"] = "4"
        return extended
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let (status, stdout, stderr) = try ChildProcess(
            Self.binary.path, arguments, environment: Self.engineEnvironment(arguments, environment)
        )
        .finish()
        return Outcome(status: status, stdout: stdout, stderr: stderr)
    }

    /// `run` for async tests: the wait happens on a thread of its own.
    static func runDetached(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let (status, stdout, stderr) = try await ChildProcess(
            Self.binary.path, arguments, environment: Self.engineEnvironment(arguments, environment)
        ).finished()
        return Outcome(status: status, stdout: stdout, stderr: stderr)
    }

    /// Starts `haven serve` and returns once it prints that it is serving (or after 20 s), with what it printed.
    /// `ready` lists what must have been printed (each listener announces itself once it accepts connections).
    /// For servers under test load from clients of this process: the test process's own tasks can stall for seconds
    /// while sibling suites block its few cooperative threads, so a client that connected may send its request only
    /// after the server's request-head (15 s) or keep-alive (30 s) timeout has closed the connection. These tests are
    /// about other things; `ConnectionGovernanceTests` tests the timeouts.
    static let patientServer = ["HAVEN_REQUEST_HEAD_TIMEOUT_SECONDS": "600", "HAVEN_KEEP_ALIVE_TIMEOUT_SECONDS": "600"]

    static func startServing(
        data: String,
        httpPort: Int,
        httpsPort: Int,
        extra: [String] = [],
        environment: [String: String] = [:],
        ready: [String] = ["Haven is serving", "Plain HTTP on"]
    ) throws -> (ChildProcess, String) {
        let process = try ChildProcess(
            Self.binary.path,
            ["serve", "--data-dir", data, "--http-port", String(httpPort), "--https-port", String(httpsPort)] + extra,
            environment: Self.engineEnvironment(["serve", "--data-dir", data], environment))
        var output = ""
        let deadline = Date().addingTimeInterval(20)
        while !ready.allSatisfy(output.contains), Date() < deadline, process.isRunning {
            output += process.readOutput()
        }
        return (process, output)
    }

    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "haven-cli-" + UUID().uuidString
    }

    @Test func tenantAndAgentCreate_printOneJSONObjectAndStoreOnlyTheKeyHash() throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let created = try Self.run([
            "tenant", "create", "--data-dir", data, "--name", "Acme Support", "--subdomain", "umbrella", "--admin-email",
            "boss@umbrella.example",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let tenant = try #require(try JSONParser.parse(created.stdout.trimmingWhitespace()).objectValue)
        #expect(tenant.keys == ["tenant_id", "subdomain", "agent_id", "api_key"])
        #expect(tenant.string("subdomain") == "umbrella")
        let key = try #require(tenant.string("api_key"))
        #expect(key.count >= 22)  // ≥ 128 bits in base 62

        let agent = try Self.run([
            "agent", "create", "--data-dir", data, "--tenant", "umbrella", "--email", "ann@umbrella.example", "--name", "Ann", "--role",
            "supervisor",
        ])
        #expect(agent.status == 0, "\(agent.stderr)")
        let agentObject = try #require(try JSONParser.parse(agent.stdout.trimmingWhitespace()).objectValue)
        #expect(agentObject.keys == ["agent_id", "api_key"])
        let agentKey = try #require(agentObject.string("api_key"))

        let listed = try Self.run(["tenant", "list"], environment: ["HAVEN_DATA_DIR": data])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\"subdomain\":\"umbrella\""))

        // The keys are nowhere in the data directory; their SHA-256 hashes are.
        let stored = try DataFiles.concatenated(under: data)
        for secret in [key, agentKey] {
            #expect(stored.range(of: Data(secret.utf8)) == nil, "an API key is stored in clear")
            #expect(stored.range(of: Data(APIKeys.hash(secret).utf8)) != nil, "the API key hash is not stored")
        }
    }

    @Test func badInput_getsAOneLineErrorAndExitOne() throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try Self.run([
            "tenant", "create", "--data-dir", data, "--name", "A", "--subdomain", "umbrella", "--admin-email", "a@umbrella.example",
        ])
        #expect(first.status == 0)
        let cases: [([String], String)] = [
            (
                ["tenant", "create", "--data-dir", data, "--name", "B", "--subdomain", "umbrella", "--admin-email", "b@umbrella.example"],
                "already exists"
            ),
            (
                ["tenant", "create", "--data-dir", data, "--name", "B", "--subdomain", "Bad_Sub", "--admin-email", "b@b.example"],
                "--subdomain"
            ),
            (
                ["tenant", "create", "--data-dir", data, "--name", "B", "--subdomain", "bee", "--admin-email", "not-an-email"],
                "--admin-email"
            ),
            (["agent", "create", "--data-dir", data, "--tenant", "nobody", "--email", "x@y.example", "--name", "X"], "No tenant"),
            (
                ["agent", "create", "--data-dir", data, "--tenant", "umbrella", "--email", "a@umbrella.example", "--name", "X"],
                "already exists"
            ),
            (
                [
                    "agent", "create", "--data-dir", data, "--tenant", "umbrella", "--email", "x@umbrella.example", "--name", "X", "--role",
                    "king",
                ],
                "--role"
            ),
            (["tenant", "terminate", "--data-dir", data, "nobody"], "No tenant"),
        ]
        for (arguments, expected) in cases {
            let outcome = try Self.run(arguments)
            #expect(outcome.status == 1, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains(expected), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
        let tenants = try Self.run(["tenant", "list", "--data-dir", data])
        #expect(tenants.stdout.split(separator: "\n").count == 1)
        let badPort = try Self.run(["serve", "--data-dir", data, "--http-port", "70000"])
        #expect(badPort.status == 1)
        #expect(badPort.stderr.contains("outside 0...65535"))
        let badEnv = try Self.run(
            ["serve", "--data-dir", data], environment: ["HAVEN_RATE_LIMIT_PER_MINUTE": "lots", "HAVEN_LOG_LEVEL": "loud"])
        #expect(badEnv.status == 1)
        #expect(badEnv.stderr.contains("HAVEN_RATE_LIMIT_PER_MINUTE") && badEnv.stderr.contains("HAVEN_LOG_LEVEL"))
    }

    @Test func serve_onAFreshDirectory_createsDemoServesAndStopsGracefully() async throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let port = FreePort.next()
        let httpsPort = FreePort.next()
        let (process, output) = try Self.startServing(data: data, httpPort: port, httpsPort: httpsPort)
        let keyLine = output.components(separatedBy: "(shown once): ").dropFirst().first ?? ""
        let key = String(keyLine.prefix { $0.isLetter || $0.isNumber })
        #expect(!key.isEmpty, "no API key printed: \(output)")
        // The API is served over HTTPS with a certificate from Haven's local CA, written to the data directory.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(data + "/tls/ca.pem"))
        let client = TestHTTPClient(port: httpsPort, tls: tls, serverName: "localhost")
        let me = try await client.call(.get, "/api/v2/agents/me", key: key)
        await client.shutdown()
        let plain = TestHTTPClient(port: port)
        let redirect = try await plain.call(.get, "/api/v2/agents/me", key: key, host: "localhost:\(port)")
        await plain.shutdown()
        #expect(redirect.status == 308)
        #expect(redirect.header("Location") == "https://localhost:\(httpsPort)/api/v2/agents/me")
        #expect(me.status == 200)
        #expect(me.text.contains("Demo Admin"))

        process.terminate()  // SIGTERM
        let (_, _, log) = await process.finished()
        #expect(process.exitedNormally)
        #expect(process.terminationStatus == 0)
        // Every service stopped before what it uses (on PostgreSQL the pool is the group's first service, so the
        // last to stop): no service lost its database on the way down.
        #expect(!log.contains(" error "), "\(log)")
        #expect(!log.contains("lost the database"), "\(log)")

        // A second start on the same directory creates nothing new and prints no key.
        let (again, secondOutput) = try Self.startServing(data: data, httpPort: port, httpsPort: httpsPort)
        again.interrupt()  // SIGINT
        again.waitUntilExit()
        #expect(!secondOutput.contains("shown once"))
        #expect(again.terminationStatus == 0)
    }
}

extension CLITests {
    @Test func domainsCertUpload_andTLSCheck() async throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(
            try Self.run(["tenant", "create", "--data-dir", data, "--name", "U", "--subdomain", "umbrella", "--admin-email", "u@u.example"])
                .status == 0
        )
        let material = try DomainCertificateTests.material(base: "portal.test")
        let certificate = data + "/chain.pem"
        let key = data + "/key.pem"
        try material.chain.write(toFile: certificate, atomically: true, encoding: .utf8)
        try material.key.write(toFile: key, atomically: true, encoding: .utf8)
        let uploaded = try Self.run([
            "domains", "cert", "upload", "--data-dir", data, "--tenant", "umbrella", "--domain", "help.portal.test", "--cert", certificate,
            "--key", key,
        ])
        #expect(uploaded.status == 0, "\(uploaded.stderr)")
        #expect(uploaded.stdout.contains("\"domain\":\"help.portal.test\""))
        let mismatched = try Self.run([
            "domains", "cert", "upload", "--data-dir", data, "--tenant", "umbrella", "--domain", "help.portal.test", "--cert", certificate,
            "--key", certificate,
        ])
        #expect(mismatched.status == 1)
        #expect(mismatched.stderr.contains("private_key"))

        // tls check against something that is not TLS: problems named, exit 1.
        let notTLS = try Self.run(["tls", "check", "127.0.0.1:1"])
        #expect(notTLS.status == 1)
        #expect(notTLS.stdout.contains("PROBLEM"))
        let badTarget = try Self.run(["tls", "check", "host:99999"])
        #expect(badTarget.status == 1)
        #expect(badTarget.stderr.contains("HOST:PORT"))
    }
}
