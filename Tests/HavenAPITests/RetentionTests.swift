import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Retention rules: previewed before they are saved (and refused when more would go than the preview said), applied
/// with a moved clock — closed tickets past their days and inactive contacts go, with an audit entry each and a
/// signed receipt per batch; open tickets, recently closed ones and contacts with a ticket stay.
@Suite(.serialized) struct RetentionTests {
    @Test func rules_arePreviewedThenApplied_withAnEntryPerDeletionAndASignedReceipt() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let tenant = server.tenants[0].tenant.id
            let admin = Principal.agent(server.tenants[0].agentID, role: .admin, apiKey: nil, tenant: tenant)
            func ticket(_ subject: String, email: String, status: Int64) async throws -> Int64 {
                let created = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: ["subject": .string(subject), "description": "d", "email": .string(email), "status": 2, "priority": 1])
                let id = try #require(created.object?.int("id"))
                if status != 2 {
                    #expect(try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": .int(status)]).status == 200)
                }
                return id
            }
            let oldClosed = try await ticket("Old closed", email: "keeper@customer.example", status: 5)
            let oldResolved = try await ticket("Old resolved", email: "keeper@customer.example", status: 4)
            let oldOpen = try await ticket("Old open", email: "keeper@customer.example", status: 2)
            let idle = try #require(
                try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Idle Ida", "email": "ida@customer.example"])
                    .object?.int("id"))
            // Another tenant's closed ticket is never reached by alpha's rules.
            _ = try await client.call(
                .post, "/api/v2/tickets", key: server.tenants[1].apiKey,
                json: ["subject": "Beta closed", "description": "d", "email": "b@customer.example", "status": 5, "priority": 1])
            server.clock.advance(seconds: 31 * 86_400)
            let recentClosed = try await ticket("Recent closed", email: "keeper@customer.example", status: 5)

            let retention = Retention(server.helpdesk)
            let rules = RetentionRules(closedTicketDays: 30, inactiveContactDays: 30)
            // Bad rules are named field by field, nothing saved.
            for bad in [
                RetentionRules(closedTicketDays: 0), RetentionRules(closedTicketDays: -5),
                RetentionRules(inactiveContactDays: 40_000),
            ] {
                await #expect(throws: HavenError.self) { try await retention.preview(bad, by: admin) }
            }
            do {
                try await retention.update(
                    RetentionRules(closedTicketDays: 0, inactiveContactDays: -1), previewed: .init(tickets: 0, contacts: 0), by: admin)
                Issue.record("0 days was saved")
            } catch HavenError.validation(let problems) {
                #expect(Set(problems.map(\.field)) == ["closed_ticket_days", "inactive_contact_days"])
            }
            let preview = try await retention.preview(rules, by: admin)
            #expect(preview == Retention.Preview(tickets: 1, contacts: 1), "the old closed ticket and Ida")
            // Saving with a smaller count than would go now is refused: preview again.
            await #expect(throws: HavenError.self) {
                try await retention.update(rules, previewed: .init(tickets: 0, contacts: 0), by: admin)
            }
            #expect(try await retention.rules(by: admin) == RetentionRules())
            try await retention.update(rules, previewed: preview, by: admin)
            #expect(try await retention.rules(by: admin) == rules)
            // An agent who is not an admin can neither read nor set them.
            let agent = Principal.agent(server.tenants[0].agentID, role: .agent, apiKey: nil, tenant: tenant)
            await #expect(throws: HavenError.self) { try await retention.preview(rules, by: agent) }

            let outcome = try await retention.run(by: admin)
            #expect(outcome == RetentionRun.Outcome(tickets: 1, contacts: 1))
            #expect(try await client.call(.get, "/api/v2/tickets/\(oldClosed)", key: key).status == 404)
            for kept in [oldResolved, oldOpen, recentClosed] {
                #expect(try await client.call(.get, "/api/v2/tickets/\(kept)", key: key).status == 200)
            }
            #expect(try await client.call(.get, "/api/v2/contacts/\(idle)", key: key).status == 404)
            let beta = try await client.call(.get, "/api/v2/tickets", key: server.tenants[1].apiKey)
            #expect(beta.array?.count == 1, "the other tenant's ticket stays")
            // Nothing is due twice.
            #expect(try await retention.run(by: admin) == RetentionRun.Outcome())

            let store = server.store
            let actions = try await store.read { sql in
                try await store.auditEntries.entries(tenant, afterSeq: 0, limit: 1_000, on: sql)
            }.map(\.action)
            #expect(actions.filter { $0 == "ticket.deleted_by_retention" }.count == 1)
            #expect(actions.filter { $0 == "contact.erased_by_retention" }.count == 1)
            #expect(actions.contains("retention.rules_changed"))
            let receipts = try await DeletionReceipts(server.helpdesk).list(by: admin)
            #expect(receipts.map(\.kind) == ["retention.run", "retention.run"])
            for receipt in receipts {
                let file = try #require(try await DeletionReceipts(server.helpdesk).file(receipt.id, tenant: tenant))
                guard case .valid(let kind, _, _) = try await DeletionReceipts(server.helpdesk).verify(file) else {
                    Issue.record("receipt \(receipt.id) does not verify")
                    continue
                }
                #expect(kind == "retention.run")
                #expect(!file.contains("Ida") && !file.contains("ida@"))
            }
        }
    }

    @Test func theBinary_namesBadRulesAndRefusesASetWithoutThePreviewsCounts() async throws {
        let directory = NSTemporaryDirectory() + "haven-retention-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await TestServer.start(directory: directory) { server, _ in server.tenants }
        let zero = try CLITests.run(["retention", "preview", "--tenant", "alpha", "--closed-ticket-days", "0", "--data-dir", directory])
        #expect(zero.status == 1 && zero.stderr.contains("closed_ticket_days"), "\(zero.stderr)")
        let word = try CLITests.run([
            "retention", "preview", "--tenant", "alpha", "--inactive-contact-days", "soon", "--data-dir", directory,
        ])
        #expect(word.status == 1 && word.stderr.contains("number of days or off"))
        let preview = try CLITests.run([
            "retention", "preview", "--tenant", "alpha", "--closed-ticket-days", "365", "--data-dir", directory,
        ])
        #expect(preview.status == 0 && preview.stdout.contains("\"tickets\":0"), "\(preview.stderr)")
        let blind = try CLITests.run(["retention", "set", "--tenant", "alpha", "--closed-ticket-days", "365", "--data-dir", directory])
        #expect(blind.status != 0 && blind.stderr.contains("expect-tickets"))
        let set = try CLITests.run([
            "retention", "set", "--tenant", "alpha", "--closed-ticket-days", "365", "--expect-tickets", "0", "--expect-contacts", "0",
            "--data-dir", directory,
        ])
        #expect(set.status == 0 && set.stdout.contains("\"closed_ticket_days\":365"), "\(set.stderr)")
        let run = try CLITests.run(["retention", "run", "--tenant", "alpha", "--data-dir", directory])
        #expect(run.status == 0 && run.stdout.contains("\"tickets\":0"), "\(run.stderr)")
    }
}

/// A terminated tenant is purged automatically, counted from its termination (90 days by default): keys, rows and
/// tokens go with a signed receipt; a tenant terminated later, or reactivated, stays.
@Suite(.serialized) struct TenantPurgeScheduleTests {
    @Test func aTenantTerminatedLongEnoughAgo_isPurgedWithAReceipt_othersStay() async throws {
        let directory = NSTemporaryDirectory() + "haven-tenant-purge-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await TestServer.start(tenants: ["alpha", "beta", "gamma", "delta"], directory: directory) { server, client in
            let administration = TenantAdministration(server.helpdesk)
            _ = try await client.call(
                .post, "/api/v2/tickets", key: server.tenants[1].apiKey,
                json: ["subject": "Beta's", "description": "d", "email": "b@customer.example", "status": 2, "priority": 1])
            try await administration.setStatus(.terminated, subdomain: "beta", command: "test")
            try await administration.setStatus(.terminated, subdomain: "delta", command: "test")
            server.clock.advance(seconds: 60 * 86_400)
            try await administration.setStatus(.terminated, subdomain: "gamma", command: "test")
            // Delta comes back: its clock stops; terminated again later, it starts over.
            try await administration.setStatus(.active, subdomain: "delta", command: "test")
            server.clock.advance(seconds: 31 * 86_400)
            try await administration.setStatus(.terminated, subdomain: "delta", command: "test")
            let tenants = try await administration.all()
            let gamma = try #require(tenants.first { $0.subdomain == "gamma" })
            #expect(TenantPurges.purgeAt(gamma, days: 90) == gamma.terminatedAt?.adding(seconds: 90 * 86_400))
            #expect(TenantPurges.purgeAt(try #require(tenants.first { $0.subdomain == "alpha" }), days: 90) == nil)

            let purged = try await TenantPurges(store: server.store).run(days: 90)
            #expect(purged.map(\.tenant) == [server.tenants[1].tenant.id], "only beta, 91 days after its termination")
            #expect(try await administration.all().map(\.subdomain) == ["alpha", "gamma", "delta"])
            #expect(try await TenantPurges(store: server.store).run(days: 90).isEmpty)
            let receiptID = try #require(purged.first?.receipt)
            let file = try #require(try await DeletionReceipts(server.helpdesk).file(receiptID, tenant: server.tenants[1].tenant.id))
            guard case .valid(let kind, _, _) = try await DeletionReceipts(server.helpdesk).verify(file) else {
                Issue.record("the purge's receipt does not verify")
                return server.tenants
            }
            #expect(kind == "tenant.purged" && file.contains("\"tickets\":1"))
            #expect(try DataFiles.plaintext(["Beta's"], under: server.directory).isEmpty)
            return server.tenants
        }
        // The binary shows when: terminated tenants carry their purge date.
        let listed = try CLITests.run(["tenant", "list", "--data-dir", directory])
        #expect(listed.status == 0)
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first { $0.contains("\"gamma\"") }?.contains("\"purge_at\":") == true)
        #expect(lines.first { $0.contains("\"alpha\"") }?.contains("purge_at") == false)
    }
}
