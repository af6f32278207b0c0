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
