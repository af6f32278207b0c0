import Foundation
import HavenCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// pebble-challtestsrv (Debian's `pebble` package) as the mock DNS of a test: started on free loopback ports, records
/// set through its management API, stopped at the end. `.ci/run` installs it; a machine without it fails the tests
/// that need it with a message saying so.
final class MockDNS: @unchecked Sendable {
    let process: ChildProcess
    let dnsPort: Int
    let managementPort: Int

    static let binary = "/usr/bin/pebble-challtestsrv"

    private init(process: ChildProcess, dnsPort: Int, managementPort: Int) {
        self.process = process
        self.dnsPort = dnsPort
        self.managementPort = managementPort
    }

    var resolver: String { "127.0.0.1:\(self.dnsPort)" }

    static func start() async throws -> MockDNS {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw HavenError.usage("\(Self.binary) is missing: apt-get install pebble (see .ci/run)")
        }
        for _ in 0..<5 {
            let dns = FreePort.next(udp: true)
            let management = FreePort.next()
            let process = try ChildProcess(
                Self.binary,
                [
                    "-management", "127.0.0.1:\(management)", "-dns01", "127.0.0.1:\(dns)", "-http01", "", "-https01", "",
                    "-tlsalpn01", "", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                ],
                discardOutput: true)
            let server = MockDNS(process: process, dnsPort: dns, managementPort: management)
            for _ in 0..<50 {
                if !process.isRunning { break }
                if (try? await server.post("set-default-ipv4", ["ip": "127.0.0.1"])) != nil { return server }
                try await Task.sleep(for: .milliseconds(100))
            }
            server.stop()
        }
        throw HavenError.internalFailure("pebble-challtestsrv did not start")
    }

    func stop() {
        if self.process.isRunning {
            self.process.terminate()
            self.process.waitUntilExit()
        }
    }

    func setCNAME(_ host: String, _ target: String) async throws {
        try await self.post("set-cname", ["host": .string(host), "target": .string(target)])
    }
    func clearCNAME(_ host: String) async throws { try await self.post("clear-cname", ["host": .string(host)]) }
    func addA(_ host: String, _ addresses: [String]) async throws {
        try await self.post("add-a", ["host": .string(host), "addresses": .strings(addresses)])
    }
    func addCAA(_ host: String, issue: String) async throws {
        try await self.post("add-caa", ["host": .string(host), "policies": [["tag": "issue", "value": .string(issue)]]])
    }
    func setServfail(_ host: String) async throws { try await self.post("set-servfail", ["host": .string(host)]) }

    func post(_ path: String, _ body: JSONValue) async throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(self.managementPort)/\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(JSONWriter.bytes(body))
        request.timeoutInterval = 2
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw HavenError.internalFailure("challtestsrv /\(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
    }
}
