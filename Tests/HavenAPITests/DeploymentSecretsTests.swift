import Foundation
import HavenCore
import HavenStore
import Logging
import Testing

/// The ACME account key and other deployment secrets: encrypted in the keystore, stable across restarts, and
/// replaced (not recovered) once the epoch key they were wrapped under is destroyed.
@Suite struct DeploymentSecretsTests {
    @Test func secretsAreSealedStableAndShreddedWithTheirEpoch() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        var logger = Logger(label: "secrets")
        logger.logLevel = .critical
        let marker: [UInt8] = Array("ACME-ACCOUNT-KEY-MARKER-0123456789".utf8)
        var store = try await Store.open(dataDirectory: data, logger: logger)
        let first = try await DeploymentSecrets(store: store).loadOrCreate("acme_account") { marker }
        #expect(first == marker)
        await store.database.close()
        // Not in any file in clear, keystore included.
        #expect(try DataFiles.concatenated(under: data).range(of: Data(marker)) == nil)

        store = try await Store.open(dataDirectory: data, logger: logger)
        let again = try await DeploymentSecrets(store: store).loadOrCreate("acme_account") { Array("other".utf8) }
        #expect(again == marker, "the stored secret is read back, not recreated")
        // A new epoch with no grace destroys the old epoch key: the secret is created anew.
        _ = try await KeyAdministration(store: store, actor: .cli("test")).newEpoch(grace: 0)
        let after = try await DeploymentSecrets(store: store).loadOrCreate("acme_account") { Array("replacement".utf8) }
        #expect(after == Array("replacement".utf8))
        await store.database.close()
    }
}
