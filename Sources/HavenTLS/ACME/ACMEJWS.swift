public import Crypto
import Foundation
public import HavenCore

/// The JSON Web Signature pieces of RFC 8555 §6.2 for a P-256 account key (ES256): flattened JSON serialisation,
/// the JWK and its RFC 7638 thumbprint (for key authorizations).
public enum ACMEJWS {
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// `{"crv","kty","x","y"}` — exactly these members, lexicographic, no whitespace (RFC 7638).
    public static func jwk(_ key: P256.Signing.PublicKey) -> JSONValue {
        let raw = Array(key.rawRepresentation)
        return .object(
            JSONObject([
                ("crv", "P-256"), ("kty", "EC"), ("x", .string(self.base64URL(raw.prefix(32)))),
                ("y", .string(self.base64URL(raw.suffix(32)))),
            ]))
    }

    public static func thumbprint(_ key: P256.Signing.PublicKey) -> String {
        self.base64URL(SHA256.hash(data: JSONWriter.bytes(self.jwk(key))))
    }

    /// A signed request body. `payload` nil is POST-as-GET (an empty payload, not `{}`); `kid` nil embeds the JWK
    /// (newAccount).
    public static func sign(
        payload: JSONValue?, url: String, nonce: String, key: P256.Signing.PrivateKey, kid: String?
    ) throws -> [UInt8] {
        var header = JSONObject([("alg", "ES256"), ("nonce", .string(nonce)), ("url", .string(url))])
        if let kid { header.append("kid", .string(kid)) } else { header.append("jwk", self.jwk(key.publicKey)) }
        let protected = self.base64URL(JSONWriter.bytes(.object(header)))
        let body = payload.map { self.base64URL(JSONWriter.bytes($0)) } ?? ""
        let signature = try key.signature(for: Array("\(protected).\(body)".utf8))
        return JSONWriter.bytes(
            .object(
                JSONObject([
                    ("protected", .string(protected)), ("payload", .string(body)),
                    ("signature", .string(self.base64URL(signature.rawRepresentation))),
                ])))
    }
}
