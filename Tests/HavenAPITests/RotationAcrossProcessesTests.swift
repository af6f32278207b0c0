import Foundation
import HTTPTypes
import HavenCore
import Synchronization
import Testing

/// `haven keys rotate` as operators run it: a separate process re-encrypting while `haven serve` answers a client
/// that keeps creating and reading tickets. Exercises what the in-process test cannot: SQLite locking between two
/// processes and the server noticing the new key version through the keystore's revision.
@Suite("Rotation across processes")
struct RotationAcrossProcessesTests {
    /// Runs `haven` without holding a cooperative thread while it runs (the server under load needs them): the
    /// output is collected on a Dispatch thread.
    static func runBlocking(_ arguments: [String]) async throws -> CLITests.Outcome {
        let process = try ChildProcess(CLITests.binary.path, arguments, environment: CLITests.engineEnvironment(arguments, [:]))
        let (status, stdout, stderr) = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: process.finish()) }
        }
        return CLITests.Outcome(status: status, stdout: stdout, stderr: stderr)
    }

    @Test func keysRotate_whileServingLoad_failsNoRequestAndLeavesNoOldEnvelope() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let port = FreePort.next()
        // The test talks to the plain-HTTP listener: wait until it, too, has announced itself.
        let (server, output) = try CLITests.startServing(
            data: data, httpPort: port, httpsPort: FreePort.next(), extra: ["--http-api-on-loopback"],
            environment: CLITests.patientServer, ready: ["Haven is serving", "Plain HTTP on"]
        )
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let keyLine = output.components(separatedBy: "(shown once): ").dropFirst().first ?? ""
        let key = String(keyLine.prefix { $0.isLetter || $0.isNumber })
        try #require(!key.isEmpty, "no API key printed: \(output)")
        let client = TestHTTPClient(port: port)
        defer { Task { await client.shutdown() } }
        func create(_ subject: String, _ n: Int) async throws -> HTTPResult {
            try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": .string(subject), "description": "d", "email": .string("p\(n % 10)@procs.example"), "priority": 1,
                    "status": 2,
                ]
            )
        }
        for n in 0..<100 {
            #expect(try await create("Seeded \(n)", n).status == 201)
        }

        let stop = ManagedFlag()
        let running = ManagedFlag()
        async let load: (requests: Int, failures: [String]) = {
            var requests = 0
            var failures: [String] = []
            var n = 0
            while !stop.isSet {
                n += 1
                let made = try await create("Under rotation \(n)", n)
                let read = try await client.call(.get, "/api/v2/tickets/\(made.object?.int("id") ?? 0)", key: key)
                requests += 2
                if requests >= 10 { running.set() }
                if made.status != 201 { failures.append("create \(made.status) \(made.text.prefix(120))") }
                if read.status != 200 || read.object?.string("subject") != "Under rotation \(n)" {
                    failures.append("read \(read.status) \(read.text.prefix(120))")
                }
            }
            return (requests, failures)
        }()
        // The rotation starts once the load runs (five creates and reads done), so it rotates under load however fast
        // or slow this machine is.
        var waited = 0
        while !running.isSet && waited < 3000 {
            try await Task.sleep(for: .milliseconds(20))
            waited += 1
        }
        let rotated = try await Self.runBlocking(["keys", "rotate", "--tenant", "demo", "--data-dir", data])
        stop.set()
        let (requests, failures) = try await load
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("\"remaining\":0"), "\(rotated.stdout)")
        #expect(requests >= 10, "the load ran from before the rotation to its end")
        #expect(failures.isEmpty, "\(failures.prefix(5))")

        // Whatever the server sealed while it still used the old version was caught by the repeated passes.
        let status = try await Self.runBlocking(["keys", "status", "--tenant", "demo", "--data-dir", data])
        #expect(status.stdout.contains("\"old_version_envelopes\":0"), "\(status.stdout)")
        #expect(status.stdout.contains("\"data_key_version\":2"))
        let first = try await client.call(.get, "/api/v2/tickets/1", key: key)
        #expect(first.object?.string("subject") == "Seeded 0")
    }
}
