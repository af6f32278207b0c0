import Crypto
import Foundation
public import HavenCore
import SwiftASN1
import X509

/// The certificate Haven serves when the operator gives none: a local certificate authority, created once, signs a
/// leaf for `localhost`, `127.0.0.1`, `::1`, the base domain and — when the base domain has two labels or more —
/// `*.{base domain}`. Under a single-label base such as `localhost` a wildcard is refused by browsers and OpenSSL
/// (`*.localhost` would span a whole top-level name), so each tenant host gets a leaf of its own instead, issued in
/// memory on its first handshake (`hostIssuer()`). The CA certificate is written to `{data}/tls/ca.pem` so users
/// and tests can trust it; private keys are written with mode 0600. The leaf is re-issued when it nears expiry or no
/// longer covers the base domain.
public struct LocalCertificateAuthority: Sendable {
    public let directory: String
    public let baseDomain: String
    let now: Date

    public init(dataDirectory: String, baseDomain: String, clock: any HavenClock) {
        self.directory = (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "tls"
        self.baseDomain = baseDomain.lowercased()
        self.now = Date(timeIntervalSince1970: TimeInterval(clock.now().secondsSince1970))
    }

    public var caCertificatePath: String { self.directory + "/ca.pem" }
    var caKeyPath: String { self.directory + "/ca-key.pem" }
    var leafPath: String { self.directory + "/server.pem" }
    var leafKeyPath: String { self.directory + "/server-key.pem" }

    /// The names the generated leaf covers.
    public var hostNames: [String] {
        var names = ["localhost"]
        if self.baseDomain != "localhost" { names.append(self.baseDomain) }
        if self.baseDomain.contains(".") { names.append("*." + self.baseDomain) }
        return names
    }

    /// Whether one wildcard leaf covers every tenant host (false: each needs a leaf of its own).
    public var wildcardCoversTenants: Bool { self.baseDomain.contains(".") }

    /// Loads the CA and leaf, creating or renewing what is missing, expiring within 30 days, or not covering the base
    /// domain. Returns the leaf chain and key PEMs.
    public func ensure() throws -> (chainPEM: String, keyPEM: String) {
        try FileManager.default.createDirectory(
            atPath: self.directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let (caCertificate, caKey) = try self.loadOrCreateAuthority()
        if let chain = try? String(contentsOfFile: self.leafPath, encoding: .utf8),
            let key = try? String(contentsOfFile: self.leafKeyPath, encoding: .utf8),
            let leaf = try? Certificate(pemEncoded: chain),
            leaf.notValidAfter > self.now.addingTimeInterval(30 * 86_400),
            leaf.dnsNames.sorted() == self.hostNames.sorted()
        {
            return (chain, key)
        }
        let (chainPEM, keyPEM) = try Self.leaf(
            names: self.hostNames, withLoopbackAddresses: true, authority: caCertificate, authorityKey: caKey, now: self.now)
        try Self.write(keyPEM, to: self.leafKeyPath, mode: 0o600)
        try Self.write(chainPEM, to: self.leafPath, mode: 0o644)
        return (chainPEM, keyPEM)
    }

    /// Issues leaves for single host names under this CA (tenant hosts), in memory.
    public func hostIssuer() throws -> HostIssuer {
        let (certificate, key) = try self.loadOrCreateAuthority()
        return HostIssuer(authority: certificate, authorityKey: key, now: self.now)
    }

    public struct HostIssuer: Sendable {
        let authority: Certificate
        let authorityKey: P256.Signing.PrivateKey
        let now: Date

        /// A leaf (chain and key PEM) for exactly `hostName`.
        public func issue(for hostName: String) throws -> (chainPEM: String, keyPEM: String) {
            try LocalCertificateAuthority.leaf(
                names: [hostName.lowercased()], withLoopbackAddresses: false, authority: self.authority,
                authorityKey: self.authorityKey, now: self.now)
        }
    }

    /// A server leaf for `names` (each once), valid 397 days, signed by the authority; chain and key as PEM.
    static func leaf(
        names: [String], withLoopbackAddresses: Bool, authority: Certificate, authorityKey: P256.Signing.PrivateKey, now: Date
    ) throws -> (chainPEM: String, keyPEM: String) {
        var seen = Set<String>()
        var alternativeNames = names.filter { seen.insert($0).inserted }.map { GeneralName.dnsName($0) }
        if withLoopbackAddresses {
            alternativeNames += [
                .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
            ]
        }
        let leafKey = P256.Signing.PrivateKey()
        let leaf = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(397 * 86_400),
            issuer: authority.subject,
            subject: try DistinguishedName { CommonName(names[0]) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey)
        )
        let chainPEM = try leaf.serializeAsPEM().pemString + "\n" + authority.serializeAsPEM().pemString + "\n"
        return (chainPEM, leafKey.pemRepresentation + "\n")
    }

    private func loadOrCreateAuthority() throws -> (Certificate, P256.Signing.PrivateKey) {
        if let certificatePEM = try? String(contentsOfFile: self.caCertificatePath, encoding: .utf8),
            let keyPEM = try? String(contentsOfFile: self.caKeyPath, encoding: .utf8),
            let certificate = try? Certificate(pemEncoded: certificatePEM),
            let key = try? P256.Signing.PrivateKey(pemRepresentation: keyPEM),
            certificate.notValidAfter > self.now.addingTimeInterval(60 * 86_400)
        {
            return (certificate, key)
        }
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("Haven")
            CommonName("Haven local CA for \(self.baseDomain)")
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: self.now.addingTimeInterval(-3600),
            notValidAfter: self.now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        try Self.write(key.pemRepresentation + "\n", to: self.caKeyPath, mode: 0o600)
        try Self.write(try certificate.serializeAsPEM().pemString + "\n", to: self.caCertificatePath, mode: 0o644)
        // A new authority invalidates the old leaf.
        try? FileManager.default.removeItem(atPath: self.leafPath)
        return (certificate, key)
    }

    /// Writes atomically with the given mode set before any byte lands (no window where a key is world-readable).
    static func write(_ text: String, to path: String, mode: Int) throws {
        let temporary = path + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: mode]) else {
            throw HavenError.usage("Cannot write \(temporary)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        // rename(2) replaces the target atomically.
        guard rename(temporary, path) == 0 else {
            throw HavenError.usage("Cannot move \(temporary) to \(path) (errno \(errno))")
        }
    }
}
