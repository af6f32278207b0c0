import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Permanent deletions leave a receipt signed with the deployment's Ed25519 key: what went, how many, which key
/// versions were destroyed, when — no personal data — checked by the binary's `haven receipts verify`, which refuses
/// an altered one or one signed by another key; a purged tenant's receipt outlives the tenant.
@Suite(.serialized) struct DeletionReceiptTests {
    @Test func erasingAContactAndPurgingATenant_leaveSignedReceipts_thatTheBinaryVerifies() async throws {
        let directory = NSTemporaryDirectory() + "haven-receipts-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tenants = try await TestServer.start(tenants: ["alpha", "beta"], directory: directory) { server, client in
            let key = server.tenants[0].apiKey
            let contact = try await client.call(
                .post, "/api/v2/contacts", key: key, json: ["name": "Erin Erased", "email": "erin@customer.example"])
            let id = try #require(contact.object?.int("id"))
            for subject in ["First", "Second"] {
                _ = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: ["subject": .string(subject), "requester_id": .int(id), "status": 2, "priority": 1, "description": "x"])
            }
            #expect(try await client.call(.delete, "/api/v2/contacts/\(id)/hard_delete?force=true", key: key).status == 204)
            // The public key is published without authentication.
            let published = try await client.call(.get, "/api/v2/deletion_receipts/public_key", key: nil)
            #expect(published.status == 200)
            #expect(published.object?.string("public_key") == (try await DeletionReceipts(server.helpdesk).publicKey()))
            return server.tenants
        }

        // The receipt through the binary: listed, printed, verified.
        let listed = try CLITests.run(["receipts", "list", "--tenant", "alpha", "--data-dir", directory])
        #expect(listed.status == 0, "\(listed.stderr)")
        let receipts = try #require(try JSONParser.parse(listed.stdout).arrayValue)
        try #require(receipts.count == 1)
        let receiptID = try #require(receipts[0].objectValue?["id"]?.stringValue)
        #expect(receipts[0].objectValue?["kind"]?.stringValue == "contact.erased")
        let shown = try CLITests.run(["receipts", "show", receiptID, "--tenant", "alpha", "--data-dir", directory])
        #expect(shown.status == 0, "\(shown.stderr)")
        let file = directory + "/receipt.json"
        try shown.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let body = try #require(try JSONParser.parse(shown.stdout).objectValue?["body"]?.objectValue)
        #expect(body["deleted"] == .object(["contacts": .int(1), "tickets": .int(2)]))
        #expect(body["keys_destroyed"]?.arrayValue?.first?.objectValue?["versions"] == .array([.int(1)]))
        #expect(!shown.stdout.contains("Erin") && !shown.stdout.contains("erin@"), "a receipt holds no personal data")
        let verified = try CLITests.run(["receipts", "verify", file, "--data-dir", directory])
        #expect(verified.status == 0 && verified.stdout.contains("\"valid\":true"), "\(verified.stderr)")

        // One digit changed: refused. The same receipt checked by another deployment: refused.
        try shown.stdout.replacingOccurrences(of: "\"tickets\":2", with: "\"tickets\":1").write(
            toFile: file, atomically: true, encoding: .utf8)
        let altered = try CLITests.run(["receipts", "verify", file, "--data-dir", directory])
        #expect(altered.status == 1 && altered.stderr.contains("altered"))
        try shown.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let elsewhere = NSTemporaryDirectory() + "haven-receipts-other-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let foreign = try CLITests.run(["receipts", "verify", file, "--data-dir", elsewhere])
        #expect(foreign.status == 1 && foreign.stderr.contains("another key"))
        let garbage = directory + "/garbage.json"
        try "{\"hello\":1}".write(toFile: garbage, atomically: true, encoding: .utf8)
        #expect(try CLITests.run(["receipts", "verify", garbage, "--data-dir", directory]).stderr.contains("not a Haven deletion receipt"))

        // A purge: the receipt outlives the tenant, named by its id.
        #expect(try CLITests.run(["tenant", "terminate", "beta", "--data-dir", directory]).status == 0)
        let purged = try CLITests.run(["tenant", "purge", "beta", "--data-dir", directory])
        #expect(purged.status == 0, "\(purged.stderr)")
        let purgeReceipt = try #require(try JSONParser.parse(purged.stdout).objectValue?["receipt"]?.stringValue)
        let betaID = String(tenants[1].tenant.id.rawValue)
        let purgeFile = try CLITests.run(["receipts", "show", purgeReceipt, "--tenant-id", betaID, "--data-dir", directory])
        #expect(purgeFile.status == 0 && purgeFile.stdout.contains("\"kind\":\"tenant.purged\""), "\(purgeFile.stderr)")
        #expect(purgeFile.stdout.contains("\"tenant data key\"") && purgeFile.stdout.contains("\"users\":"))
        try purgeFile.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try CLITests.run(["receipts", "verify", file, "--data-dir", directory]).status == 0)
        #expect(try CLITests.run(["receipts", "list", "--data-dir", directory]).stderr.contains("--tenant SUB or --tenant-id N"))
    }
}
