import Crypto
public import Foundation
import HavenCore
import SwiftASN1
import X509

/// A certificate a tenant uploads for its custom domain, checked before it is stored or served: the chain parses,
/// runs from the leaf upwards with each certificate issued (and signed) by the next, the key matches the leaf, the
/// leaf's names cover the domain, and it is valid now. Each failure has its own message.
public struct UploadedCertificate: Sendable {
    public let domain: String
    public let chainPEM: String
    public let keyPEM: String
    public let notBefore: Date
    public let notAfter: Date
    public let subjectAlternativeNames: [String]
    /// SHA-256 of the leaf's DER, lower-case hex.
    public let fingerprint: String

    public enum Problem: Error, Equatable, Sendable {
        case chainNotPEM
        case chainEmpty
        case certificateUnreadable(position: Int)
        case keyNotPEM
        case keyUnsupported
        case keyDoesNotMatchLeaf
        case domainNotCovered(names: [String])
        case expired(on: String)
        case notYetValid(until: String)
        case chainOutOfOrder(position: Int)
        case leafIsAuthority

        public var field: String {
            switch self {
            case .keyNotPEM, .keyUnsupported, .keyDoesNotMatchLeaf: return "private_key"
            default: return "certificate_chain"
            }
        }

        public var message: String {
            switch self {
            case .chainNotPEM: return "The certificate chain is not PEM: expected one or more -----BEGIN CERTIFICATE----- blocks"
            case .chainEmpty: return "The certificate chain holds no certificate"
            case .certificateUnreadable(let position): return "Certificate \(position) in the chain is not a valid X.509 certificate"
            case .keyNotPEM: return "The private key is not PEM: expected a -----BEGIN PRIVATE KEY----- (or EC/RSA PRIVATE KEY) block"
            case .keyUnsupported: return "The private key is not a supported type (ECDSA P-256/P-384/P-521 or RSA)"
            case .keyDoesNotMatchLeaf: return "The private key does not belong to the first (leaf) certificate"
            case .domainNotCovered(let names):
                return "The leaf certificate's names (\(names.isEmpty ? "none" : names.joined(separator: ", "))) do not cover the domain"
            case .expired(let date): return "The leaf certificate expired on \(date)"
            case .notYetValid(let date): return "The leaf certificate is not valid before \(date)"
            case .chainOutOfOrder(let position):
                return
                    "Certificate \(position + 1) did not issue certificate \(position): the chain must run from the leaf to its issuers, in order"
            case .leafIsAuthority: return "The first certificate is a certificate authority, not a server (leaf) certificate"
            }
        }
    }

    public static func validate(domain: String, chainPEM: String, keyPEM: String, now: Date) throws(Problem) -> UploadedCertificate {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: chainPEM)
        } catch {
            throw .chainNotPEM
        }
        let certificateDocuments = documents.filter { $0.discriminator == "CERTIFICATE" }
        guard !certificateDocuments.isEmpty else { throw documents.isEmpty ? .chainNotPEM : .chainEmpty }
        var chain: [Certificate] = []
        for (offset, document) in certificateDocuments.enumerated() {
            guard let certificate = try? Certificate(pemDocument: document) else {
                throw .certificateUnreadable(position: offset + 1)
            }
            chain.append(certificate)
        }
        let leaf = chain[0]

        let key: Certificate.PrivateKey
        do {
            let keyDocument = try PEMDocument(pemString: keyPEM)
            do {
                key = try Certificate.PrivateKey(pemDocument: keyDocument)
            } catch {
                throw Problem.keyUnsupported
            }
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .keyNotPEM
        }
        guard key.publicKey == leaf.publicKey else { throw .keyDoesNotMatchLeaf }

        if let constraints = try? leaf.extensions.basicConstraints, case .isCertificateAuthority = constraints {
            throw .leafIsAuthority
        }
        let names = leaf.dnsNames
        guard names.contains(where: { Self.name($0, covers: domain) }) else { throw .domainNotCovered(names: names) }
        guard now <= leaf.notValidAfter else { throw .expired(on: Self.day(leaf.notValidAfter)) }
        guard now >= leaf.notValidBefore else { throw .notYetValid(until: Self.day(leaf.notValidBefore)) }

        for position in 0..<(chain.count - 1) {
            let child = chain[position]
            let issuer = chain[position + 1]
            guard child.issuer == issuer.subject, issuer.publicKey.isValidSignature(child.signature, for: child) else {
                throw .chainOutOfOrder(position: position + 1)
            }
        }
        var serializer = DER.Serializer()
        let der: [UInt8]
        do {
            try serializer.serialize(leaf)
            der = serializer.serializedBytes
        } catch {
            throw .certificateUnreadable(position: 1)
        }
        return UploadedCertificate(
            domain: domain,
            chainPEM: chainPEM,
            keyPEM: keyPEM,
            notBefore: leaf.notValidBefore,
            notAfter: leaf.notValidAfter,
            subjectAlternativeNames: names,
            fingerprint: SHA256.hash(data: der).hexString
        )
    }

    /// RFC 6125 matching: exact, or a `*.` wildcard standing for exactly one left-most label.
    static func name(_ pattern: String, covers domain: String) -> Bool {
        if pattern == domain { return true }
        guard pattern.hasPrefix("*."), let dot = domain.firstIndex(of: ".") else { return false }
        return String(domain[dot...]) == String(pattern.dropFirst())
    }

    static func day(_ date: Date) -> String {
        Timestamp(secondsSince1970: Int64(date.timeIntervalSince1970)).iso8601
    }
}

extension Certificate {
    /// The DNS names of the subject alternative names, lower case, in certificate order.
    var dnsNames: [String] {
        guard let names = try? self.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            if case .dnsName(let dns) = name { return dns.lowercased() }
            return nil
        }
    }
}

/// Host-name rules for custom domains: lower-case DNS names of 2+ labels, 1–63 characters of a–z, 0–9 and '-' each
/// (IDNs arrive as punycode A-labels), at most 253 characters; no IP addresses and no wildcards.
public enum DomainName {
    /// The host name a tenant typed, in the form DNS and certificates use: trimmed, without a trailing dot, lower
    /// case, each international label in Punycode (`Bücher.example` → `xn--bcher-kva.example`). Returns the name
    /// and nil, or nil and the problem in words.
    public static func normalize(_ input: String) -> (name: String?, problem: String?) {
        var text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty else { return (nil, "must not be empty") }
        guard !text.contains(where: { $0 == "/" || $0 == ":" || $0 == "@" || $0 == " " }) else {
            return (nil, "must be a host name only, without scheme, port, path or spaces")
        }
        var labels: [String] = []
        for label in text.precomposedStringWithCanonicalMapping.lowercased().split(separator: ".", omittingEmptySubsequences: false) {
            if label.unicodeScalars.allSatisfy(\.isASCII) {
                labels.append(String(label))
            } else if label.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" }),
                let encoded = Punycode.encode(String(label))
            {
                labels.append("xn--" + encoded)
            } else {
                return (nil, "has a label with characters a host name cannot hold")
            }
        }
        let name = labels.joined(separator: ".")
        if let problem = Self.problem(name) { return (nil, problem) }
        return (name, nil)
    }

    public static func problem(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 253 else { return "must be 1 to 253 characters" }
        guard !name.hasPrefix("*") else { return "wildcard domains are not supported" }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return "must have at least two labels (like support.example.com)" }
        for label in labels {
            guard (1...63).contains(label.utf8.count) else { return "has an empty or over-long label" }
            guard label.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
                return "may contain only a-z, 0-9, '-' and '.' (convert international names to punycode)"
            }
            guard !label.hasPrefix("-"), !label.hasSuffix("-") else { return "has a label starting or ending with '-'" }
        }
        if labels.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return "IP addresses are not supported" }
        return nil
    }
}
