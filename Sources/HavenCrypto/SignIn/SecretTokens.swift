public import Crypto
import Foundation
public import HavenCore

/// Random bearer secrets (session cookies, account links, recovery codes) and how they are kept: only their SHA-256
/// is stored, as for API keys — they are uniformly random, so a slow hash would add nothing.
public enum SecretTokens {
    /// 256 random bits as URL-safe base64 without padding (43 characters).
    public static func generate(using random: any RandomSource) -> String {
        Data(random.bytes(count: 32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> String {
        Self.hash(Array(token.utf8))
    }

    /// Hex SHA-256 of bytes (also what names a stored upload, such as the portal's logo).
    public static func hash(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hexString
    }

    /// Whether a token as received is of the generated form (so junk is refused before any lookup).
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43
            && token.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
                    || byte == 0x5F
            }
    }

    /// A keyed hash naming a subject without revealing it (the lockout's e-mail and address keys).
    public static func keyedHash(_ text: String, key: SymmetricKey) -> String {
        Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)).hexString
    }

    /// Ten recovery codes: 50 random bits each, as `xxxxx-xxxxx` in a lower-case base-32 alphabet without look-alikes.
    public static func recoveryCodes(using random: any RandomSource, count: Int = 10) -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789".utf8)  // 31 symbols: no i, l, o, 0, 1
        return (0..<count).map { _ in
            var characters: [UInt8] = []
            while characters.count < 10 {
                for byte in random.bytes(count: 16) where byte < 248 {
                    characters.append(alphabet[Int(byte % 31)])
                    if characters.count == 10 { break }
                }
            }
            return String(decoding: characters[0..<5], as: UTF8.self) + "-" + String(decoding: characters[5..<10], as: UTF8.self)
        }
    }

    /// A recovery code as typed: case, spaces and the dash do not matter.
    public static func normalizeRecoveryCode(_ code: String) -> String {
        let kept = code.lowercased().filter { $0.isLetter || $0.isNumber }
        guard kept.count == 10 else { return kept }
        return String(kept.prefix(5)) + "-" + String(kept.suffix(5))
    }
}
