import HavenCore
import HavenTLS
import Testing

/// The DNS client against a real DNS server (pebble-challtestsrv): CNAME, A, CAA, missing names, and a resolver
/// that does not answer.
@Suite("DNS client", .serialized)
struct DNSResolverTests {
    @Test func answersFromARealServer() async throws {
        let dns = try await MockDNS.start()
        defer { dns.stop() }
        try await dns.setCNAME("support.acme.test", "t-7f3a.cname.haven.test")
        try await dns.addCAA("caa.acme.test", issue: "other.ca")
        let resolver = DNSResolver(host: "127.0.0.1", port: dns.dnsPort, random: SystemRandomSource())
        let cname = try await resolver.query("support.acme.test", .cname)
        #expect(cname.rcode == 0 && cname.answers == [DNSAnswer(name: "support.acme.test", data: .cname("t-7f3a.cname.haven.test"))])
        let a = try await resolver.query("support.acme.test", .a)
        #expect(a.answers.contains { $0.data == .a("127.0.0.1") })
        let caa = try await resolver.query("caa.acme.test", .caa)
        #expect(caa.answers.map(\.data) == [.caa(flags: 0, tag: "issue", value: "other.ca")])
        let missing = try await resolver.query("nothing.acme.test", .cname)
        #expect(missing.answers.isEmpty)
        try await dns.setServfail("broken.acme.test")
        #expect(try await resolver.query("broken.acme.test", .cname).rcode == 2)
    }

    @Test func aSilentResolverTimesOut() async throws {
        let resolver = DNSResolver(host: "127.0.0.1", port: 9, timeout: .milliseconds(300), attempts: 2, random: SystemRandomSource())
        await #expect(throws: DNSResolver.Failure.self) { _ = try await resolver.query("x.acme.test", .a) }
        #expect(DNSResolver.address("127.0.0.1:8053")! == ("127.0.0.1", 8053))
        #expect(DNSResolver.address("[::1]:53")! == ("::1", 53))
        #expect(DNSResolver.address("resolver") == nil && DNSResolver.address("1.2.3.4:0") == nil)
    }

    @Test func malformedAnswersAreRefused() {
        let query = DNSMessage.query(id: 7, name: "a.test", type: .a)
        #expect(throws: DNSMessage.Malformed.self) { try DNSMessage.parse(Array(query.prefix(5)), id: 7) }
        #expect(throws: DNSMessage.Malformed.self) { try DNSMessage.parse(query, id: 7) }  // a query, not a response
        var loop = query
        loop[2] |= 0x80
        loop[7] = 1  // one answer whose name points at itself
        loop += [0xC0, UInt8(loop.count)]
        #expect(throws: DNSMessage.Malformed.self) { try DNSMessage.parse(loop, id: 7) }
    }
}

/// The domain verifier's findings against a real DNS server.
@Suite("Domain verifier", .serialized)
struct DomainVerifierTests {
    @Test func findingsNameTheCause() async throws {
        let dns = try await MockDNS.start()
        defer { dns.stop() }
        let resolver = DNSResolver(host: "127.0.0.1", port: dns.dnsPort, random: SystemRandomSource())
        let verifier = DomainVerifier(resolver: resolver, caaIdentities: ["pebble.test"])
        let target = "d-0123456789abcdef0123.cname.haven.test"
        // No CNAME yet (the mock answers A for every name, but no ingress addresses are configured).
        guard case .dns(let missing) = await verifier.check("help.acme.test", expectedTarget: target) else {
            Issue.record("a missing CNAME passed")
            return
        }
        #expect(missing.contains("no CNAME record for help.acme.test") && missing.contains(target))
        try await dns.setCNAME("help.acme.test", "edge.somecdn.net")
        guard case .dns(let wrong) = await verifier.check("help.acme.test", expectedTarget: target) else {
            Issue.record("a wrong CNAME passed")
            return
        }
        #expect(wrong.contains("points at edge.somecdn.net") && wrong.contains("proxy or CDN"))
        try await dns.setCNAME("help.acme.test", target)
        #expect(await verifier.check("help.acme.test", expectedTarget: target) == .ready)
        // CAA on the parent forbids the CA; one allowing it is fine.
        try await dns.addCAA("acme.test", issue: "other.ca")
        guard case .caa(let forbidden) = await verifier.check("help.acme.test", expectedTarget: target) else {
            Issue.record("CAA was not noticed")
            return
        }
        #expect(forbidden.contains("allow only other.ca"))
        try await dns.post("clear-caa", ["host": "acme.test"])
        try await dns.addCAA("acme.test", issue: "pebble.test; validationmethods=http-01")
        #expect(await verifier.check("help.acme.test", expectedTarget: target) == .ready)
        // Apex-style: A records among the ingress addresses stand in for the CNAME.
        let apex = DomainVerifier(resolver: resolver, ingressAddresses: ["127.0.0.1"], caaIdentities: ["pebble.test"])
        #expect(await apex.check("apex.test", expectedTarget: target) == .ready)
        try await dns.setServfail("broken.test")
        guard case .dns(let servfail) = await verifier.check("broken.test", expectedTarget: target) else {
            Issue.record("SERVFAIL passed")
            return
        }
        #expect(servfail.contains("SERVFAIL"))
    }
}
