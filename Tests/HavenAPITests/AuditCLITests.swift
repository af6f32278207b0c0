import Foundation
import HavenApp
import HavenAudit
import HavenCore
import HavenStore
import Logging
import Testing

/// Every CLI administration command records exactly one audit entry per change, as done by the operator command;
/// `haven audit export` writes the log decrypted as NDJSON or CSV, with progress on large exports.
@Suite("Audit from the CLI", .serialized)
struct AuditCLITests {
    static func export(_ data: String, _ format: String = "ndjson", _ extra: [String] = []) throws -> CLITests.Outcome {
        try CLITests.run(["audit", "export", "--tenant", "globex", "--format", format, "--data-dir", data] + extra)
    }

    static func entries(_ data: String) throws -> [JSONObject] {
        let exported = try Self.export(data)
        #expect(exported.status == 0, "\(exported.stderr)")
        return try exported.stdout.split(separator: "\n").map { line in
            try #require(try JSONParser.parse(String(line)).objectValue)
        }
    }

    @Test func everyAdministrationCommandRecordsItsChange() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        func run(_ arguments: [String]) throws {
            let outcome = try CLITests.run(arguments + ["--data-dir", data])
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        }
        try run(["tenant", "create", "--name", "Acme", "--subdomain", "globex", "--admin-email", "boss@globex.example"])
        try run(["agent", "create", "--tenant", "globex", "--email", "second@globex.example", "--name", "Second", "--role", "agent"])
        let material = try DomainCertificateTests.material(base: "acme-portal.test")
        try material.chain.write(toFile: data + "/chain.pem", atomically: true, encoding: .utf8)
        try material.key.write(toFile: data + "/key.pem", atomically: true, encoding: .utf8)
        try run([
            "domains", "cert", "upload", "--tenant", "globex", "--domain", "help.acme-portal.test", "--cert", data + "/chain.pem", "--key",
            data + "/key.pem",
        ])
        try run(["keys", "rotate", "--tenant", "globex"])
        try run(["keys", "new-epoch", "--grace-hours", "0"])
        try run(["reindex", "--tenant", "globex"])
        try run(["tenant", "terminate", "globex"])
        try run(["tenant", "reactivate", "globex"])
        // Refused commands record nothing.
        #expect(
            try CLITests.run(["agent", "create", "--tenant", "globex", "--email", "bad", "--name", "X", "--data-dir", data]).status == 1)
        #expect(try CLITests.run(["keys", "rotate", "--tenant", "nobody", "--data-dir", data]).status == 1)

        let entries = try Self.entries(data)
        let expected: [(String, String)] = [
            ("tenant.created", "tenant create"), ("agent.created", "agent create"),
            ("domain_certificate.uploaded", "domains cert upload"), ("key.rotated", "keys rotate"), ("key.rewrapped", "keys new-epoch"),
            // A zero grace destroys the replaced epoch key in the same command: a second change, a second entry.
            ("key.epoch_destroyed", "keys new-epoch"), ("index.rebuilt", "reindex"), ("tenant.terminated", "tenant terminate"),
            ("tenant.reactivated", "tenant reactivate"),
        ]
        #expect(entries.map { $0.string("action") ?? "" } == expected.map(\.0))
        for (entry, (action, command)) in zip(entries, expected) {
            #expect(entry["actor"] == ["type": "operator", "name": .string(command)], "\(action): \(entry)")
            #expect(entry["source_ip"] == .null)
        }
        #expect(entries[1]["details"]?.objectValue?["role"] == "agent")
        #expect(entries[3]["details"]?.objectValue?["data_key_version"] == 2)
        #expect(entries[5]["details"]?.objectValue?["epoch"] == 1)
        #expect(entries[7]["details"]?.objectValue?["previous_status"] == "active")

        // CSV: a header and one line per entry, the same entries.
        let csv = try Self.export(data, "csv")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == Substring(AuditRecord.csvHeader.joined(separator: ",")))
        #expect(lines.count == entries.count + 1 && lines[1].hasPrefix("1,") && lines[1].contains(",operator,,,tenant create,"))
        // Time windows, and bad dates refused with a one-line error.
        let sinceLong = try Self.export(data, "ndjson", ["--since", "2000-01-01"]).stdout.split(separator: "\n").count
        #expect(sinceLong == entries.count)
        #expect(try Self.export(data, "ndjson", ["--until", "2000-01-01"]).stdout.isEmpty)
        let badDate = try Self.export(data, "ndjson", ["--since", "last week"])
        #expect(badDate.status == 1 && badDate.stderr.contains("--since 'last week' is not a date"))
        let reversed = try Self.export(data, "ndjson", ["--since", "2030-01-02", "--until", "2030-01-01"])
        #expect(reversed.status == 1 && reversed.stderr.contains("--until is before --since"))
        let badFormat = try Self.export(data, "xml")
        #expect(badFormat.status != 0 && badFormat.stderr.contains("xml"))
        let verified = try CLITests.run(["audit", "verify", "--tenant", "globex", "--data-dir", data])
        #expect(verified.status == 0 && verified.stdout.contains("\"entries\":9"), "\(verified.stdout)")
    }

    @Test func largeExportsShowProgressAndKeepEveryEntry() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        var logger = Logger(label: "audit-cli-test")
        logger.logLevel = .critical
        let store = try await Store.open(dataDirectory: data, logger: logger)
        do {
            let tenant = try await Provisioning(store: store, actor: .cli("test")).createTenant(
                name: "Acme", subdomain: "globex", adminEmail: "boss@globex.example", adminName: nil
            ).tenant.id
            for batch in 0..<6 {
                try await store.write { sql in
                    for n in 0..<1000 {
                        try await store.audit.record(
                            AuditEvent(
                                tenant: tenant, occurredAt: store.clock.now(), actor: .system("load"), action: "ticket.updated",
                                targetType: "ticket", targetID: String(batch * 1000 + n), details: ["changes": ["status": ["after": 4]]]),
                            on: sql)
                    }
                }
            }
        } catch {
            await store.database.close()
            throw error
        }
        await store.database.close()
        let exported = try Self.export(data)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.split(separator: "\n").count == 6001)
        // Not a terminal here: a line each time the export passes another tenth, ending at 100%.
        let progress = exported.stderr.split(separator: "\n")
        #expect(progress.count >= 5 && progress.last == "exporting audit entries: 100% (6001/6001)", "\(exported.stderr)")
        #expect(try CLITests.run(["audit", "verify", "--tenant", "globex", "--data-dir", data]).stdout.contains("\"entries\":6001"))
    }
}
