import Crypto
import HavenCore

/// The name under which a client address is shared between nodes through the database: the first 128 bits of
/// `HMAC-SHA256(key, address)` in hex. The key is a deployment secret (sealed in the keystore, the same on every
/// node), so the database holds no address and a copy of it cannot be turned back into addresses by trying all
/// 2³² IPv4 ones, while every node names one address alike.
public struct AddressPseudonym: Sendable {
    private let keyed: HMAC<SHA256>

    /// - Parameter key: 32 secret bytes.
    public init(key: [UInt8]) {
        self.keyed = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    public func callAsFunction(_ address: String) -> String {
        var mac = self.keyed
        mac.update(data: Array(address.utf8))
        return Array(mac.finalize()).prefix(16).hexString
    }
}
