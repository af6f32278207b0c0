import Foundation
import HTTPTypes
import HavenServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif
extension TimingSensitive {
    /// Connection caps and timeouts, through the real listeners, scaled to fit CI: thousands of sockets and timeouts of
    /// a second instead of the defaults.
    @Suite struct ConnectionGovernanceTests {
        static func shortTimeouts(_ configuration: inout ServerConfiguration) {
            configuration.connections.handshakeTimeout = .seconds(1)
            configuration.connections.requestHeadTimeout = .seconds(1)
            configuration.connections.keepAliveTimeout = .seconds(1)
            configuration.connections.maxConnections = 20_000
            configuration.connections.maxConnectionsPerAddress = 20_000
        }

        static func stormLimits(_ configuration: inout ServerConfiguration) {
            Self.shortTimeouts(&configuration)
            // The client of the storm test keeps its connection between calls; a keep-alive this short would race it.
            configuration.connections.keepAliveTimeout = .seconds(30)
        }

        static func smallCaps(_ configuration: inout ServerConfiguration) {
            configuration.connections.maxConnections = 30
            configuration.connections.maxConnectionsPerAddress = 20
            // Long enough that no admitted connection is closed by its deadline while a loaded CI machine runs the test.
            configuration.connections.requestHeadTimeout = .seconds(120)
        }

        static func slowBodyLimits(_ configuration: inout ServerConfiguration) {
            Self.shortTimeouts(&configuration)
            configuration.connections.minBodyBytesPerSecond = 1_000
        }

        /// Waits until `condition` holds, up to `seconds`.
        static func eventually(_ seconds: Double, _ condition: () -> Bool) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return condition()
        }

        @Test func idleAndSlowlorisStorms_areClosedByTheirTimeouts_whileTheAPIKeepsAnswering() async throws {
            try await TLSTestServer.start(configure: Self.stormLimits) { server in
                // 2,000 connections to the HTTPS port that never start a handshake…
                let idle = try (0..<2_000).map { _ in try RawConnection(port: server.httpsPort) }
                // …and 200 to the HTTP port that dribble a request head one byte at a time.
                let slow = try (0..<200).map { _ in try RawConnection(port: server.httpPort) }
                for connection in slow { connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n") }
                let client = server.client()
                let storm = Task {
                    for _ in 0..<8 {
                        for connection in slow { connection.send("X") }
                        try await Task.sleep(for: .milliseconds(250))
                    }
                }
                // The API answers in the middle of the storm.
                #expect(try await client.call(.get, "/api/v2/agents/me", key: server.apiKey).status == 200)
                try await storm.value
                #expect(try await client.call(.get, "/api/v2/agents/me", key: server.apiKey).status == 200)
                await client.shutdown()

                // Connections still waiting in the kernel's accept queue are counted once accepted, so wait for the counts.
                let governor = server.server.connections
                let timedOut = try await Self.eventually(30) {
                    (governor.counts[.handshakeTimeout] ?? 0) >= 2_000 && (governor.counts[.requestHeadTimeout] ?? 0) >= 200
                }
                #expect(timedOut, "\(governor.counts)")
                #expect(governor.counts[.malformedRequest] == nil, "a request cut short by a timeout is no malformed request")
                // Every storm socket was closed by the server.
                #expect(try await Self.eventually(30) { (idle + slow).allSatisfy(\.isClosedByServer) })
                #expect(try await Self.eventually(30) { governor.openConnections == 0 }, "open: \(governor.openConnections)")
            }
        }

        @Test func capsRefuseAtAccept_perAddressAndOverall() async throws {
            try await TLSTestServer.start(configure: Self.smallCaps) { server in
                let governor = server.server.connections
                let first = try (0..<21).map { _ in try RawConnection(port: server.httpPort) }
                #expect(try await Self.eventually(20) { governor.counts[.refusedAddressCap] == 1 }, "\(governor.counts)")
                let second = try (0..<15).map { _ in try RawConnection(port: server.httpPort, source: "127.0.0.2") }
                #expect(try await Self.eventually(20) { governor.counts[.refusedOverallCap] == 5 }, "\(governor.counts)")
                #expect(governor.openConnections == 30)
                // The refused connections are closed at once (as soon as the server's event loop gets to them), the
                // others kept.
                let all = first + second
                #expect(try await Self.eventually(20) { all.filter(\.isClosedByServer).count >= 6 })
                try await Task.sleep(for: .milliseconds(300))
                #expect(all.filter(\.isClosedByServer).count == 6)
                // A connection that is admitted still works.
                first[0].send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                #expect(await first[0].readAnswer().httpStatus == 200)
            }
        }

        @Test func idleKeepAliveConnections_andSlowBodies_areClosed() async throws {
            try await TLSTestServer.start(apiOnLoopback: true, configure: Self.slowBodyLimits) { server in
                let kept = try RawConnection(port: server.httpPort)
                kept.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                #expect(await kept.readAnswer().httpStatus == 200)
                let waited = ContinuousClock.now
                #expect(await kept.readUntilClosed(timeout: 15).closed)
                #expect(ContinuousClock.now - waited >= .milliseconds(500), "closed at once instead of after the keep-alive timeout")

                let slow = try RawConnection(port: server.httpPort)
                let key = Data("\(server.apiKey):X".utf8).base64EncodedString()
                slow.send(
                    "POST /api/v2/tickets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic \(key)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n")
                var closedByServer = false
                // Up to 15 s: without the minimum rate nothing would close a request whose body keeps trickling in.
                for _ in 0..<75 {
                    guard slow.send("          ") else {
                        closedByServer = true
                        break
                    }
                    if await slow.readUntilClosed(timeout: 0.2).closed {
                        closedByServer = true
                        break
                    }
                }
                #expect(closedByServer, "a body at 50 bytes/s was allowed to go on")
                #expect((server.server.connections.counts[.slowBody] ?? 0) >= 1)
                #expect((server.server.connections.counts[.keepAliveTimeout] ?? 0) >= 1)
                #expect(try await TLSTests.countTickets(server) == 0)
            }
        }
    }
}
