public import Crypto
import Foundation

/// A 256-bit key wrapped under a tenant key-encryption key for the keystore (encryption.md §10.2), 66 bytes:
/// `0x01 ‖ alg 0x01 ‖ u32 tkek generation ‖ nonce(12) ‖ ciphertext(32) ‖ tag(16)`, with AAD
/// `"hd/v1/wrap" ‖ LP(tenant) ‖ kind ‖ LP(subject) ‖ u32 version ‖ header`, so a wrapped key opens only as the
/// entry it was written for.
public enum WrappedKey {
    public static let length = 66

    public struct Slot: Sendable, Hashable {
        public let tenant: String
        public let kind: UInt8
        public let subject: String
        public let version: UInt32

        public init(tenant: String, kind: UInt8, subject: String, version: UInt32) {
            self.tenant = tenant
            self.kind = kind
            self.subject = subject
            self.version = version
        }
    }

    private static func associatedData(_ slot: Slot, header: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.raw("hd/v1/wrap")
        writer.lengthPrefixed(slot.tenant)
        writer.u8(slot.kind)
        writer.lengthPrefixed(slot.subject)
        writer.u32(slot.version)
        writer.raw(header)
        return writer.bytes
    }

    public static func wrap(_ key: SymmetricKey, under kek: SymmetricKey, generation: UInt32, slot: Slot) throws -> [UInt8] {
        var header = ByteWriter()
        header.u8(0x01)
        header.u8(0x01)
        header.u32(generation)
        let box = try key.withUnsafeBytes { raw in
            try AES.GCM.seal(Array(raw), using: kek, authenticating: self.associatedData(slot, header: header.bytes))
        }
        return header.bytes + Array(box.nonce) + Array(box.ciphertext) + Array(box.tag)
    }

    /// The TKEK generation a wrapped key names (to pick the right tenant key-encryption key).
    public static func generation(of wrapped: [UInt8]) throws -> UInt32 {
        guard wrapped.count == self.length, wrapped[0] == 0x01, wrapped[1] == 0x01 else {
            throw EnvelopeError.malformed("a wrapped key must be 66 bytes of format 1")
        }
        return wrapped.u32(at: 2)
    }

    public static func unwrap(_ wrapped: [UInt8], under kek: SymmetricKey, slot: Slot) throws -> SymmetricKey {
        _ = try self.generation(of: wrapped)
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: wrapped[6..<18]),
                ciphertext: wrapped[18..<50],
                tag: wrapped[50..<66]
            )
            let plain = try AES.GCM.open(box, using: kek, authenticating: self.associatedData(slot, header: Array(wrapped[0..<6])))
            return SymmetricKey(data: plain)
        } catch {
            throw EnvelopeError.authenticationFailed
        }
    }
}
