import Foundation
public import HavenCore
import SwiftASN1
import X509

/// ACME Renewal Information (RFC 9773): the CA's suggested window for renewing a certificate, asked for with the
/// certificate's identifier.
public enum ACMERenewalInfo {
    /// `base64url(AKI keyIdentifier) "." base64url(serial number DER content)`, unpadded; nil without an AKI.
    public static func certID(authorityKeyIdentifier: [UInt8], serial: [UInt8]) -> String {
        ACMEJWS.base64URL(authorityKeyIdentifier) + "." + ACMEJWS.base64URL(serial)
    }

    /// The identifier of the leaf of `chainPEM`, or nil when it carries no authority key identifier.
    public static func certID(chainPEM: String) -> String? {
        guard let first = try? PEMDocument.parseMultiple(pemString: chainPEM).first,
            let leaf = try? Certificate(pemDocument: first),
            let aki = try? leaf.extensions.authorityKeyIdentifier?.keyIdentifier
        else { return nil }
        return self.certID(authorityKeyIdentifier: Array(aki), serial: Array(leaf.serialNumber.bytes))
    }

    /// A window as the CA sends it: `{"suggestedWindow": {"start": RFC 3339, "end": RFC 3339}}`; nil when malformed or
    /// when `end` is not after `start`.
    public static func window(_ body: JSONObject) -> (start: Timestamp, end: Timestamp)? {
        guard let window = body["suggestedWindow"]?.objectValue,
            let start = window["start"]?.stringValue.flatMap(Self.parse), let end = window["end"]?.stringValue.flatMap(Self.parse),
            end > start
        else { return nil }
        return (start, end)
    }

    static func parse(_ text: String) -> Timestamp? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Timestamp(secondsSince1970: Int64(date.timeIntervalSince1970)) }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text).map { Timestamp(secondsSince1970: Int64($0.timeIntervalSince1970)) }
    }
}
