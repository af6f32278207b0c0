import Foundation
import HTTPTypes
import HavenCore
import Synchronization
import Testing

/// `synchronous=NORMAL` in WAL mode (the default): every write Haven acknowledged survives the process being
/// killed (the commit is in the WAL file, in the operating system's cache, before the answer goes out).
@Suite("Durability")
struct DurabilityTests {
    @Test func killDashNineUnderCreateLoad_losesNoAcknowledgedTicket() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let port = FreePort.next()
        let (server, output) = try CLITests.startServing(
            data: data, httpPort: port, httpsPort: FreePort.next(), extra: ["--http-api-on-loopback"], environment: CLITests.patientServer)
        // Whatever happens below, no server outlives the test (killing a dead one does nothing).
        defer {
            server.killHard()
            server.waitUntilExit()
        }
        let key = String((output.components(separatedBy: "(shown once): ").dropFirst().first ?? "").prefix { $0.isLetter || $0.isNumber })
        try #require(!key.isEmpty, "no API key printed: \(output)")

        // Eight clients create tickets as fast as the server answers; the server is killed while they do.
        let clients = (0..<8).map { _ in TestHTTPClient(port: port) }
        // Killed once 200 creates were acknowledged, or after 15 s on a machine busy with other suites (the clients
        // keep sending either way, so requests are in flight when it dies).
        let count = AcknowledgedCount()
        let killer = Task {
            let deadline = ContinuousClock.now + .seconds(15)
            while count.value.load(ordering: .relaxed) < 200, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            server.killHard()
        }
        let written = await withTaskGroup(of: [(id: Int64, subject: String)].self) { group in
            for (worker, client) in clients.enumerated() {
                group.addTask {
                    var acknowledged: [(id: Int64, subject: String)] = []
                    var n = 0
                    while true {
                        n += 1
                        let subject = "Durable \(worker)-\(n)"
                        let email = "c\(n % 50)@durable.example"
                        let made: HTTPResult
                        do {
                            made = try await client.call(
                                .post, "/api/v2/tickets", key: key,
                                json: ["subject": .string(subject), "description": "d", "email": .string(email)])
                        } catch {
                            count.stops.withLock { $0.append("\(error)") }
                            return acknowledged
                        }
                        guard made.status == 201, let id = made.object?.int("id") else {
                            count.stops.withLock { $0.append("\(made.status) \(made.text.prefix(200))") }
                            return acknowledged
                        }
                        acknowledged.append((id, subject))
                        count.value.add(1, ordering: .relaxed)
                    }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        _ = try await killer.value
        let (status, _, serverLog) = await server.finished()
        #expect(status == SIGKILL, "\(serverLog.suffix(3000))")
        for client in clients { await client.shutdown() }
        #expect(
            written.count >= 20,
            "the load ran before the kill; the clients stopped on: \(count.stops.withLock { $0 }); the server said: \(serverLog.suffix(3000))"
        )

        // The same data directory, a new process: every acknowledged ticket is there with its subject.
        let restartPort = FreePort.next()
        let (restarted, _) = try CLITests.startServing(
            data: data, httpPort: restartPort, httpsPort: FreePort.next(), extra: ["--http-api-on-loopback"],
            environment: CLITests.patientServer)
        defer {
            restarted.terminate()
            restarted.waitUntilExit()
        }
        let client = TestHTTPClient(port: restartPort)
        var missing: [String] = []
        for ticket in written {
            let read = try await client.call(.get, "/api/v2/tickets/\(ticket.id)", key: key)
            if read.status != 200 || read.object?.string("subject") != ticket.subject { missing.append("\(ticket.id)") }
        }
        await client.shutdown()
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.prefix(10))")
    }
}

/// How many creates the server has acknowledged so far.
final class AcknowledgedCount: Sendable {
    let value = Atomic<Int>(0)
    /// Why each client stopped (the kill, normally): a load that never ran says why.
    let stops = Mutex<[String]>([])
}
