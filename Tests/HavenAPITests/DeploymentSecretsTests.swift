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

/// Nodes starting together on one database agree on each deployment secret: whoever stores first, all use it.
@Suite struct DeploymentSecretsAgreementTests {
    @Test(arguments: StorageEngine.allCases)
    func concurrentFirstLoadsAgreeOnOneSecret(_ engine: StorageEngine) async throws {
        try await RepositoryContractTests.withStore(engine) { store, _, _, _ in
            let secrets = DeploymentSecrets(store: store)
            let loaded = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for node in 0..<6 {
                    group.addTask { try await secrets.loadOrCreate("shared") { Array("secret-of-\(node)".utf8) } }
                }
                return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
            }
            #expect(Set(loaded).count == 1, "\(loaded.map { String(decoding: $0, as: UTF8.self) })")
            #expect(try await secrets.loadOrCreate("shared") { [] } == loaded[0])
        }
    }
}
