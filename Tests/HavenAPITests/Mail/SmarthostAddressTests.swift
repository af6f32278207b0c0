import Testing

@testable import HavenServer

/// A tenant's smarthost is reached only at a public address, checked once and connected to as checked.
@Suite struct SmarthostAddressTests {
    static func resolving(_ table: [String: [String]]) -> @Sendable (String) throws -> [String] {
        { host in table[host] ?? [] }
    }

    @Test func aPublicNameResolvingInward_isRefused_andAPublicOneIsPinned() async throws {
        let table = Self.resolving([
            "smtp.provider.example": ["93.184.216.34", "2606:2800:220:1::1"], "rebind.example": ["93.184.216.34", "10.0.0.7"],
            "sneaky.example": ["127.0.0.1"], "metadata.example": ["169.254.169.254"], "nothing.example": [],
        ])
        #expect(try await SmarthostAddress.publicAddress(of: "smtp.provider.example", resolve: table) == "93.184.216.34")
        for (host, reason) in [
            ("rebind.example", "resolves to 10.0.0.7"), ("sneaky.example", "resolves to 127.0.0.1"),
            ("metadata.example", "resolves to 169.254.169.254"), ("nothing.example", "has no address"),
            ("localhost", "local or private"), ("10.1.1.1", "local or private"),
        ] {
            do {
                _ = try await SmarthostAddress.publicAddress(of: host, resolve: table)
                Issue.record("\(host) was let through")
            } catch let refused as SmarthostAddress.Refused {
                #expect(refused.description.contains(reason), "\(host): \(refused)")
            }
        }
    }

    @Test func theSystemResolver_answersNumericAddressesAsThemselves() throws {
        #expect(try SmarthostAddress.resolve("127.0.0.1") == ["127.0.0.1"])
        #expect(try SmarthostAddress.resolve("::1") == ["::1"])
    }
}
