import Foundation
public import HavenCore
public import HavenStore
public import HavenTLS

/// "Connection not secure" explained for one custom domain (`haven domains check`, `GET /custom_domains/{id}/check`):
/// expected and found DNS, CAA, whether the http-01 path reaches Haven, the certificate Haven holds and the one a
/// client actually receives, the TLS versions accepted — and each problem in plain words, covering the usual causes
/// (not issued yet, CNAME wrong, a proxy or CDN in front, CAA, old clients without TLS 1.2, mixed content, clock skew).
public struct DomainDiagnosis: Sendable {
    public struct Settings: Sendable {
        public var resolver: String
        public var ingressAddresses: Set<String> = []
        public var caaIdentities: [String] = ["letsencrypt.org"]
        /// Where clients and the CA connect (80 and 443 in production; the test ports in tests).
        public var httpPort = 80
        public var httpsPort = 443
        /// Whether loopback and private addresses may be probed (`HAVEN_PROBE_INTERNAL_ADDRESSES=1`; development and
        /// tests only: in production it would let a tenant's DNS aim Haven's probes at the internal network).
        public var probeInternalAddresses = false

        public init(resolver: String = DNSResolver.systemResolver()) {
            self.resolver = resolver
        }

        /// From `HAVEN_DNS_RESOLVER`, `HAVEN_INGRESS_ADDRESSES`, `HAVEN_ACME_CAA_IDENTITIES`, `HAVEN_PUBLIC_HTTP_PORT` and
        /// `HAVEN_PUBLIC_HTTPS_PORT`, with the problems found in them.
        public static func from(environment: [String: String]) -> (Settings, [String]) {
            var problems: [String] = []
            var settings = Settings(resolver: environment["HAVEN_DNS_RESOLVER"] ?? DNSResolver.systemResolver())
            if DNSResolver.address(settings.resolver) == nil {
                problems.append("HAVEN_DNS_RESOLVER=\(settings.resolver) must be host:port (an IP address and a port)")
            }
            settings.probeInternalAddresses = environment["HAVEN_PROBE_INTERNAL_ADDRESSES"] == "1"
            if let list = environment["HAVEN_INGRESS_ADDRESSES"] {
                settings.ingressAddresses = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
            if let list = environment["HAVEN_ACME_CAA_IDENTITIES"] {
                settings.caaIdentities = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            }
            for (variable, keyPath) in [("HAVEN_PUBLIC_HTTP_PORT", \Settings.httpPort), ("HAVEN_PUBLIC_HTTPS_PORT", \Settings.httpsPort)] {
                guard let text = environment[variable] else { continue }
                guard let port = Int(text), (1...65535).contains(port) else {
                    problems.append("\(variable)=\(text) must be a port number")
                    continue
                }
                settings[keyPath: keyPath] = port
            }
            return (settings, problems)
        }
    }

    let store: Store
    let settings: Settings

    public init(store: Store, settings: Settings) {
        self.store = store
        self.settings = settings
    }

    /// Problems (each in plain words, with what to do) and notes, gathered step by step.
    struct Findings {
        var problems: [String] = []
        var notes: [String] = []
    }

    public func run(_ domain: CustomDomain) async throws -> JSONObject {
        guard let (host, port) = DNSResolver.address(self.settings.resolver) else {
            throw HavenError.usage("The DNS resolver \(self.settings.resolver) is not host:port")
        }
        let resolver = DNSResolver(host: host, port: port, random: self.store.random)
        var findings = Findings()
        let name = domain.domain
        let found = await self.dnsAsFound(name, resolver)
        let verifier = DomainVerifier(
            resolver: resolver, ingressAddresses: self.settings.ingressAddresses, caaIdentities: self.settings.caaIdentities)
        switch await verifier.check(name, expectedTarget: domain.cnameTarget) {
        case .ready: break
        case .dns(let problem), .caa(let problem): findings.problems.append(Self.sentence(problem))
        }
        let addresses = found["addresses"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let (challenge, probeTarget) = try await self.challengePath(name, addresses: addresses, findings: &findings)
        let stored = try await self.store.read { sql in
            try await self.store.domainCertificates.find(domain.tenantID, domain: name, on: sql)
        }
        if stored == nil {
            findings.problems.append(
                "No certificate has been issued for \(name) yet (status \(domain.status.state.rawValue)"
                    + (domain.status.reason.map { ": \($0)" } ?? "")
                    + "); browsers say the connection is not secure until it is. It follows within a minute of DNS being right.")
        }
        var served = JSONObject()
        if let address = probeTarget {
            served = await self.servedCertificate(name, address: address, stored: stored, findings: &findings)
        }
        findings.notes += Self.generalNotes
        return JSONObject([
            ("domain", .string(name)), ("expected_cname", .string(domain.cnameTarget)), ("found", .object(found)),
            ("status", .string(domain.status.state.rawValue)), ("reason", .optional(domain.status.reason)),
            ("challenge_path", .object(challenge)),
            (
                "certificate",
                stored.map {
                    [
                        "fingerprint_sha256": .string($0.fingerprint), "names": .strings($0.subjectAlternativeNames),
                        "not_after": .timestamp($0.notAfter),
                    ]
                } ?? .null
            ),
            ("served", .object(served)), ("problems", .strings(findings.problems)), ("notes", .strings(findings.notes)),
        ])
    }

    /// The CNAME, addresses and CAA records as the resolver finds them.
    func dnsAsFound(_ name: String, _ resolver: DNSResolver) async -> JSONObject {
        let cname = (try? await resolver.query(name, .cname))?.answers.compactMap { answer -> String? in
            if case .cname(let target) = answer.data { return target }
            return nil
        }.first
        var addresses: [String] = []
        for type in [DNSRecordType.a, .aaaa] {
            for answer in (try? await resolver.query(name, type))?.answers ?? [] {
                if case .a(let address) = answer.data { addresses.append(address) }
                if case .aaaa(let address) = answer.data { addresses.append(address) }
            }
        }
        let caa = ((try? await resolver.query(name, .caa))?.answers ?? []).compactMap { answer -> String? in
            if case .caa(_, let tag, let value) = answer.data { return "\(tag) \(value)" }
            return nil
        }
        return JSONObject([("cname", .optional(cname)), ("addresses", .strings(addresses)), ("caa", .strings(caa))])
    }

    /// The challenge path, as the CA will fetch it — never at an internal address on a tenant's say-so. Returns what
    /// was found and the address later probes may use (nil when none may be probed).
    func challengePath(_ name: String, addresses: [String], findings: inout Findings) async throws -> (JSONObject, String?) {
        let internalAddresses = addresses.filter(AddressPolicy.isInternal)
        let probeTarget = internalAddresses.isEmpty || self.settings.probeInternalAddresses ? addresses.first : nil
        if !internalAddresses.isEmpty, !self.settings.probeInternalAddresses {
            findings.problems.append(
                "\(name) resolves to \(internalAddresses.joined(separator: ", ")), a loopback or private address: the CA cannot "
                    + "reach it and Haven does not probe it. Point the domain at Haven's public address with the CNAME.")
            return (["reachable": false, "detail": "the domain resolves to an internal address"], nil)
        }
        guard let address = probeTarget else {
            findings.problems.append("\(name) does not resolve to any address, so neither browsers nor the CA can reach it.")
            return (["reachable": false, "detail": "the domain has no address"], nil)
        }
        switch try await ChallengePathProbe.run(store: self.store, domain: name, address: address, port: self.settings.httpPort) {
        case .reachesHaven:
            return (["reachable": true], address)
        case .otherAnswer:
            findings.problems.append(
                "http://\(name)/.well-known/acme-challenge/ is answered by something other than Haven: a proxy, CDN or another "
                    + "server in front must pass this path through, or the CA cannot validate the domain.")
            return (["reachable": false, "detail": "something else answers the challenge path"], address)
        case .unreachable(let message):
            findings.problems.append(
                "The CA cannot reach http://\(name)/.well-known/acme-challenge/: \(message). Allow port "
                    + "\(self.settings.httpPort) through firewalls and proxies to Haven.")
            return (["reachable": false, "detail": .string(message)], address)
        }
    }

    /// What a client receives over TLS, compared with the certificate Haven holds.
    func servedCertificate(_ name: String, address: String, stored: DomainCertificate?, findings: inout Findings) async -> JSONObject {
        let report = await TLSProbe.run(host: address, port: self.settings.httpsPort, serverName: name, trustRoots: nil)
        var served = JSONObject()
        served.append("versions", .object(JSONObject(report.versions.map { ($0.name, .bool($0.accepted)) })))
        served.append(
            "chain",
            .array(
                report.chain.map { c in
                    [
                        "subject": .string(c.subject), "issuer": .string(c.issuer), "names": .strings(c.dnsNames),
                        "not_before": .timestamp(Self.timestamp(c.notBefore)), "not_after": .timestamp(Self.timestamp(c.notAfter)),
                        "fingerprint_sha256": .string(c.fingerprint),
                    ]
                }))
        served.append("trust_problem", .optional(report.trustProblem))
        if let leaf = report.chain.first {
            self.judge(leaf, of: name, coversHost: report.leafCoversHost, stored: stored, findings: &findings)
        } else {
            findings.problems.append("Nothing completes a TLS handshake for \(name) on port \(self.settings.httpsPort).")
        }
        if report.versions.contains(where: { ["TLS 1.0", "TLS 1.1"].contains($0.name) && !$0.accepted }) {
            findings.notes.append(
                "TLS 1.0 and 1.1 are refused on purpose: clients that cannot speak TLS 1.2 (Internet Explorer on old Windows, "
                    + "Android 4.3 and older) cannot connect and need updating.")
        }
        return served
    }

    /// The served leaf: another certificate than Haven's (a proxy in front), names, validity against this clock.
    func judge(
        _ leaf: TLSProbeReport.CertificateSummary, of name: String, coversHost: Bool, stored: DomainCertificate?, findings: inout Findings
    ) {
        if let stored, leaf.fingerprint != stored.fingerprint {
            findings.problems.append(
                "The certificate clients receive on port \(self.settings.httpsPort) (issued by \(leaf.issuer)) is not the one "
                    + "Haven holds for \(name): a proxy, CDN or load balancer in front answers TLS itself. Let it pass TLS "
                    + "through to Haven, or give it a certificate for \(name).")
        }
        if !coversHost {
            findings.problems.append(
                "The certificate clients receive does not cover \(name) (it names \(leaf.dnsNames.joined(separator: ", "))).")
        }
        let now = Date(timeIntervalSince1970: TimeInterval(self.store.clock.now().secondsSince1970))
        if leaf.notAfter < now {
            findings.problems.append("The certificate clients receive expired on \(Self.timestamp(leaf.notAfter).iso8601).")
        } else if leaf.notBefore > now {
            findings.problems.append(
                "The certificate clients receive is valid only from \(Self.timestamp(leaf.notBefore).iso8601): a clock that is "
                    + "behind (this server's or the client's) makes it look not yet valid.")
        }
    }

    static let generalNotes = [
        "If the certificate is fine but a browser still shows the page as not secure, the page loads http:// resources "
            + "(mixed content): embed widgets, images and scripts with https:// URLs.",
        "If only some people see a certificate error, check their device's date and time: a clock far off makes any "
            + "certificate look expired or not yet valid.",
    ]

    static func timestamp(_ date: Date) -> Timestamp {
        Timestamp(secondsSince1970: Int64(date.timeIntervalSince1970))
    }

    /// A finding as a sentence (upper-case first letter, full stop).
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }
}
