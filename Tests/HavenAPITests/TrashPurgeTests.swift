import HTTPTypes
import HavenAudit
import HavenCore
import HavenStore
import Testing

/// The trash is emptied 30 days after a ticket was trashed: the ticket, its conversations and word tokens go, and
/// each purge is an audit entry of the `trash_purge` job. Restored and recently trashed tickets stay.
@Suite("Trash purge")
struct TrashPurgeTests {
    @Test func ticketsTrashedThirtyDaysAgoArePurgedAndAudited() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let key = server.tenants[0].apiKey
            var ids: [Int64] = []
            for n in 1...3 {
                let created = try await client.call(
                    .post, "/api/v2/tickets", key: key, json: ["subject": .string("Old thing \(n)"), "email": "old@alpha.example"])
                ids.append(try #require(created.object?.int("id")))
                _ = try await client.call(.post, "/api/v2/tickets/\(ids.last!)/notes", key: key, json: ["body": "a note"])
            }
            for id in ids { #expect(try await client.call(.delete, "/api/v2/tickets/\(id)", key: key).status == 204) }
            #expect(try await client.call(.put, "/api/v2/tickets/\(ids[1])/restore", key: key).status == 204)
            server.clock.advance(seconds: 20 * 86_400)
            let late = try await client.call(.post, "/api/v2/tickets", key: key, json: ["subject": "Later", "email": "old@alpha.example"])
            let lateID = try #require(late.object?.int("id"))
            #expect(try await client.call(.delete, "/api/v2/tickets/\(lateID)", key: key).status == 204)

            // Day 29 after the first trashing: nothing is due.
            server.clock.advance(seconds: 9 * 86_400)
            #expect(try await TrashPurge(store: server.store).run(days: 30) == 0)
            // Day 31: the first and third go; the restored one and the later one stay.
            server.clock.advance(seconds: 2 * 86_400)
            #expect(try await TrashPurge(store: server.store).run(days: 30) == 2)
            for id in [ids[0], ids[2]] {
                #expect(try await client.call(.get, "/api/v2/tickets/\(id)", key: key).status == 404)
            }
            #expect(try await client.call(.get, "/api/v2/tickets/\(ids[1])", key: key).status == 200)
            #expect(try await client.call(.get, "/api/v2/tickets/\(lateID)", key: key).status == 200)
            let tenant = server.tenants[0].tenant.id
            let orphans = try await server.store.read { sql in
                try await sql.scalar(
                    """
                    SELECT (SELECT count(*) FROM conversations c WHERE c.tenant_id = \(tenant) AND NOT EXISTS (
                        SELECT 1 FROM tickets t WHERE t.tenant_id = c.tenant_id AND t.id = c.ticket_id))
                    + (SELECT count(*) FROM idx.ticket_terms WHERE tenant_id = \(tenant) AND ticket_id IN (\(ids[0]), \(ids[2]))) AS n
                    """
                )
            }
            #expect(orphans == 0)
            let purged = try await AuditReader(store: server.store).page(
                server.tenants[0].tenant.id,
                {
                    var f = AuditFilter()
                    f.action = "ticket.purged"
                    return f
                }(),
                page: PageRequest(page: 1, perPage: 10)
            ).items
            #expect(Set(purged.compactMap(\.entry.targetID)) == [String(ids[0]), String(ids[2])])
            #expect(purged.allSatisfy { $0.entry.actorType == "system" && $0.entry.actorName == "trash_purge" })
            #expect(purged.first?.details?["trashed_at"] == .timestamp(TestServer.epoch))
            // The batch has its signed receipt, counting what went and naming nobody.
            let store = server.store
            let receipts = try await store.read { sql in try await store.receipts.list(server.tenants[0].tenant.id, limit: 10, on: sql) }
            #expect(receipts.map(\.kind) == ["trash.purged"])
            #expect(receipts.first?.body.contains("\"tickets\":2") == true, "\(receipts)")
        }
    }
}
