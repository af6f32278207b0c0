import Foundation
import HavenCore
import Testing

/// The access-control commands through the `haven` binary: JSON out, links that work once, one-line errors.
@Suite struct AccessCLITests {
    static func run(_ data: String, _ arguments: [String]) async throws -> CLITests.Outcome {
        try await CLITests.runDetached(
            arguments + ["--data-dir", data], environment: ["HAVEN_BASE_DOMAIN": "helpdesk.example", "HAVEN_HTTPS_PORT": "443"])
    }

    static func object(_ outcome: CLITests.Outcome) throws -> JSONObject {
        try #require(try JSONParser.parse(outcome.stdout.split(separator: "\n").last.map(String.init) ?? "").objectValue, "\(outcome)")
    }

    @Test func invite_reset_apiKeys_contactLink_allowlists_andTheirBadInput() async throws {
        let data = NSTemporaryDirectory() + "haven-access-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(
            try await Self.run(
                data, ["tenant", "create", "--name", "Umbrella", "--subdomain", "umbrella", "--admin-email", "a@umbrella.example"]
            ).status == 0)

        let invited = try Self.object(
            try await Self.run(data, ["agent", "invite", "--tenant", "umbrella", "--email", "bo@umbrella.example", "--name", "Bo"]))
        let link = try #require(invited["link"]?.stringValue)
        #expect(link.hasPrefix("https://umbrella.helpdesk.example/console/set-password?token="))
        #expect(invited["expires_in_hours"] == 168)
        let vendor = try await Self.run(
            data, ["agent", "invite", "--tenant", "umbrella", "--email", "vic@partner.example", "--occasional-until", "2099-02-30"])
        #expect(vendor.status == 1 && vendor.stderr.contains("--occasional-until must be a date"))
        let reset = try Self.object(
            try await Self.run(data, ["agent", "reset-password", "--tenant", "umbrella", "--email", "bo@umbrella.example"]))
        #expect(reset["expires_in_hours"] == 1)
        let nobody = try await Self.run(data, ["agent", "reset-password", "--tenant", "umbrella", "--email", "nobody@umbrella.example"])
        #expect(nobody.status == 1 && nobody.stderr.contains("No agent with e-mail nobody@umbrella.example"))
        #expect(try await Self.run(data, ["agent", "unlock", "--tenant", "umbrella", "--email", "bo@umbrella.example"]).status == 0)

        let created = try Self.object(
            try await Self.run(
                data,
                [
                    "api-key", "create", "--tenant", "umbrella", "--email", "bo@umbrella.example", "--name", "Reports", "--read-only",
                    "--expires", "2099-12-31", "--allow", "203.0.113.0/24",
                ]))
        #expect(created["api_key"]?.stringValue?.count == 28)
        let listed = try await Self.run(data, ["api-key", "list", "--tenant", "umbrella", "--email", "bo@umbrella.example"])
        #expect(listed.stdout.contains("\"name\":\"Reports\"") && listed.stdout.contains("\"read_only\":true"))
        #expect(!listed.stdout.contains(created["api_key"]?.stringValue ?? "-"), "the key itself is never listed")
        let badKey = try await Self.run(
            data, ["api-key", "create", "--tenant", "umbrella", "--email", "bo@umbrella.example", "--name", "X", "--allow", "10.0.0.0/40"])
        #expect(badKey.status == 1 && badKey.stderr.contains("--allowlist") && badKey.stderr.contains("10.0.0.0/40"))
        let id = try #require(created["id"]?.intValue)
        #expect(try await Self.run(data, ["api-key", "revoke", "--tenant", "umbrella", String(id)]).status == 0)
        let twice = try await Self.run(data, ["api-key", "revoke", "--tenant", "umbrella", String(id)])
        #expect(twice.status == 1 && twice.stderr.contains("No unrevoked key"))

        let list = data + "/cidrs.txt"
        try "# office\n198.51.100.0/24\n2001:db8::/48  # branch\n".write(toFile: list, atomically: true, encoding: .utf8)
        let set = try Self.object(
            try await Self.run(data, ["tenant", "allowlist", "set", "umbrella", "--scope", "console", "--file", list]))
        #expect(set["entries"] == 2)
        try "not-a-network\n".write(toFile: list, atomically: true, encoding: .utf8)
        let bad = try await Self.run(data, ["tenant", "allowlist", "set", "umbrella", "--scope", "console", "--file", list])
        #expect(bad.status == 1 && bad.stderr.contains("'not-a-network' is not an IPv4 or IPv6 address"))
        let cleared = try Self.object(try await Self.run(data, ["tenant", "allowlist", "clear", "umbrella"]))
        #expect(cleared["entries_removed"] == 2)
        let scope = try await Self.run(data, ["tenant", "allowlist", "clear", "umbrella", "--scope", "office"])
        #expect(scope.status == 1 && scope.stderr.contains("--scope must be console, portal or api"))

        #expect(
            try await Self.run(data, ["tenant", "create", "--name", "x", "--subdomain", "other", "--admin-email", "x@other.example"]).status
                == 0)
        let noContact = try await Self.run(data, ["contact", "password-link", "--tenant", "umbrella", "--email", "bo@umbrella.example"])
        #expect(noContact.status == 1 && noContact.stderr.contains("No contact with e-mail"), "an agent is no portal contact")
        let verified = try await Self.run(data, ["audit", "verify", "--tenant", "umbrella"])
        #expect(verified.status == 0, "\(verified.stderr)")
        let exported = try await Self.run(data, ["audit", "export", "--tenant", "umbrella"]).stdout
        for action in [
            "auth.link_issued", "auth.unlocked", "api_key.created", "api_key.revoked", "security.policy_changed",
            "security.allowlist_cleared",
        ] {
            #expect(exported.contains("\"\(action)\""), "audit has \(action)")
        }
    }
}
