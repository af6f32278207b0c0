public import Crypto
import Foundation

/// Where a sealed value lives. The envelope's associated data binds the ciphertext to exactly this place, so a value
/// copied to another tenant, table, column or row no longer opens.
public struct EnvelopePlace: Sendable, Hashable {
    public let tenant: String
    public let table: String
    public let column: String
    public let rowID: String

    public init(tenant: String, table: String, column: String, rowID: String) {
        self.tenant = tenant
        self.table = table
        self.column = column
        self.rowID = rowID
    }
}

/// Why an envelope did not open. None of the cases carries the value or key material.
public enum EnvelopeError: Error, Sendable, Equatable {
    /// Too short, or an unknown format version, algorithm or scope byte.
    case malformed(String)
    /// The tag did not verify: the bytes were changed, moved to another place, or the key is not the one they were
    /// sealed with.
    case authenticationFailed
}

/// Field envelope v1 (encryption.md §10.4), 35 bytes of overhead:
/// `ver(1)=0x01 ‖ alg(1)=0x01 AES-256-GCM ‖ scope(1) ‖ keyVersion(u32 BE) ‖ nonce(12) ‖ ciphertext ‖ tag(16)`.
/// The 7-byte header is authenticated through the AAD and names the key, so opening never tries several keys.
public enum FieldEnvelope {
    public static let formatVersion: UInt8 = 0x01
    public static let aes256GCM: UInt8 = 0x01
    public static let headerLength = 7
    public static let overhead = 35

    public struct Header: Sendable, Equatable {
        public let scopeCode: UInt8
        public let keyVersion: UInt32

        public init(scopeCode: UInt8, keyVersion: UInt32) {
            self.scopeCode = scopeCode
            self.keyVersion = keyVersion
        }

        var bytes: [UInt8] {
            var writer = ByteWriter(capacity: 7)
            writer.u8(FieldEnvelope.formatVersion)
            writer.u8(FieldEnvelope.aes256GCM)
            writer.u8(self.scopeCode)
            writer.u32(self.keyVersion)
            return writer.bytes
        }
    }

    /// `"hd/v1/aad" ‖ header ‖ LP(tenant) ‖ LP(table) ‖ LP(column) ‖ LP(row id)`.
    static func associatedData(header: [UInt8], place: EnvelopePlace) -> [UInt8] {
        var writer = ByteWriter(capacity: 48 + place.table.utf8.count + place.column.utf8.count)
        writer.raw("hd/v1/aad")
        writer.raw(header)
        writer.lengthPrefixed(place.tenant)
        writer.lengthPrefixed(place.table)
        writer.lengthPrefixed(place.column)
        writer.lengthPrefixed(place.rowID)
        return writer.bytes
    }

    /// Reads and checks the header without opening: unknown versions and algorithms are refused here.
    public static func header(of envelope: [UInt8]) throws -> Header {
        guard envelope.count >= self.overhead else {
            throw EnvelopeError.malformed("\(envelope.count) bytes is shorter than the 35-byte envelope overhead")
        }
        guard envelope[0] == self.formatVersion else {
            throw EnvelopeError.malformed("unknown envelope format version \(envelope[0])")
        }
        guard envelope[1] == self.aes256GCM else {
            throw EnvelopeError.malformed("unknown envelope algorithm \(envelope[1])")
        }
        guard envelope[2] == 0x01 || envelope[2] == 0x02 || envelope[2] == 0x03 else {
            throw EnvelopeError.malformed("unknown key scope \(envelope[2])")
        }
        return Header(scopeCode: envelope[2], keyVersion: envelope.u32(at: 3))
    }

    /// Seals with a field key (already derived for the place's table and column) and an explicit 12-byte nonce.
    public static func seal(
        _ plaintext: [UInt8],
        fieldKey: SymmetricKey,
        header: Header,
        nonce: [UInt8],
        place: EnvelopePlace
    ) throws -> [UInt8] {
        let headerBytes = header.bytes
        let box = try AES.GCM.seal(
            plaintext,
            using: fieldKey,
            nonce: try AES.GCM.Nonce(data: nonce),
            authenticating: self.associatedData(header: headerBytes, place: place)
        )
        var out = headerBytes
        out.reserveCapacity(self.overhead + plaintext.count)
        out.append(contentsOf: nonce)
        out.append(contentsOf: box.ciphertext)
        out.append(contentsOf: box.tag)
        return out
    }

    /// Opens an envelope whose header has been read with `header(of:)` and whose key was chosen from it.
    public static func open(_ envelope: [UInt8], fieldKey: SymmetricKey, place: EnvelopePlace) throws -> [UInt8] {
        _ = try self.header(of: envelope)
        let headerBytes = Array(envelope[0..<self.headerLength])
        do {
            // nonce ‖ ciphertext ‖ tag follow the header contiguously: swift-crypto's "combined" form, one copy.
            let box = try AES.GCM.SealedBox(combined: envelope[self.headerLength...])
            let plaintext = try AES.GCM.open(
                box,
                using: fieldKey,
                authenticating: self.associatedData(header: headerBytes, place: place)
            )
            return Array(plaintext)
        } catch {
            // BoringSSL reports a bad tag as an opaque core error on Linux; every failure here means the same thing.
            throw EnvelopeError.authenticationFailed
        }
    }
}
