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
    public func loadOrCreate(_ name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        let provider = self.store.keys.provider
        if let row = try await self.store.read({ sql in
            try await sql.first(
                """
                SELECT s.wrapped_key, s.sealed, e.key_ref FROM ks.deployment_secrets s
                JOIN ks.kms_epochs e ON e.epoch = s.epoch WHERE s.name = \(name) AND e.state <> 'destroyed'
                """)
        }) {
            if let key = try? await provider.decryptDataKey(
                try row.bytes("wrapped_key"), epochKey: try row.string("key_ref"), context: Self.context(name)),
                let box = try? AES.GCM.SealedBox(combined: try row.bytes("sealed")),
                let secret = try? AES.GCM.open(box, using: key, authenticating: Array("haven/secret/\(name)".utf8))
            {
                return Array(secret)
            }
        }
        let secret = create()
        let now = self.store.clock.now()
        try await self.store.write { sql in
            let epoch = try await Keystore.activeEpoch(on: sql)
            let (key, wrapped) = try await provider.generateDataKey(epochKey: epoch.keyRef, context: Self.context(name))
            let sealed = try AES.GCM.seal(secret, using: key, authenticating: Array("haven/secret/\(name)".utf8))
            guard let combined = sealed.combined else { throw HavenError.internalFailure("AES-GCM gave no combined form") }
            try await sql.execute(
                """
                INSERT INTO ks.deployment_secrets (name, epoch, wrapped_key, sealed, created_at)
                VALUES (\(name), \(epoch.epoch), \(DBValue.blob(wrapped)), \(DBValue.blob(Array(combined))), \(now))
                ON CONFLICT (name) DO UPDATE SET epoch = excluded.epoch, wrapped_key = excluded.wrapped_key, sealed = excluded.sealed,
                    created_at = excluded.created_at
                """
            )
        }
        return secret
    }
}
