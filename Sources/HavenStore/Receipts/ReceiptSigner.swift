import Crypto
import Foundation
public import HavenCore

/// The deployment's Ed25519 key for deletion receipts: generated on first use and kept as a deployment secret
/// (sealed under the active epoch key, like the DKIM keys). Its public key is what Haven publishes
/// (`haven receipts public-key`, `GET /api/v2/deletion_receipts/public_key` without authentication) and what
/// `verify` checks against.
public struct ReceiptSigner: Sendable {
    let key: Curve25519.Signing.PrivateKey

    public static func load(_ store: Store) async throws -> ReceiptSigner {
        let raw = try await DeploymentSecrets(store: store).loadOrCreate("receipts:ed25519") {
            Array(Curve25519.Signing.PrivateKey().rawRepresentation)
        }
        return ReceiptSigner(key: try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
    }

    /// The public key, base64 (32 bytes raw).
    public var publicKey: String { self.key.publicKey.rawRepresentation.base64EncodedString() }

    public func sign(_ body: String) throws -> String {
        try self.key.signature(for: Data(body.utf8)).base64EncodedString()
    }

    /// The file handed out: the signed body as it was stored, its signature and the public key that made it.
    public func file(body: String, signature: String) -> String {
        "{\"body\":\(body),\"signature\":\"\(signature)\",\"public_key\":\"\(self.publicKey)\"}\n"
    }

    /// What `haven receipts verify` finds in a receipt file.
    public enum Verdict: Sendable, Equatable {
        /// Signed by this deployment's key, unaltered.
        case valid(kind: String, tenant: Int64, at: String)
        /// Signed by another key than this deployment's (a receipt of another deployment, or a forged one).
        case otherKey
        /// The body or the signature was changed.
        case altered
        case unreadable(String)
    }

    /// Checks a receipt file against this deployment's public key. The body is taken byte for byte from the file
    /// (between `{"body":` and `,"signature":`), never re-serialized.
    public func verify(_ file: String) -> Verdict {
        guard file.hasPrefix("{\"body\":"), let range = file.range(of: ",\"signature\":\"", options: .backwards) else {
            return .unreadable("not a Haven deletion receipt")
        }
        let body = String(file[file.index(file.startIndex, offsetBy: "{\"body\":".count)..<range.lowerBound])
        guard let object = try? JSONParser.parse(Array(file.utf8)).objectValue,
            let signatureText = object["signature"]?.stringValue, let signature = Data(base64Encoded: signatureText),
            let publicText = object["public_key"]?.stringValue, let publicRaw = Data(base64Encoded: publicText),
            let parsedBody = try? JSONParser.parse(Array(body.utf8)).objectValue,
            parsedBody["format"]?.stringValue == DeletionReceipt.format
        else { return .unreadable("not a Haven deletion receipt") }
        guard publicRaw == self.key.publicKey.rawRepresentation else { return .otherKey }
        guard self.key.publicKey.isValidSignature(signature, for: Data(body.utf8)) else { return .altered }
        return .valid(
            kind: parsedBody["kind"]?.stringValue ?? "", tenant: parsedBody["tenant"]?.intValue ?? 0,
            at: parsedBody["at"]?.stringValue ?? "")
    }
}

extension ReceiptSigner {
    /// Writes a signed receipt in the deletion's own transaction: what every permanent deletion shares.
    @discardableResult
    public func issue(
        _ kind: DeletionReceipt.Kind, tenant: TenantID, deleted: [(String, Int64)], keys: [(String, [Int64])] = [], at now: Timestamp,
        store: Store, on sql: SQLExecutor
    ) async throws -> DeletionReceipt {
        let receipt = DeletionReceipt(
            id: store.random.hex(count: 16), tenantID: tenant, kind: kind, deleted: deleted, keysDestroyed: keys, at: now)
        try await store.receipts.insert(receipt, signature: try self.sign(receipt.body), on: sql)
        return receipt
    }
}
