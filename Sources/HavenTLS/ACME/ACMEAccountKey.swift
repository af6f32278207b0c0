import Crypto
import Foundation
import HavenCore

/// The deployment's one ACME account key (tls-acme.md §3.2: one account for all tenants), kept as key material is
/// kept: a mode-0600 file in the key directory, outside the data directory and its backups. Created on first use.
public enum ACMEAccountKey {
    public static func loadOrCreate(keyDirectory: String) throws -> P256.Signing.PrivateKey {
        let path = (keyDirectory.hasSuffix("/") ? keyDirectory : keyDirectory + "/") + "acme-account.pem"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            do {
                return try P256.Signing.PrivateKey(pemRepresentation: text)
            } catch {
                throw HavenError.usage("The ACME account key \(path) is not a P-256 private key in PEM")
            }
        }
        let key = P256.Signing.PrivateKey()
        try LocalCertificateAuthority.write(key.pemRepresentation + "\n", to: path, mode: 0o600)
        return key
    }
}
