import Dispatch
import Foundation
import HTTPTypes
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile and broken clients on the HTTPS port do not take the server down or wedge it.
@Suite struct TLSRobustnessTests {
    static let workers = 10
    static let perWorker = 100

    enum Payload: CaseIterable {
        case garbage
        case tls10ClientHello
        case nothing
    }

    /// A TLS 1.0 ClientHello offering one CBC suite: record 0x16 0x0301, handshake type 1, version 0x0301.
    static let tls10ClientHello: [UInt8] = {
        var hello: [UInt8] = [0x03, 0x01] + [UInt8](repeating: 0x42, count: 32) + [0x00]
        hello += [0x00, 0x02, 0x00, 0x2F, 0x01, 0x00]
        let handshake: [UInt8] = [0x01, 0x00, UInt8(hello.count >> 8), UInt8(hello.count & 0xFF)] + hello
        return [0x16, 0x03, 0x01, UInt8(handshake.count >> 8), UInt8(handshake.count & 0xFF)] + handshake
    }()

    /// Connects, sends the payload, closes; returns false only if the connection could not be made.
    static func hit(port: Int, payload: Payload, seed: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return false }
        let bytes: [UInt8]
        switch payload {
        case .garbage: bytes = (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) }
        case .tls10ClientHello: bytes = Self.tls10ClientHello
        case .nothing: bytes = []
        }
        if !bytes.isEmpty {
            _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        return true
    }

    @Test func thousandBrokenConnections_leaveTheServerServing() async throws {
        try await TLSTestServer.start { server in
            let started = ContinuousClock.now
            let connected = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<Self.workers {
                    group.addTask {
                        // Blocking sockets run on Dispatch threads: on the cooperative pool they would starve the
                        // server's own connection tasks (which share that pool in this process).
                        await withCheckedContinuation { continuation in
                            DispatchQueue.global().async {
                                var made = 0
                                for index in 0..<Self.perWorker {
                                    let payload = Payload.allCases[(worker * Self.perWorker + index) % Payload.allCases.count]
                                    if Self.hit(port: server.httpsPort, payload: payload, seed: index) { made += 1 }
                                }
                                continuation.resume(returning: made)
                            }
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(connected == Self.workers * Self.perWorker)
            // Normal requests are served promptly afterwards.
            let client = server.client()
            for _ in 0..<5 {
                let response = try await client.call(.get, "/api/v2/agents/me", key: server.apiKey)
                #expect(response.status == 200)
            }
            await client.shutdown()
            #expect(ContinuousClock.now - started < .seconds(60))
        }
    }
}
