import Foundation
import HavenCore

/// Checks that a custom domain points at Haven before a certificate is ordered: its CNAME is the target Haven
/// generated (or its A/AAAA records are all among the configured ingress addresses), and CAA records, if any, allow
/// the CA. Findings are sentences a tenant can act on.
public struct DomainVerifier: Sendable {
    public enum Finding: Sendable, Equatable {
        case ready
        /// DNS does not (yet) point at Haven: stay awaiting activation.
        case dns(String)
        /// CAA forbids the CA: fail before any order.
        case caa(String)
    }

    let resolver: DNSResolver
    /// Addresses Haven's ingress answers on (`HAVEN_INGRESS_ADDRESSES`); A/AAAA records all among them are accepted
    /// in place of the CNAME (apex domains cannot have one).
    let ingressAddresses: Set<String>
    /// The CA's CAA identities (`HAVEN_ACME_CAA_IDENTITIES`, default `letsencrypt.org`).
    let caaIdentities: [String]

    public init(resolver: DNSResolver, ingressAddresses: Set<String> = [], caaIdentities: [String] = ["letsencrypt.org"]) {
        self.resolver = resolver
        self.ingressAddresses = ingressAddresses
        self.caaIdentities = caaIdentities.map { $0.lowercased() }
    }

    public func check(_ domain: String, expectedTarget: String) async -> Finding {
        if let problem = await self.pointingProblem(domain, expectedTarget: expectedTarget) { return .dns(problem) }
        if let problem = await self.caaProblem(domain) { return .caa(problem) }
        return .ready
    }

    func pointingProblem(_ domain: String, expectedTarget: String) async -> String? {
        let cname: DNSResponse
        do {
            cname = try await self.resolver.query(domain, .cname)
        } catch {
            return "the DNS lookup of \(domain) failed: \(LogRedaction.describe(error))"
        }
        if cname.rcode == 2 { return "the DNS servers of \(domain) answer SERVFAIL: its zone is misconfigured or unreachable" }
        let targets = cname.answers.compactMap { answer -> String? in
            if case .cname(let target) = answer.data, answer.name == domain { return target }
            return nil
        }
        if let target = targets.first {
            if target == expectedTarget.lowercased() { return nil }
            return "the CNAME of \(domain) points at \(target), not at \(expectedTarget): update the record (if \(target) is a "
                + "proxy or CDN in front of Haven, it must pass /.well-known/acme-challenge/ through and serve Haven's certificate)"
        }
        var addresses: [String] = []
        for type in [DNSRecordType.a, .aaaa] {
            guard let response = try? await self.resolver.query(domain, type) else { continue }
            for answer in response.answers {
                switch answer.data {
                case .a(let address), .aaaa(let address): addresses.append(address)
                default: break
                }
            }
        }
        if !addresses.isEmpty, !self.ingressAddresses.isEmpty, addresses.allSatisfy(self.ingressAddresses.contains) { return nil }
        if addresses.isEmpty || self.ingressAddresses.isEmpty {
            return "no CNAME record for \(domain) yet: add \(domain). CNAME \(expectedTarget)."
        }
        return "\(domain) resolves to \(addresses.joined(separator: ", ")), which is not Haven: add \(domain). CNAME \(expectedTarget)."
    }

    /// RFC 8659: the closest CAA record set up the tree decides; without "issue" properties any CA may issue.
    func caaProblem(_ domain: String) async -> String? {
        var labels = domain.split(separator: ".").map(String.init)
        while labels.count >= 2 {
            let name = labels.joined(separator: ".")
            guard let response = try? await self.resolver.query(name, .caa) else { return nil }
            // Only CAA records count (a CNAME in the answer is not a CAA set).
            let properties = response.answers.compactMap { answer -> (tag: String, value: String)? in
                if case .caa(_, let tag, let value) = answer.data { return (tag, value) }
                return nil
            }
            let issuers = properties.filter { $0.tag == "issue" }.map {
                $0.value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            }
            if !properties.isEmpty {
                if issuers.isEmpty || issuers.contains(where: self.caaIdentities.contains) { return nil }
                return "CAA records on \(name) allow only \(issuers.map { $0.isEmpty ? "no CA" : $0 }.joined(separator: ", ")) "
                    + "to issue certificates: add \(name). CAA 0 issue \"\(self.caaIdentities.first ?? "")\""
            }
            labels.removeFirst()
        }
        return nil
    }
}
