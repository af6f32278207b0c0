public import Crypto
import HavenCore

/// The deployment's one ACME account key (tls-acme.md §3.2: one account for all tenants). Stored encrypted in the
/// keystore by `DeploymentSecrets` (HavenStore); this converts between the key and the stored bytes.
public enum ACMEAccountKey {
    public static let secretName = "acme_account"

    public static func fresh() -> [UInt8] {
        Array(P256.Signing.PrivateKey().rawRepresentation)
    }

    public static func key(from bytes: [UInt8]) throws -> P256.Signing.PrivateKey {
        do {
            return try P256.Signing.PrivateKey(rawRepresentation: bytes)
        } catch {
            throw HavenError.internalFailure("the stored ACME account key is not a P-256 key")
        }
    }
}
