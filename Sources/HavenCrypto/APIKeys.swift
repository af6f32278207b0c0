import Crypto
public import HavenCore

/// API keys: 160 random bits, shown once, stored only as their SHA-256 hash. A SHA-256 (not a slow password hash) is
/// right here because the key is uniformly random and long: there is no dictionary to guess from.
public enum APIKeys {
    /// Length of the non-secret prefix kept beside the hash, so logs and audit can tell keys apart.
    public static let prefixLength = 6
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A new key: 28 base-62 characters (over 160 bits), letters and digits only so that no client has to escape it.
    public static func generate(using random: any RandomSource) -> String {
        var characters: [UInt8] = []
        while characters.count < 28 {
            for byte in random.bytes(count: 32) where byte < 248 {
                // 248 = 4 × 62: rejecting the top values keeps every character equally likely.
                characters.append(self.alphabet[Int(byte % 62)])
                if characters.count == 28 { break }
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    public static func hash(_ key: String) -> String {
        SHA256.hash(data: Array(key.utf8)).hexString
    }

    public static func prefix(of key: String) -> String {
        String(key.prefix(self.prefixLength))
    }
}
