import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import NIOCore
import Testing

/// Mail posted over HTTPS by a hosted relay (`POST /mail/inbound`): only with the tenant's relay token, which can do
/// nothing else; the same storage and threading as LMTP; every refusal with the status a relay acts on.
@Suite struct MailRelayTests {
    static let message = Array(
        "From: Relay Customer <rc@customer.example>\r\nTo: help@alpha-corp.example\r\nSubject: Via relay\r\nMessage-ID: <r1@customer.example>\r\n\r\nHello from the relay\r\n"
            .utf8)

    @Test func aRelayPostsMail_withItsToken_andNothingElse() async throws {
        try await TLSTestServer.start { server in
            let helpdesk = server.helpdesk
            let token = try await MailRelay(helpdesk).issueToken(by: .cliOperator("test", tenant: server.tenantID))
            let client = server.client(serverName: "alpha.localhost")
            defer { Task { await client.shutdown() } }
            func post(_ body: [UInt8], token: String?, type: String = "message/rfc822", path: String = "/mail/inbound") async throws
                -> (Int, String)
            {
                let response = try await client.call(
                    .post, path, key: nil, rawBody: body, contentType: type, host: "alpha.localhost",
                    headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
                return (response.status, response.text)
            }
            let (created, body) = try await post(Self.message, token: token)
            #expect(created == 201 && body.contains("\"outcome\":\"created\""), "\(body)")
            #expect(try await post(Self.message, token: token).0 == 200)  // the relay's retry: stored once
            #expect(try await post(Self.message, token: nil).0 == 401)
            #expect(try await post(Self.message, token: "mr_" + String(repeating: "0", count: 48)).0 == 401)
            #expect(try await post(Self.message, token: server.apiKey).0 == 401)  // an API key is not a relay token
            #expect(try await post(Self.message, token: token, type: "application/json").0 == 415)
            #expect(try await post([], token: token).0 == 400)
            // A message above the limit is refused from its declared length, before its body is read.
            let tooLarge = try await RawTLSConnection.exchange(
                port: server.httpsPort, serverName: "alpha.localhost", trusting: server.caCertificate,
                "POST /mail/inbound HTTP/1.1\r\nHost: alpha.localhost\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: message/rfc822\r\nContent-Length: 30000000\r\n\r\n", timeout: .seconds(5))
            #expect(tooLarge.text.hasPrefix("HTTP/1.1 413"), "\(tooLarge.text)")
            let noSender = Array("Subject: nobody\r\n\r\nwho am I\r\n".utf8)
            #expect(try await post(noSender, token: token).0 == 422)
            // The token is not an API key: the API refuses it.
            let api = try await post([], token: token, type: "application/json", path: "/api/v2/tickets")
            #expect(api.0 == 401)
            // A new token revokes the old one.
            _ = try await MailRelay(helpdesk).issueToken(by: .cliOperator("test", tenant: server.tenantID))
            #expect(try await post(Self.message, token: token).0 == 401)
        }
    }
}
