import Foundation
import HTTPTypes
import HavenCore
import HavenStore
import Testing

/// The feedback widget over real TLS, below the browser: the script's SRI and CORS, framing only by a listed
/// origin, a form that works without cookies but not without its signed token, the honeypot, and the per-address
/// limit. The browser test shows the same from a real embedding page.
@Suite struct WidgetTests {
    static let host = "alpha.localhost"
    static let shop = "https://shop.example"

    static func allow(_ origins: [String], consent: Bool = false, on server: TLSTestServer) async throws {
        let store = server.store
        try await store.write { sql in
            let tenant = try #require(try await store.tenants.find(subdomain: "alpha", on: sql))
            var settings = PortalSettings()
            settings.widgetOrigins = origins
            settings.consentRequired = consent
            try await store.portal.save(tenant.id, settings, at: Timestamp(secondsSince1970: 1), on: sql)
        }
    }

    static func field(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func theScript_isServedForSRI_andTheFormIsFramedOnlyByAListedOrigin() async throws {
        try await TLSTestServer.start { server in
            let client = server.client(serverName: Self.host)
            defer { Task { await client.shutdown() } }
            let authority = "\(Self.host):\(server.httpsPort)"
            try await Self.allow([Self.shop, "http://plain.example"], on: server)
            let script = try await client.call(.get, "/widget.js", key: nil, host: authority, headers: [("Origin", Self.shop)])
            #expect(script.status == 200)
            #expect(script.headers[.accessControlAllowOrigin] == "*")
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            // (The integrity hash in the admin's snippet is checked by Chromium itself in PortalBrowserTests.)
            #expect(script.text.contains("/widget/new?origin="))

            let form = try await client.call(.get, "/widget/new?origin=https%3A%2F%2Fshop.example", key: nil, host: authority)
            #expect(form.status == 200)
            let policy = try #require(form.headers[.contentSecurityPolicy])
            #expect(policy.contains("frame-ancestors https://shop.example;"))
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(form.headers[HTTPField.Name("X-Frame-Options")!] == nil, "the policy names who may frame it")
            #expect(form.headers[values: .setCookie].isEmpty, "a third-party frame gets no cookies: the form needs none")
            #expect(Self.field("token", in: form.text) != nil && form.text.contains("name=\"website\""))

            for origin in ["https%3A%2F%2Fevil.example", "https%3A%2F%2Fshop.example.evil.test", "", "javascript%3Aalert(1)"] {
                let refused = try await client.call(.get, "/widget/new?origin=\(origin)", key: nil, host: authority)
                #expect(refused.status == 403, "origin \(origin)")
                #expect(refused.text.contains("has not allowed its feedback form on this site"))
                #expect(!refused.text.contains("<form"), "no form for an origin not on the list")
            }
            // Every other page still refuses to be framed.
            let portal = try await client.call(.get, "/", key: nil, host: authority)
            #expect(portal.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(portal.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test func aSubmission_needsItsToken_theHoneypotDropsRobots_andEachAddressIsLimited() async throws {
        try await TLSTestServer.start { server in
            let client = server.client(serverName: Self.host)
            defer { Task { await client.shutdown() } }
            let authority = "\(Self.host):\(server.httpsPort)"
            try await Self.allow([Self.shop], on: server)
            let form = try await client.call(.get, "/widget/new?origin=https%3A%2F%2Fshop.example", key: nil, host: authority)
            let token = try #require(Self.field("token", in: form.text))
            let ownOrigin = [("Origin", "https://\(authority)")]

            func post(_ fields: String, headers: [(String, String)]) async throws -> HTTPResult {
                try await client.call(
                    .post, "/widget/new", key: nil, rawBody: Array(fields.utf8), contentType: "application/x-www-form-urlencoded",
                    host: authority, headers: headers)
            }
            let good =
                "origin=https%3A%2F%2Fshop.example&name=Wendy&email=wendy%40shop.example&subject=Broken+link&description=The+link+is+broken"
            func tickets() async throws -> Int64 {
                try await server.store.read { sql in try await sql.scalar("SELECT count(*) FROM tickets") }
            }

            // No token, a forged one, a token for another origin, or a post from another site: refused, nothing stored.
            for (fields, headers) in [
                (good, ownOrigin), (good + "&token=1.abc", ownOrigin),
                (good.replacingOccurrences(of: "shop.example&", with: "evil.example&") + "&token=\(token)", ownOrigin),
                (good + "&token=\(token)", [("Origin", Self.shop)]),
            ] {
                let refused = try await post(fields, headers: headers)
                #expect(refused.status == 403, "\(fields) \(headers)")
            }
            #expect(try await tickets() == 0)

            // The honeypot: a robot is thanked, nothing is stored.
            let robot = try await post(good + "&token=\(token)&website=http%3A%2F%2Fspam.example", headers: ownOrigin)
            #expect(robot.status == 200 && robot.text.contains("Thank you"))
            #expect(try await tickets() == 0)

            // A person's problems are named in the form again, with what they typed.
            let empty = try await post("origin=https%3A%2F%2Fshop.example&token=\(token)&name=Wendy&email=nope", headers: ownOrigin)
            #expect(empty.status == 422)
            #expect(empty.text.contains("aria-invalid=\"true\"") && empty.text.contains("value=\"Wendy\""))
            #expect(empty.headers[.contentSecurityPolicy]?.contains("frame-ancestors https://shop.example;") == true)

            // The robot counted; the form with mistakes did not (a typo costs no allowance): four tickets, then 429.
            for index in 0..<4 {
                let sent = try await post(good + "&token=\(token)", headers: ownOrigin)
                #expect(sent.status == 200 && sent.text.contains("Your request is ticket #"), "ticket \(index)")
            }
            let limited = try await post(good + "&token=\(token)", headers: ownOrigin)
            #expect(limited.status == 429)
            #expect(limited.headers[.retryAfter].flatMap { Int($0) }.map { $0 > 0 && $0 <= 600 } == true)
            #expect(try await tickets() == 4)

            // The portal's visitor form shares the allowance: the same address is asked to wait there too, with what
            // it typed kept.
            let page = try await client.call(.get, "/tickets/new", key: nil, host: authority)
            let formCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("__Host-haven-form=") })
            let csrf = try #require(Self.field("csrf", in: page.text))
            let portal = try await client.call(
                .post, "/tickets/new", key: nil,
                rawBody: Array("csrf=\(csrf)&name=Wendy&email=wendy%40shop.example&subject=Still+broken&description=Help".utf8),
                contentType: "application/x-www-form-urlencoded", host: authority,
                headers: ownOrigin + [("Cookie", String(formCookie.split(separator: ";")[0]))])
            #expect(portal.status == 429 && portal.text.contains("Too many requests from your network"))
            #expect(portal.text.contains("value=\"Still broken\""))
            #expect(try await tickets() == 4)
            let sources = try await server.store.read { sql in try await sql.all("SELECT DISTINCT source FROM tickets") }
            let source = try sources.first?.int("source")
            #expect(sources.count == 1 && source == 9, "feedback widget")
        }
    }
}
