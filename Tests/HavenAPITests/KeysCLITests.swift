import Foundation
import HavenCore
import Testing

/// `haven keys status | rotate | new-epoch`, `haven reindex`, `haven tenant purge` and the key-directory checks,
/// run as the real binary against real files.
@Suite("Keys CLI")
struct KeysCLITests {
    static func json(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(text.trimmingWhitespace()).objectValue)
    }

    @Test func statusRotateNewEpochReindexAndPurge() throws {
        let data = CLITests.temporaryDirectory()
        let keys = CLITests.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        let env = ["HAVEN_DATA_DIR": data, "HAVEN_KEY_DIR": keys]
        for sub in ["umbrella", "initech"] {
            let created = try CLITests.run(
                ["tenant", "create", "--name", sub, "--subdomain", sub, "--admin-email", "boss@\(sub).example"], environment: env
            )
            #expect(created.status == 0, "\(created.stderr)")
        }
        #expect(
            try CLITests.run(["agent", "create", "--tenant", "umbrella", "--email", "a@u.example", "--name", "A"], environment: env).status
                == 0)
        #expect(!FileManager.default.fileExists(atPath: data + "/keys"), "keys go to HAVEN_KEY_DIR, not the data directory")
        #expect(FileManager.default.fileExists(atPath: keys + "/epoch-000001.key"))

        let status = try Self.json(try CLITests.run(["keys", "status", "--tenant", "umbrella"], environment: env).stdout)
        #expect(status.string("provider") == "local-file")
        let tenant = try #require(status["tenants"]?.arrayValue?.first?.objectValue)
        #expect(tenant.int("data_key_version") == 1)
        #expect(tenant.int("subject_keys") == 2)
        #expect(tenant.int("plaintext_values") == 0)
        #expect((tenant["envelopes_by_key_version"]?.objectValue?["subject"]?.objectValue?.int("1") ?? 0) > 0)

        let rotated = try CLITests.run(["keys", "rotate", "--tenant", "umbrella"], environment: env)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let rotation = try Self.json(rotated.stdout)
        #expect(rotation.int("data_key_version") == 2 && rotation.int("remaining") == 0)
        #expect((rotation.int("resealed") ?? 0) >= 2)
        #expect(rotated.stderr.contains("re-encrypting:"), "progress is shown")
        let after = try Self.json(try CLITests.run(["keys", "status", "--tenant", "umbrella"], environment: env).stdout)
        let afterTenant = try #require(after["tenants"]?.arrayValue?.first?.objectValue)
        #expect(afterTenant.int("old_version_envelopes") == 0)

        let epoch = try CLITests.run(["keys", "new-epoch", "--grace-hours", "0"], environment: env)
        #expect(epoch.status == 0, "\(epoch.stderr)")
        let change = try Self.json(epoch.stdout)
        #expect(change.int("epoch") == 2 && change.int("tenants_rewrapped") == 2)
        #expect(change["destroyed_epochs"]?.arrayValue == [.int(1)])
        #expect(!FileManager.default.fileExists(atPath: keys + "/epoch-000001.key"))
        // Everything still opens under the new epoch.
        let listed = try CLITests.run(["keys", "status"], environment: env)
        #expect(listed.status == 0 && listed.stdout.contains("\"state\":\"destroyed\""), "\(listed.stderr)")

        let reindexed = try CLITests.run(["reindex", "--tenant", "umbrella"], environment: env)
        #expect(reindexed.status == 0, "\(reindexed.stderr)")
        #expect(try Self.json(reindexed.stdout).int("users") == 2)

        let refused = try CLITests.run(["tenant", "purge", "initech"], environment: env)
        #expect(refused.status == 1 && refused.stderr.contains("terminate it before purging"))
        #expect(try CLITests.run(["tenant", "terminate", "initech"], environment: env).status == 0)
        let purged = try CLITests.run(["tenant", "purge", "initech"], environment: env)
        #expect(purged.status == 0, "\(purged.stderr)")
        let remaining = try CLITests.run(["keys", "status"], environment: env).stdout
        #expect(!remaining.contains("initech"))
        #expect(try CLITests.run(["tenant", "list"], environment: env).stdout.split(separator: "\n").count == 1)
    }

    @Test func aMissingKeyDirectoryIsAOneLineRefusal() throws {
        let data = CLITests.temporaryDirectory()
        let keys = CLITests.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: keys)
        }
        let created = try CLITests.run(
            [
                "tenant", "create", "--data-dir", data, "--key-dir", keys, "--name", "A", "--subdomain", "umbrella", "--admin-email",
                "a@u.example",
            ]
        )
        #expect(created.status == 0, "\(created.stderr)")
        for command in [["tenant", "list"], ["serve", "--http-port", "0", "--https-port", "0"]] {
            let refused = try CLITests.run(command + ["--data-dir", data, "--key-dir", keys + "-elsewhere"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("The key directory \(keys)-elsewhere does not exist"), "\(refused.stderr)")
            #expect(refused.stdout.isEmpty)
        }
        let rotateUnknown = try CLITests.run(["keys", "rotate", "--tenant", "nobody", "--data-dir", data, "--key-dir", keys])
        #expect(rotateUnknown.status == 1 && rotateUnknown.stderr.contains("No tenant"))
        let badGrace = try CLITests.run(["keys", "new-epoch", "--grace-hours=-1", "--data-dir", data, "--key-dir", keys])
        #expect(badGrace.status == 1 && badGrace.stderr.contains("--grace-hours"))
    }
}
