import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

/// `haven export` through the binary: the agent's API key in HAVEN_API_KEY, the file written 0600 with a progress
/// bar on standard error and the export recorded in the tenant's audit log; a missing, foreign or plain agent's key,
/// a reversed range, or a file that exists gets a one-line error, exit 1 and no file.
@Suite(.serialized) struct ExportCLITests {
    @Test func exportTickets_writesTheFileAsTheKeysAgent_andRefusesBadInput() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (adminKey, plainKey, betaKey, subject) = try await TestServer.start(tenants: ["alpha", "beta"], directory: data) { server, _ in
            let alpha = server.tenants[0]
            let admin = Principal.agent(alpha.agentID, role: .admin, apiKey: nil, tenant: alpha.tenant.id)
            var subject: UserID?
            for number in 0..<620 {
                var changes = TicketChanges()
                changes.subject = "CLI export \(number)"
                changes.description = "<p>Body \(number)</p>"
                changes.status = number % 2 == 0 ? .open : .pending
                let created = try await CreateTicket(server.helpdesk)(
                    changes, for: .email("cli\(number % 9)@customer.example", name: nil), by: admin)
                if number == 0 { subject = created.ticket.requesterID }
            }
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            return (alpha.apiKey, plain.apiKey, server.tenants[1].apiKey, try #require(subject))
        }
        let output = data + "/open-tickets.csv"
        let arguments = [
            "export", "tickets", "--data-dir", data, "--tenant", "alpha", "--fields", "subject,id,requester_email", "--status", "2",
            "--output", output,
        ]
        let exported = try await CLITests.runDetached(arguments, environment: ["HAVEN_API_KEY": adminKey])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("\"rows\":310"), "\(exported.stdout)")
        #expect(exported.stderr.contains("exporting tickets: 100% (310/310)"), "\(exported.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let lines = text.split(separator: "\r\n")
        #expect(lines.count == 311 && lines.first == "id,subject,requester_email")
        #expect(lines.dropFirst().allSatisfy { $0.contains("CLI export ") && $0.hasSuffix("@customer.example") })
        let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // Refusals: one line, exit 1, no file (not even a partial one).
        let refusals: [([String], [String: String], String)] = [
            (arguments, ["HAVEN_API_KEY": adminKey], "exists"),
            (arguments.map { $0 == output ? output + ".2" : $0 }, [:], "Set HAVEN_API_KEY"),
            (arguments.map { $0 == output ? output + ".2" : $0 }, ["HAVEN_API_KEY": plainKey], "not authorized"),
            (arguments.map { $0 == output ? output + ".2" : $0 }, ["HAVEN_API_KEY": betaKey], "not a current API key"),
            (
                arguments.map { $0 == output ? output + ".2" : $0 } + ["--from", "2026-02-01", "--to", "2026-01-01"],
                ["HAVEN_API_KEY": adminKey], "to"
            ),
            (arguments.map { $0 == output ? output + ".2" : $0 } + ["--status", "9"], ["HAVEN_API_KEY": adminKey], "--status"),
            (arguments.map { $0 == output ? output + ".2" : $0 } + ["--fields", "id,password"], ["HAVEN_API_KEY": adminKey], "password"),
        ]
        for (args, environment, message) in refusals {
            let refused = try await CLITests.runDetached(args, environment: environment)
            #expect(
                refused.status == 1 && refused.stderr.hasPrefix("haven: ") && refused.stderr.contains(message), "\(args): \(refused.stderr)"
            )
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            #expect(
                !FileManager.default.fileExists(atPath: output + ".2") && !FileManager.default.fileExists(atPath: output + ".2.partial"))
        }

        // A `.partial` planted as a symbolic link is replaced, never followed: the file it points to stays as it was.
        let victim = data + "/victim.txt"
        try "untouched".write(toFile: victim, atomically: true, encoding: .utf8)
        let redirected = data + "/again.csv"
        try FileManager.default.createSymbolicLink(atPath: redirected + ".partial", withDestinationPath: victim)
        let again = try await CLITests.runDetached(
            arguments.map { $0 == output ? redirected : $0 }, environment: ["HAVEN_API_KEY": adminKey])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "untouched")
        #expect(try String(contentsOfFile: redirected, encoding: .utf8) == text)

        // One person's data package: a zip Python opens, with a manifest and each of their 69 tickets.
        let zip = data + "/cli0.zip"
        let packaged = try await CLITests.runDetached(
            ["export", "package", "--data-dir", data, "--tenant", "alpha", "--contact", "\(subject)", "--output", zip],
            environment: ["HAVEN_API_KEY": adminKey])
        #expect(packaged.status == 0, "\(packaged.stderr)")
        #expect(packaged.stderr.contains("packaging tickets: 100% (69/69)"), "\(packaged.stderr)")
        let listing = try ChildProcess(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; n = z.namelist(); print(len([x for x in n if x.endswith('/ticket.json')]), 'manifest.json' in n)",
                zip,
            ]
        ).finish()
        #expect(listing.1.trimmingWhitespace() == "69 True", "\(listing)")
        let unknown = try await CLITests.runDetached(
            ["export", "package", "--data-dir", data, "--tenant", "alpha", "--contact", "999999", "--output", zip + ".2"],
            environment: ["HAVEN_API_KEY": adminKey])
        #expect(unknown.status == 1 && !FileManager.default.fileExists(atPath: zip + ".2"), "\(unknown.stderr)")

        // The tenant's audit log holds the export as requested and downloaded, by the key's agent.
        let audit = try await CLITests.runDetached(["audit", "export", "--data-dir", data, "--tenant", "alpha"])
        let entries = audit.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(Array($0.utf8)).objectValue }
        let requested = entries.filter { $0.string("action") == "ticket.export_requested" }
        // Two exports ran (the second over the planted link); refused ones recorded nothing.
        #expect(requested.count == 2 && requested.allSatisfy { $0["details"]?.objectValue?.string("delivery") == "direct" }, "\(requested)")
        #expect(entries.contains { $0.string("action") == "export.downloaded" && $0["details"]?.objectValue?.int("rows") == 310 })
        #expect(entries.contains { $0.string("action") == "contact.data_package_requested" && $0.string("target_id") == "\(subject)" })
        #expect(
            entries.contains { $0.string("action") == "contact.data_package_produced" && $0["details"]?.objectValue?.int("tickets") == 69 })
    }
}
