import Foundation
import HTTPTypes
import HavenCore
import HavenServer
import NIOCore
import Testing

extension TimingSensitive {
    /// HTTP/1 semantics at the edge, driven through the real listeners with hand-written requests (a client library
    /// would fix up what these tests break on purpose).
    @Suite struct HTTPSemanticsTests {
        static func basic(_ key: String) -> String { "Basic " + Data("\(key):X".utf8).base64EncodedString() }

        @Test func aChunkedBodyOverTheLimit_gets413_andTheConnectionCloses() async throws {
            try await TLSTestServer.start { server in
                let head =
                    "POST /api/v2/tickets HTTP/1.1\r\nHost: alpha.localhost\r\nAuthorization: \(Self.basic(server.apiKey))\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                let chunk = "3e8\r\n" + String(repeating: " ", count: 1000) + "\r\n"
                // Ten kilobytes against a 4,096-byte limit, and the body never ends.
                let outcome = try await RawTLSConnection.exchange(
                    port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate,
                    head + String(repeating: chunk, count: 10), timeout: .seconds(12))
                #expect(outcome.text.httpStatus == 413, "\(outcome.text)")
                #expect(outcome.text.contains("payload_too_large"))
                #expect(outcome.text.httpHeader("Connection") == "close")
                #expect(outcome.text.httpHeader("X-Content-Type-Options") == "nosniff")
                #expect(outcome.closed, "the server kept reading an unwanted body")
                #expect(try await Self.countTickets(server) == 0)
            }
        }

        @Test func anEarlyRefusal_closesInsteadOfReadingAnUnboundedBody() async throws {
            try await TLSTestServer.start { server in
                for (key, expected) in [("wrong-key", 401), (server.apiKey, 413)] {
                    let request =
                        "POST /api/v2/tickets HTTP/1.1\r\nHost: alpha.localhost\r\nAuthorization: \(Self.basic(key))\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n" + String(repeating: " ", count: 8192)
                    // The server must close before the client gives up: well before its request-head timeout (15 s) would.
                    let outcome = try await RawTLSConnection.exchange(
                        port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate, request,
                        timeout: .seconds(12))
                    #expect(outcome.text.httpStatus == expected, "\(outcome.text)")
                    #expect(outcome.text.httpHeader("Connection") == "close")
                    #expect(outcome.closed)
                }
                #expect(server.server.connections.counts[.closedAfterEarlyAnswer] == 2)
                // A short body after an early answer is read to its end and the connection stays usable.
                let short =
                    "POST /api/v2/tickets HTTP/1.1\r\nHost: alpha.localhost\r\nAuthorization: \(Self.basic("wrong-key"))\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                let kept = try await RawTLSConnection.exchange(
                    port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate,
                    short + "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", timeout: .seconds(2))
                #expect(kept.text.components(separatedBy: "HTTP/1.1 ").count == 3, "\(kept.text)")
                #expect(kept.text.httpStatus == 401 && kept.text.contains("HTTP/1.1 200"))
                #expect(!kept.closed)
            }
        }

        @Test func expect100Continue_getsItsInterimAnswer_unlessTheBodyIsTooLarge() async throws {
            try await TLSTestServer.start { server in
                let head =
                    "POST /api/v2/tickets HTTP/1.1\r\nHost: alpha.localhost\r\nAuthorization: \(Self.basic(server.apiKey))\r\n"
                    + "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                let waiting = try await RawTLSConnection.exchange(
                    port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate,
                    head + "Content-Length: 40\r\n\r\n", timeout: .seconds(2))
                #expect(waiting.text.hasPrefix("HTTP/1.1 100 Continue\r\n"), "\(waiting.text)")
                let tooLarge = try await RawTLSConnection.exchange(
                    port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate,
                    head + "Content-Length: 100000\r\n\r\n", timeout: .seconds(5))
                #expect(tooLarge.text.httpStatus == 413 && !tooLarge.text.contains("100 Continue"), "\(tooLarge.text)")
            }
        }

        @Test func http10WithoutKeepAlive_isClosed_andConnectionCloseIsEchoed() async throws {
            try await TLSTestServer.start { server in
                let plain = try RawConnection(port: server.httpPort)
                plain.send("GET /healthz HTTP/1.0\r\n\r\n")
                let answer = await plain.readUntilClosed(timeout: 15)
                #expect(answer.text.httpStatus == 200 && answer.closed, "\(answer)")
                #expect(answer.text.httpHeader("Connection") == "close")

                let asked = try RawConnection(port: server.httpPort)
                asked.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                let closing = await asked.readUntilClosed(timeout: 15)
                #expect(closing.text.httpStatus == 200 && closing.closed)
                #expect(closing.text.httpHeader("Connection") == "close")

                // HTTP/1.0 that asks for keep-alive gets it, and says so.
                let kept = try RawConnection(port: server.httpPort)
                kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let first = await kept.readAnswer()
                #expect(first.httpStatus == 200 && first.httpHeader("Connection") == "keep-alive", "\(first)")
                kept.send("GET /healthz HTTP/1.0\r\n\r\n")
                let second = await kept.readUntilClosed(timeout: 15)
                #expect(second.text.httpStatus == 200 && second.closed)
            }
        }

        @Test func exactlyOneHostIsRequired() async throws {
            try await TLSTestServer.start { server in
                for request in [
                    "GET /api/v2/agents/me HTTP/1.1\r\nAuthorization: \(Self.basic(server.apiKey))\r\n\r\n",
                    "GET /api/v2/agents/me HTTP/1.1\r\nHost: alpha.localhost\r\nHost: evil.example\r\nAuthorization: \(Self.basic(server.apiKey))\r\n\r\n",
                ] {
                    let outcome = try await RawTLSConnection.exchange(
                        port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate, request)
                    #expect(outcome.text.httpStatus == 400, "\(outcome.text)")
                    #expect(outcome.text.contains("Host"))
                    #expect(outcome.text.httpHeader("Strict-Transport-Security") != nil)
                    #expect(outcome.closed)
                }
                // An empty Host is no host name: 400 from the host check.
                let empty = try await RawTLSConnection.exchange(
                    port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate,
                    "GET /api/v2/agents/me HTTP/1.1\r\nHost: \r\n\r\n", timeout: .seconds(1))
                #expect(empty.text.httpStatus == 400 && empty.text.contains("Host"), "\(empty.text)")
                let plain = try RawConnection(port: server.httpPort)
                plain.send("GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n")
                let answer = await plain.readUntilClosed(timeout: 15)
                #expect(answer.text.httpStatus == 400 && answer.closed)
                #expect(answer.text.httpHeader("Location") == nil)
            }
        }

        @Test func unknownHostsAreRefused_andTheRedirectGoesOnlyToServedHosts() async throws {
            try await TLSTestServer.start { server in
                let client = server.client()
                let key = server.apiKey
                for host in ["evil.example", "nosuch.localhost", "a.b.localhost", "localhost.evil.example"] {
                    let refused = try await client.call(.get, "/api/v2/agents/me", key: key, host: host)
                    #expect(refused.status == 421, "\(host) answered \(refused.status)")
                    #expect(refused.header("X-Content-Type-Options") == "nosniff")
                }
                for host in ["alpha.localhost", "localhost", "127.0.0.1", "ALPHA.localhost.", "[::1]"] {
                    #expect(try await client.call(.get, "/api/v2/agents/me", key: key, host: host).status == 200, "\(host)")
                }
                // The health path answers on any name (load balancers probe by address or an internal name).
                #expect(try await client.call(.get, "/healthz", key: nil, host: "internal.lb").status == 200)
                await client.shutdown()

                let http = TestHTTPClient(port: server.httpPort)
                let evil = try await http.call(.get, "/login", key: nil, host: "evil.example")
                #expect(evil.status == 421 && evil.header("Location") == nil)
                let good = try await http.call(.get, "/login?next=1", key: nil, host: "alpha.localhost")
                #expect(good.status == 308)
                #expect(good.header("Location") == "https://alpha.localhost:\(server.httpsPort)/login?next=1")
                await http.shutdown()
            }
        }

        @Test func parserErrorsAndTheRedirect_carryTheSecurityHeaders() async throws {
            try await TLSTestServer.start { server in
                let malformed = "GET / HTTP/1.1\r\nHost: localhost\r\nThis is not a header\r\n\r\n"
                let secure = try await RawTLSConnection.exchange(
                    port: server.httpsPort, serverName: "localhost", trusting: server.caCertificate, malformed)
                #expect(secure.text.httpStatus == 400, "\(secure.text)")
                for (name, value) in SecurityHeaders.fields {
                    #expect(secure.text.httpHeader(name.rawName) == value, "\(name) on a parser-level 400 over HTTPS")
                }
                #expect(secure.closed)

                let plain = try RawConnection(port: server.httpPort)
                plain.send(malformed)
                let answer = await plain.readUntilClosed(timeout: 15)
                #expect(answer.text.httpStatus == 400 && answer.closed)
                #expect(answer.text.httpHeader("X-Content-Type-Options") == "nosniff")
                #expect(answer.text.httpHeader("X-Frame-Options") == "DENY")
                #expect(answer.text.httpHeader("Strict-Transport-Security") == nil, "HSTS is never sent over plain HTTP")

                let redirect = try RawConnection(port: server.httpPort)
                redirect.send("GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let moved = await redirect.readAnswer()
                #expect(moved.httpStatus == 308)
                #expect(moved.httpHeader("X-Content-Type-Options") == "nosniff" && moved.httpHeader("Referrer-Policy") == "no-referrer")
                #expect(moved.httpHeader("Strict-Transport-Security") == nil)
            }
        }

        static func countTickets(_ server: TLSTestServer) async throws -> Int64 {
            try await TLSTests.countTickets(server)
        }
    }
}
