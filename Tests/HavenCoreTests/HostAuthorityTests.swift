import HavenCore
import Testing

/// The one parser of Host headers: what it takes, how it spells it, and what it refuses.
@Suite struct HostAuthorityTests {
    @Test func namesAndLiterals_withAndWithoutPorts() {
        #expect(HostAuthority("Alpha.LocalHost:8443") == HostAuthority("alpha.localhost:8443"))
        #expect(HostAuthority("Alpha.LocalHost:8443")?.host == "alpha.localhost")
        #expect(HostAuthority("Alpha.LocalHost:8443")?.port == 8443)
        #expect(HostAuthority("help.acme.test.")?.authority == "help.acme.test")
        #expect(HostAuthority("[::1]:8443")?.host == "[::1]" && HostAuthority("[::1]:8443")?.port == 8443)
        #expect(HostAuthority("[2001:DB8::1]")?.authority == "[2001:db8::1]")
        #expect(HostAuthority("127.0.0.1:80")?.authority == "127.0.0.1:80")
        #expect(HostAuthority("alpha.localhost:8443")?.subdomain(of: "LOCALHOST") == "alpha")
        #expect(HostAuthority("a.b.localhost")?.subdomain(of: "localhost") == nil, "one label only")
        #expect(HostAuthority("localhost")?.subdomain(of: "localhost") == nil)
    }

    @Test func malformedHeaders_areNoHost() {
        for bad in [
            nil, "", ":8443", "alpha.localhost:", "alpha.localhost:99999", "alpha.localhost:80a", "alpha.localhost:+80",
            "alpha..localhost", ".alpha.localhost", "al pha.localhost", "alpha.localhost/evil", "user@alpha.localhost",
            "[::1", "[::1]x", "[zz::1]", "[]", "[::1]:", "ünïcode.example", "a\r\nb.example",
            String(repeating: "a", count: 300),
        ] as [String?] {
            #expect(HostAuthority(bad) == nil, "\(bad ?? "nil") is refused")
        }
    }
}
