import Crypto
import HavenCore
import HavenCrypto

/// Secrets of the deployment rather than of a tenant (the ACME account key), kept encrypted in the keystore: each
/// under its own data key, wrapped by the key provider under the active epoch key. After an epoch key is destroyed a
/// secret wrapped under it no longer opens and is created anew — for an ACME account that means registering a new
/// account, which costs nothing.
public struct DeploymentSecrets: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    static func context(_ name: String) -> [String: String] {
        ["app": "haven", "purpose": "deployment-secret", "name": name]
    }

    /// The secret `name`, made with `create` and stored the first time (or when the stored one no longer opens).
    /// Nodes starting together agree on one secret: a new one is stored only where none is (or only over the very
    /// row that did not open), and what is stored is read back — whoever stored first, everyone uses theirs.
    public func loadOrCreate(_ name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        for _ in 0..<3 {
            let stored = try await self.store.read { sql in
                try await sql.first(
                    """
                    SELECT s.wrapped_key, s.sealed, e.key_ref FROM ks.deployment_secrets s
                    LEFT JOIN ks.kms_epochs e ON e.epoch = s.epoch AND e.state <> 'destroyed' WHERE s.name = \(name)
                    """)
            }
            if let stored, let secret = await self.open(stored, name: name) { return secret }
            try await self.save(create(), name: name, replacing: try stored.map { try $0.bytes("sealed") })
        }
        throw KeyError.keystore("The deployment secret \(name) could not be stored and read back")
    }

    /// The stored secret, or nil when its epoch key is gone or it does not open.
    private func open(_ row: Row, name: String) async -> [UInt8]? {
        guard let keyRef = try? row.string("key_ref"),
            let key = try? await self.store.keys.provider.decryptDataKey(
                try row.bytes("wrapped_key"), epochKey: keyRef, context: Self.context(name)),
            let box = try? AES.GCM.SealedBox(combined: try row.bytes("sealed")),
            let secret = try? AES.GCM.open(box, using: key, authenticating: Array("haven/secret/\(name)".utf8))
        else { return nil }
        return Array(secret)
    }

    /// Seals `secret` under the active epoch and stores it if no row exists, or over the row whose sealed form is
    /// `replacing` (unless another node replaced that one first).
    private func save(_ secret: [UInt8], name: String, replacing: [UInt8]?) async throws {
        let now = self.store.clock.now()
        let provider = self.store.keys.provider
        try await self.store.write { sql in
            let epoch = try await Keystore.activeEpoch(on: sql)
            let (key, wrapped) = try await provider.generateDataKey(epochKey: epoch.keyRef, context: Self.context(name))
            let sealed = try AES.GCM.seal(secret, using: key, authenticating: Array("haven/secret/\(name)".utf8))
            guard let combined = sealed.combined else { throw HavenError.internalFailure("AES-GCM gave no combined form") }
            if let replacing {
                try await sql.execute(
                    """
                    UPDATE ks.deployment_secrets SET epoch = \(epoch.epoch), wrapped_key = \(DBValue.blob(wrapped)),
                        sealed = \(DBValue.blob(Array(combined))), created_at = \(now)
                    WHERE name = \(name) AND sealed = \(DBValue.blob(replacing))
                    """)
            } else {
                try await sql.execute(
                    """
                    INSERT INTO ks.deployment_secrets (name, epoch, wrapped_key, sealed, created_at)
                    VALUES (\(name), \(epoch.epoch), \(DBValue.blob(wrapped)), \(DBValue.blob(Array(combined))), \(now))
                    ON CONFLICT (name) DO NOTHING
                    """)
            }
        }
    }
}
