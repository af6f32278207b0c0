import HavenCore
import Testing

@Suite struct IPAllowlistTests {
    @Test(arguments: [
        ("10.0.0.0/8", "10.0.0.0/8"), ("192.168.1.7", "192.168.1.7"), (" 172.16.0.0/12 ", "172.16.0.0/12"),
        ("2001:db8::/32", "2001:db8::/32"), ("::1", "::1"), ("::ffff:10.0.0.0/104", "10.0.0.0/8"),
        ("::ffff:192.0.2.1", "192.0.2.1"), ("0.0.0.0/0", "0.0.0.0/0"), ("::/0", "::/0"), ("2001:DB8:0:0:0:0:0:1/128", "2001:db8::1"),
    ])
    func parsesAndPrintsCanonically(text: String, canonical: String) throws {
        #expect(try IPNetwork(parsing: text).description == canonical)
    }

    @Test(arguments: [
        ("fe80::1%eth0", "zone ids"), ("10.0.0.1/8", "did you mean 10.0.0.0/8?"), ("10.0.0.0/33", "from 0 to 32"),
        ("2001:db8::/129", "from 0 to 128"), ("10.0.0.0/-1", "from 0 to 32"), ("10.0.0.0/8x", "from 0 to 32"),
        ("::ffff:10.0.0.0/64", "at least 96"), ("10.0.0", "not an IPv4 or IPv6 address"), ("example.com", "not an IPv4"),
        ("", "not an IP address"), ("2001:db8::1/32", "did you mean 2001:db8::/32?"), ("1.2.3.4/", "from 0 to 32"),
    ])
    func refusesWithTheReason(text: String, reason: String) {
        do {
            _ = try IPNetwork(parsing: text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func matchesClients_includingIPv4MappedOnes() {
        let (list, problems) = IPAllowlist.parse(["10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "::1"])
        #expect(problems.isEmpty)
        for allowed in ["10.1.2.3", "10.255.255.255", "192.168.1.7", "::ffff:10.9.9.9", "2001:db8:ffff::1", "::1"] {
            #expect(list.allows(allowed), "\(allowed)")
        }
        for refused in ["11.0.0.0", "9.255.255.255", "192.168.1.8", "2001:db9::1", "127.0.0.1", "::2", "not-an-ip", "fe80::1%lo"] {
            #expect(!list.allows(refused), "\(refused)")
        }
        #expect(IPAllowlist([]).allows("203.0.113.9"), "an empty list restricts nothing")
        #expect(IPAllowlist.parse(["0.0.0.0/0"]).allowlist.allows("203.0.113.9"))
        #expect(!IPAllowlist.parse(["0.0.0.0/0"]).allowlist.allows("2001:db8::1"), "families are separate")
        #expect(IPAllowlist.parse(["::/0"]).allowlist.allows("2001:db8::1"))
    }

    @Test func collectsEveryProblem() {
        let (list, problems) = IPAllowlist.parse(["10.0.0.0/8", "10.0.0.1/8", "fe80::1%eth0", "bogus"])
        #expect(list.networks.count == 1 && problems.count == 3)
    }

    @Test func thousandsOfBlocks_areSearchedNotScanned() {
        let blocks = (0..<4_000).map { "10.\($0 / 256).\($0 % 256).0/24" } + (0..<1_000).map { "2001:db8:\(String($0, radix: 16))::/48" }
        let (list, problems) = IPAllowlist.parse(blocks)
        #expect(problems.isEmpty)
        #expect(
            list.allows("10.15.159.77") && !list.allows("10.16.0.1") && list.allows("2001:db8:3e7::5") && !list.allows("2001:db8:3e8::"))
        // Overlapping and adjacent blocks merge.
        let merged = IPAllowlist.parse(["10.0.0.0/25", "10.0.0.128/25", "10.0.0.0/24", "10.0.1.0/24"]).allowlist
        #expect(merged.allows("10.0.1.255") && !merged.allows("10.0.2.0"))
    }
}

@Suite struct ClientAddressTests {
    @Test func countsIPv4AloneAndIPv6By64() {
        #expect(ClientAddress.aggregate("203.0.113.9") == "203.0.113.9")
        #expect(ClientAddress.aggregate("::ffff:203.0.113.9") == "203.0.113.9")
        #expect(ClientAddress.aggregate("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64")
        #expect(ClientAddress.aggregate("2001:db8:1:2:ffff::1") == ClientAddress.aggregate("2001:db8:1:2::9"))
        #expect(ClientAddress.aggregate("unix-socket") == "unix-socket")
    }
}

@Suite struct ForwardedClientTests {
    static let proxies = IPAllowlist.parse(["10.0.0.0/8", "2001:db8::/32"]).allowlist

    @Test func believesTheHeaderOnlyFromTrustedProxies() {
        // No proxies configured: the peer, whatever the header says.
        #expect(ForwardedClient.address(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"], trusted: IPAllowlist([])) == "203.0.113.9")
        // An untrusted peer cannot spoof.
        #expect(ForwardedClient.address(peer: "203.0.113.9", forwardedFor: ["10.1.1.1"], trusted: Self.proxies) == "203.0.113.9")
        // Through one trusted proxy.
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["198.51.100.7"], trusted: Self.proxies) == "198.51.100.7")
        // The client's own left part is ignored: the rightmost address no trusted proxy vouches for wins.
        #expect(
            ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["6.6.6.6, 198.51.100.7", "10.2.2.2"], trusted: Self.proxies)
                == "198.51.100.7")
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: [], trusted: Self.proxies) == "10.0.0.5")
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["::ffff:198.51.100.7"], trusted: Self.proxies) == "198.51.100.7")
        #expect(ForwardedClient.address(peer: "2001:db8::1", forwardedFor: ["2001:DB9::5"], trusted: Self.proxies) == "2001:db9::5")
        // Garbage stops the walk at the last believable address.
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["not-an-ip"], trusted: Self.proxies) == "10.0.0.5")
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["fe80::1%eth0"], trusted: Self.proxies) == "10.0.0.5")
    }
}
