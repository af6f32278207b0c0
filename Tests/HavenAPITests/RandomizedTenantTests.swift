import HTTPTypes
import HavenCore
import Testing

/// Three tenants' creates, updates, deletes, views and searches interleaved in a seeded random order; every response
/// is checked to hold only the caller's data (its marker, its ids).
@Suite struct RandomizedTenantTests {
    /// SplitMix64: a tiny deterministic generator so a failure replays with the same seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [UInt64(7), 1_234_567])
    func interleavedOperations_neverCrossTenants(seed: UInt64) async throws {
        try await TestServer.start(tenants: ["red", "green", "blue"]) { server, client in
            var random = SeededGenerator(state: seed)
            let markers = server.tenants.map { "MARK-\($0.tenant.subdomain.uppercased())" }
            var contactIDs: [[Int64]] = Array(repeating: [], count: 3)
            var companyIDs: [[Int64]] = Array(repeating: [], count: 3)
            var ticketIDs: [[Int64]] = Array(repeating: [], count: 3)
            // Contact and company ids are unique across tenants (each from its own sequence), so another tenant's id
            // of the same kind must never come back.
            func foreign(_ ids: [[Int64]], of tenant: Int) -> Set<Int64> {
                Set((0..<3).filter { $0 != tenant }.flatMap { ids[$0] })
            }
            for step in 0..<240 {
                let t = Int.random(in: 0..<3, using: &random)
                let key = server.tenants[t].apiKey
                let marker = markers[t]
                let response: HTTPResult
                switch Int.random(in: 0..<9, using: &random) {
                case 0:
                    response = try await client.call(
                        .post, "/api/v2/contacts", key: key,
                        json: [
                            "name": .string("\(marker) contact \(step)"),
                            "email": .string("c\(step)@\(server.tenants[t].tenant.subdomain).example"),
                        ]
                    )
                    if let id = response.object?.int("id") { contactIDs[t].append(id) }
                case 1:
                    response = try await client.call(
                        .post, "/api/v2/companies", key: key, json: ["name": .string("\(marker) company \(step)")])
                    if let id = response.object?.int("id") { companyIDs[t].append(id) }
                case 2, 3:
                    var body = JSONObject([
                        ("subject", .string("\(marker) ticket \(step)")), ("description", .string(marker)),
                        ("priority", .int(Int64.random(in: 1...4, using: &random))),
                    ])
                    if let contact = contactIDs[t].randomElement(using: &random) {
                        body["requester_id"] = .int(contact)
                    } else {
                        body["email"] = .string("r\(step)@\(server.tenants[t].tenant.subdomain).example")
                    }
                    response = try await client.call(.post, "/api/v2/tickets", key: key, json: .object(body))
                    #expect(response.status == 201)
                    if let id = response.object?.int("id") { ticketIDs[t].append(id) }
                case 4:
                    // Any id, possibly another tenant's: ticket ids are per-tenant numbers, so the answer must be the
                    // caller's own ticket of that number or 404, never another tenant's.
                    let id = Int64.random(in: 1...20, using: &random)
                    response = try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["priority": 3])
                    #expect([200, 404, 405].contains(response.status))
                case 5:
                    let id = Int64.random(in: 1...20, using: &random)
                    response = try await client.call(.delete, "/api/v2/tickets/\(id)", key: key)
                    #expect([204, 404, 405].contains(response.status))
                case 6:
                    if let other = foreign(contactIDs, of: t).randomElement(using: &random) {
                        response = try await client.call(.get, "/api/v2/contacts/\(other)", key: key)
                        #expect(response.status == 404)
                    } else {
                        response = try await client.call(.get, "/api/v2/contacts", key: key)
                    }
                case 7:
                    response = try await client.call(.get, "/api/v2/search/tickets?query=%22priority%3A%3E1%22", key: key)
                    #expect(response.status == 200)
                default:
                    response = try await client.call(.get, "/api/v2/tickets?include=requester,description&per_page=100", key: key)
                    #expect(response.status == 200)
                }
                for (other, otherMarker) in markers.enumerated() where other != t {
                    #expect(!response.text.contains(otherMarker), "step \(step): tenant \(t) saw tenant \(other)'s data")
                }
                // Contacts come back in lists and as objects; none may be another tenant's.
                let returnedContacts =
                    (response.array ?? []).compactMap { $0.objectValue?.int("requester_id") }
                    + [response.object?.int("requester_id")].compactMap { $0 }
                for id in returnedContacts {
                    #expect(!foreign(contactIDs, of: t).contains(id), "step \(step): foreign contact \(id)")
                }
            }
            // Each tenant lists exactly its own tickets (trash included).
            for t in 0..<3 {
                let live = try await client.call(.get, "/api/v2/tickets?per_page=100", key: server.tenants[t].apiKey)
                let trash = try await client.call(.get, "/api/v2/tickets?filter=deleted&per_page=100", key: server.tenants[t].apiKey)
                let seen = (live.array ?? []) + (trash.array ?? [])
                #expect(Set(seen.compactMap { $0.objectValue?.int("id") }) == Set(ticketIDs[t]))
            }
        }
    }
}
