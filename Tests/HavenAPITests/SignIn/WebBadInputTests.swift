import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Bad input to the web channel over real TLS: each refused with a clear page and the right status, nothing
/// changed, the server keeps serving; and the headers every page carries.
@Suite struct WebBadInputTests {
    static let host = "alpha.localhost"

    @Test func pages_carryTheStrictPolicy_andRefuseBadForms() async throws {
        try await TLSTestServer.start { server in
            let client = server.client(serverName: Self.host)
            defer { Task { await client.shutdown() } }
            let authority = "\(Self.host):\(server.httpsPort)"
            let page = try await client.call(.get, "/console/sign-in", key: nil, host: authority)
            #expect(page.status == 200)
            #expect(
                page.headers[.contentSecurityPolicy]
                    == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            )
            #expect(page.headers[.strictTransportSecurity]?.hasPrefix("max-age=31536000") == true)
            #expect(page.headers[.cacheControl] == "no-store")
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("__Host-haven-form=") })
            #expect(cookie.contains("; Path=/; Secure; HttpOnly; SameSite=Lax") && !cookie.contains("Domain"))
            let formCookie = String(cookie.split(separator: ";")[0])
            let token = String(formCookie.split(separator: "=", maxSplits: 1)[1])
            #expect(page.text.contains("name=\"csrf\" value=\"\(token)\""))
            let origin = [("Origin", "https://\(authority)"), ("Cookie", formCookie)]

            func post(_ body: String, _ headers: [(String, String)], type: String = "application/x-www-form-urlencoded") async throws
                -> HTTPResult
            {
                try await client.call(
                    .post, "/console/sign-in", key: nil, rawBody: Array(body.utf8), contentType: type, host: authority, headers: headers)
            }
            let noToken = try await post("email=a%40b.c&password=x", origin)
            #expect(noToken.status == 403 && noToken.text.contains("This form has expired"))
            let elsewhere = try await post(
                "csrf=\(token)&email=a&password=x", [("Origin", "https://evil.example"), ("Cookie", formCookie)])
            #expect(elsewhere.status == 403 && elsewhere.text.contains("sent from another site"))
            let crossSite = try await post(
                "csrf=\(token)&email=a&password=x", [("Origin", "null"), ("Sec-Fetch-Site", "cross-site"), ("Cookie", formCookie)])
            #expect(crossSite.status == 403)
            let unsaid = try await post("csrf=\(token)&email=a&password=x", [("Cookie", formCookie)])
            #expect(unsaid.status == 403 && unsaid.text.contains("without saying where from"))
            let malformed = try await post("csrf=\(token)&email=%ZZ", origin)
            #expect(malformed.status == 400 && malformed.text.contains("could not be read"))
            let json = try await post("{\"email\":\"a\"}", origin, type: "application/json")
            #expect(json.status == 415)
            // A file goes only to the forms that take one; a broken or oversized upload there is named, nothing changes.
            let multipart = "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n--b--\r\n"
            let fileToSignIn = try await post(multipart, origin, type: "multipart/form-data; boundary=b")
            #expect(fileToSignIn.status == 415 && fileToSignIn.text.contains("URL-encoded"))
            func upload(_ body: [UInt8], on connection: TestHTTPClient) async throws -> HTTPResult {
                try await connection.call(
                    .post, "/console/admin/portal/logo", key: nil, rawBody: body, contentType: "multipart/form-data; boundary=b",
                    host: authority, headers: origin)
            }
            let broken = try await upload(Array("--b\r\nContent-Disposition: form-data; name=\"logo\"\r\n\r\nno end".utf8), on: client)
            #expect(broken.status == 400 && broken.text.contains("ends before its closing boundary"), "\(broken.text.prefix(300))")
            let plainToUpload = try await client.call(
                .post, "/console/admin/portal/logo", key: nil, rawBody: Array("{}".utf8), contentType: "application/json",
                host: authority, headers: origin)
            #expect(plainToUpload.status == 415 && plainToUpload.text.contains("takes a file"))
            let bigUpload = server.client(serverName: Self.host)
            let oversized = try await upload(
                Array(("--b\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"a.png\"\r\n\r\n").utf8)
                    + [UInt8](repeating: 0x41, count: 300_000) + Array("\r\n--b--\r\n".utf8), on: bigUpload)
            #expect(oversized.status == 413 && oversized.text.contains("larger than 256 KB"))
            await bigUpload.shutdown()
            // A reply's files (megabytes allowed) are not even read for someone who is not signed in.
            let stranger = server.client(serverName: Self.host)
            let strangerReply = try await stranger.call(
                .post, "/console/tickets/1/reply", key: nil,
                rawBody: Array(("--b\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.bin\"\r\n\r\n").utf8)
                    + [UInt8](repeating: 0x41, count: 2_000_000) + Array("\r\n--b--\r\n".utf8),
                contentType: "multipart/form-data; boundary=b", host: authority, headers: origin)
            #expect(strangerReply.status == 401 && strangerReply.text.contains("Sign in again"))
            await stranger.shutdown()
            let longPassword = try await post(
                "csrf=\(token)&email=admin%40alpha.example&password=" + String(repeating: "p", count: 10_240), origin)
            #expect(longPassword.status == 401 && longPassword.text.contains("longer than 1,024 bytes"))
            let wrong = try await post("csrf=\(token)&email=admin%40alpha.example&password=nope", origin)
            #expect(wrong.status == 401 && wrong.text.contains("The e-mail address or the password is not right"))
            #expect(wrong.text.contains("value=\"admin@alpha.example\""), "the form is shown again with what was typed")

            let unknownLink = try await client.call(.get, "/console/set-password?token=nonsense", key: nil, host: authority)
            #expect(unknownLink.status == 410 && unknownLink.text.contains("not valid any more"))
            let notFound = try await client.call(.get, "/console/nowhere", key: nil, host: authority)
            #expect(notFound.status == 303, "pages behind sign-in send a stranger to sign in first")
            let put = try await client.call(.put, "/console/sign-in", key: nil, host: authority)
            #expect(put.status == 405)
            let noTenant = try await client.call(.get, "/console/sign-in", key: nil, host: "nobody.localhost:\(server.httpsPort)")
            #expect(noTenant.status == 421 || noTenant.status == 404)
            let css = try await client.call(.get, "/static/haven.css", key: nil, host: authority)
            #expect(css.status == 200 && css.headers[.contentType] == "text/css; charset=utf-8")
            let etag = try #require(css.headers[.eTag])
            let again = try await client.call(.get, "/static/haven.css", key: nil, host: authority, headers: [("If-None-Match", etag)])
            #expect(again.status == 304)
            #expect(try await client.call(.get, "/api/v2/agents/me", key: server.apiKey, host: authority).status == 200)
            // Last, on a connection of its own: an answer before the whole body was read closes the connection.
            let other = server.client(serverName: Self.host)
            let huge = try await other.call(
                .post, "/console/sign-in", key: nil, rawBody: Array(("csrf=\(token)&email=" + String(repeating: "a", count: 70_000)).utf8),
                contentType: "application/x-www-form-urlencoded", host: authority, headers: origin)
            #expect(huge.status == 413 && huge.text.contains("larger than 64 KB"))
            await other.shutdown()
        }
    }
}
