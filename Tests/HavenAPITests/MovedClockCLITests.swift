import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Retention and the purge of a terminated tenant through the binary with its clock moved by libfaketime (the real
/// `haven serve`, its hourly services running their first round at start): nothing goes today; 95 days on, the
/// closed ticket and the idle contact of the tenant with rules are gone, the terminated tenant is purged with its
/// keys, and each deletion has a receipt `haven receipts verify` accepts; the open ticket stays.
@Suite(.serialized) struct MovedClockCLITests {
    /// libfaketime (Debian's faketime package, which scripts/test installs), preloaded into the binary itself so the
    /// process stopped at the end is Haven (the `faketime` wrapper would stay between).
    static let library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"

    @Test func ninetyFiveDaysOn_retentionAndTenantPurgeRun_withReceipts() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.library), "libfaketime is missing: scripts/test installs faketime")
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let today = ManualClock(SystemClock().now())
        let (key, betaID) = try await TestServer.start(tenants: ["alpha", "beta"], directory: data, clock: today) { server, client in
            let key = server.tenants[0].apiKey
            for (subject, status) in [("Closed long ago", 5), ("Still open", 2)] {
                let created = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: ["subject": .string(subject), "description": "d", "email": "keeper@customer.example", "priority": 1])
                let id = try #require(created.object?.int("id"))
                if status != 2 { _ = try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": .int(Int64(status))]) }
            }
            _ = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Idle Ida", "email": "ida@customer.example"])
            _ = try await client.call(
                .post, "/api/v2/tickets", key: server.tenants[1].apiKey,
                json: ["subject": "Beta's ticket", "description": "d", "email": "b@customer.example", "priority": 1])
            return (key, server.tenants[1].tenant.id)
        }
        func run(_ arguments: [String]) async throws -> CLITests.Outcome {
            let outcome = try await CLITests.runDetached(arguments + ["--data-dir", data])
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            return outcome
        }
        // Rules are set only with the preview's counts: today nothing would go.
        let preview = try await run([
            "retention", "preview", "--tenant", "alpha", "--closed-ticket-days", "30", "--inactive-contact-days", "60",
        ])
        #expect(preview.stdout.contains("\"tickets\":0") && preview.stdout.contains("\"contacts\":0"), "\(preview.stdout)")
        _ = try await run([
            "retention", "set", "--tenant", "alpha", "--closed-ticket-days", "30", "--inactive-contact-days", "60", "--expect-tickets", "0",
            "--expect-contacts", "0",
        ])
        _ = try await run(["tenant", "terminate", "beta"])
        #expect(try await run(["retention", "run", "--tenant", "alpha"]).stdout.contains("\"tickets\":0"))
        let listed = try await run(["tenant", "list"])
        #expect(listed.stdout.contains("\"purge_at\""), "\(listed.stdout)")

        // 95 days on: the server's first rounds apply the rules and purge beta.
        // The shell sends the logs (standard error) to the pipe read here, then becomes Haven.
        let process = try ChildProcess(
            "/bin/sh",
            [
                "-c", "exec 2>&1; exec \"$0\" \"$@\"", CLITests.binary.path, "serve", "--data-dir", data, "--http-port",
                String(FreePort.next()), "--https-port", String(FreePort.next()),
            ],
            environment: CLITests.engineEnvironment(
                ["serve", "--data-dir", data], ["LD_PRELOAD": Self.library, "FAKETIME": "+95d", "FAKETIME_DONT_FAKE_MONOTONIC": "1"]))
        var output = ""
        let deadline = Date().addingTimeInterval(30)
        while !(output.contains("terminated tenant purged") && output.contains("retention rules applied")), Date() < deadline,
            process.isRunning
        {
            output += process.readOutput()
        }
        process.terminate()
        _ = await process.finished()
        #expect(output.contains("terminated tenant purged") && output.contains("retention rules applied"), "\(output)")

        let tenants = try await run(["tenant", "list"]).stdout
        #expect(!tenants.contains("\"subdomain\":\"beta\"") && tenants.contains("\"subdomain\":\"alpha\""), "\(tenants)")
        // What stays: the open ticket (exported as alpha's admin); what went: the closed one.
        let file = data + "/left.csv"
        let exported = try await CLITests.runDetached(
            ["export", "tickets", "--data-dir", data, "--tenant", "alpha", "--fields", "subject,status", "--output", file],
            environment: ["HAVEN_API_KEY": key])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "subject,status\r\nStill open,Open\r\n")
        // A receipt for each retention batch and one for the purge, each verified, with no personal data in them.
        for (choice, kind) in [(["--tenant", "alpha"], "retention.run"), (["--tenant-id", "\(betaID)"], "tenant.purged")] {
            let listedReceipts = try await run(["receipts", "list"] + choice).stdout
            let receipts = try JSONParser.parse(Array(listedReceipts.utf8)).arrayValue?.compactMap(\.objectValue) ?? []
            #expect(receipts.contains { $0.string("kind") == kind }, "\(listedReceipts)")
            for receipt in receipts {
                let id = try #require(receipt.string("id"))
                let shown = try await run(["receipts", "show", id] + choice)
                let path = data + "/receipt-\(id).json"
                try shown.stdout.write(toFile: path, atomically: true, encoding: .utf8)
                #expect(try await run(["receipts", "verify", path]).stdout.contains("\"valid\":true"))
                #expect(!shown.stdout.contains("ida@customer.example") && !shown.stdout.contains("Closed long ago"))
            }
        }
    }
}
