public import Crypto
public import HavenCore

/// The key management service at the root of the hierarchy (encryption.md §10.6). It holds the epoch
/// key-encryption keys, which never leave it, and wraps or unwraps the 256-bit tenant key-encryption keys under
/// them, bound to a context that names tenant, purpose and generation. Haven calls it once per tenant per epoch and
/// once per tenant per process start — never per request.
public protocol KeyProvider: Sendable {
    /// Short name for logs and `keys status` ("local-file", later "aws-kms", "vault-transit").
    var name: String { get }
    /// Creates the key-encryption key for a new epoch and returns the reference to store.
    func createEpochKey(epoch: Int64) async throws -> String
    /// A fresh random 256-bit key, in clear and wrapped under the epoch key with `context` bound as AAD.
    func generateDataKey(epochKey: String, context: [String: String]) async throws -> (key: SymmetricKey, wrapped: [UInt8])
    func decryptDataKey(_ wrapped: [UInt8], epochKey: String, context: [String: String]) async throws -> SymmetricKey
    /// Destroys an epoch key for good: everything wrapped under it, in every copy, becomes unreadable.
    func destroyEpochKey(_ epochKey: String) async throws
    func epochKeyExists(_ epochKey: String) async -> Bool
}

/// Failures of the key hierarchy. Messages name keys and files, never key material.
public enum KeyError: Error, Sendable, Equatable, CustomStringConvertible, LogSafeError {
    /// The key directory or a key file is missing, unreadable, or has unsafe permissions.
    case keyDirectory(String)
    /// An epoch key that wrapped something is gone (destroyed after its grace period, or the wrong key directory).
    case epochKeyMissing(String)
    /// A wrapped key did not unwrap: wrong key directory, a keystore from elsewhere, or tampering.
    case unwrapFailed(String)
    /// The key a value was sealed with no longer exists: the subject (or tenant) was erased.
    case erased(String)
    case keystore(String)

    /// Paths, key references and record places: no key bytes and no content exist in any of these messages.
    public var logDescription: String { self.description }

    public var description: String {
        switch self {
        case .keyDirectory(let text), .keystore(let text): return text
        case .epochKeyMissing(let ref): return "The epoch key \(ref) does not exist (destroyed, or a different key directory)"
        case .unwrapFailed(let what): return "Cannot unwrap \(what): the key directory does not match this keystore"
        case .erased(let what): return "\(what) no longer exists (erased)"
        }
    }
}

/// Canonical encoding of a KMS encryption context: sorted keys, each key and value length-prefixed.
enum EncryptionContext {
    static func bytes(_ context: [String: String]) -> [UInt8] {
        var writer = ByteWriter()
        writer.u32(UInt32(context.count))
        for key in context.keys.sorted() {
            writer.lengthPrefixed(key)
            writer.lengthPrefixed(context[key]!)
        }
        return writer.bytes
    }
}
