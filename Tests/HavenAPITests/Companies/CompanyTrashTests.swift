import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

/// "Deleted companies" below the web: a delete detaches a company from its contacts (main and other companies) and
/// tickets as Freshdesk's delete would, hides it from every API read and frees its name; a restore gives the links
/// back where they are still free; the purge and "Delete forever" remove it for good with their audit entries.
@Suite struct CompanyTrashTests {
    static func admin(_ fixture: AccessFixture) -> Principal {
        .agent(fixture.adminID, role: .admin, apiKey: nil, tenant: fixture.tenant.id)
    }

    static func company(_ name: String, _ fixture: AccessFixture) async throws -> CompanyID {
        var changes = CompanyChanges()
        changes.name = name
        return try await CreateCompany(fixture.helpdesk)(changes, by: Self.admin(fixture)).id
    }

    static func contact(_ email: String, company: CompanyID?, others: [CompanyID] = [], _ fixture: AccessFixture) async throws -> UserID {
        var changes = ContactChanges()
        changes.name = email
        changes.email = email
        changes.companyID = .some(company)
        changes.otherCompanies = others
        return try await CreateContact(fixture.helpdesk)(changes, by: Self.admin(fixture)).id
    }

    static func contact(_ id: UserID, _ fixture: AccessFixture) async throws -> Contact {
        try await ContactQueries(fixture.helpdesk).view(id, by: Self.admin(fixture))
    }

    @Test func deleteDetachesEverything_restoreGivesBackWhatIsStillFree() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let acme = try await Self.company("Acme", fixture)
            let globex = try await Self.company("Globex", fixture)
            let ada = try await Self.contact("ada@acme.example", company: acme, fixture)
            let bob = try await Self.contact("bob@acme.example", company: acme, fixture)
            let cy = try await Self.contact("cy@globex.example", company: globex, others: [acme], fixture)
            var ticket = TicketChanges()
            ticket.subject = "Broken rocket"
            ticket.description = "It does not fly"
            ticket.companyID = .some(acme)
            let rocket = try await CreateTicket(fixture.helpdesk)(ticket, for: .id(ada), by: admin).ticket.id

            try await DeleteCompany(fixture.helpdesk)(acme, by: admin)
            let queries = CompanyQueries(fixture.helpdesk)
            await #expect(throws: HavenError.notFound) { _ = try await queries.view(acme, by: admin) }
            #expect(
                try await queries.list(updatedSince: nil, page: PageRequest(page: 1, perPage: 100), by: admin).items.map(\.id) == [globex])
            #expect(try await queries.autocomplete("Ac", by: admin).isEmpty)
            #expect(try await queries.trash(page: PageRequest(page: 1, perPage: 10), by: admin).items.map(\.id) == [acme])
            #expect(try await Self.contact(ada, fixture).companyID == nil)
            #expect(try await Self.contact(cy, fixture).otherCompanies == [])
            #expect(try await TicketQueries(fixture.helpdesk).view(rocket, including: [], by: admin).details.ticket.companyID == nil)
            // The contacts can be changed without tripping over the company they lost.
            var rename = ContactChanges()
            rename.name = "Cy Globex"
            _ = try await UpdateContact(fixture.helpdesk)(cy, rename, by: admin)
            let (trashed, detached) = try await queries.viewInTrash(acme, by: admin)
            #expect(trashed.deletedAt != nil)
            #expect(detached == DetachedFromCompany(contacts: [ada, bob], otherContacts: [cy], tickets: [rocket]))

            // Meanwhile Bob joins Globex: the restore leaves him there.
            var move = ContactChanges()
            move.companyID = .some(globex)
            _ = try await UpdateContact(fixture.helpdesk)(bob, move, by: admin)
            let reattached = try await CompanyTrash(fixture.helpdesk).restore(acme, by: admin)
            #expect(reattached == DetachedFromCompany(contacts: [ada], otherContacts: [cy], tickets: [rocket]))
            #expect(try await Self.contact(ada, fixture).companyID == acme)
            #expect(try await Self.contact(bob, fixture).companyID == globex)
            #expect(try await Self.contact(cy, fixture).otherCompanies == [acme])
            #expect(try await TicketQueries(fixture.helpdesk).view(rocket, including: [], by: admin).details.ticket.companyID == acme)
            #expect(try await queries.view(acme, by: admin).name == "Acme")
            await #expect(throws: HavenError.notFound) { try await CompanyTrash(fixture.helpdesk).restore(acme, by: admin) }
            await #expect(throws: HavenError.notFound) { try await CompanyTrash(fixture.helpdesk).deleteForever(acme, by: admin) }
        }
    }

    @Test func theNameIsFreeWhileDeleted_aRestoreNeverMakesTwins_andThePurgeEmptiesTheTrash() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let acme = try await Self.company("Acme", fixture)
            try await DeleteCompany(fixture.helpdesk)(acme, by: admin)
            let twin = try await Self.company("ACME", fixture)
            do {
                try await CompanyTrash(fixture.helpdesk).restore(acme, by: admin)
                Issue.record("a restore made two companies of one name")
            } catch HavenError.conflict(let problems) {
                #expect(problems.first?.additionalInfo["company_id"] == twin.rawValue)
            }
            #expect(try await CompanyQueries(fixture.helpdesk).viewInTrash(acme, by: admin).0.deletedAt != nil, "nothing changed")
            // An agent may read but not delete or restore.
            let agent = Principal.agent(fixture.adminID, role: .agent, apiKey: nil, tenant: fixture.tenant.id)
            await #expect(throws: HavenError.accessDenied) { try await CompanyTrash(fixture.helpdesk).restore(acme, by: agent) }
            await #expect(throws: HavenError.accessDenied) { try await CompanyTrash(fixture.helpdesk).deleteForever(acme, by: agent) }

            try await DeleteCompany(fixture.helpdesk)(twin, by: admin)
            fixture.clock.advance(seconds: 10 * 86_400)
            let old = try await Self.company("Old", fixture)
            try await DeleteCompany(fixture.helpdesk)(old, by: admin)
            fixture.clock.advance(seconds: 25 * 86_400)
            // 35 days for Acme and its twin, 25 for Old: a 30-day trash purges the first two.
            let purged = try await TrashPurge(store: fixture.helpdesk.store).run(days: 30)
            #expect(purged == 2)
            let trash = try await CompanyQueries(fixture.helpdesk).trash(page: PageRequest(page: 1, perPage: 10), by: admin)
            #expect(trash.items.map(\.id) == [old])
            #expect(try await fixture.auditActions().filter { $0 == "company.purged" }.count == 2)
            try await CompanyTrash(fixture.helpdesk).deleteForever(old, by: admin)
            #expect(try await CompanyQueries(fixture.helpdesk).trash(page: PageRequest(page: 1, perPage: 10), by: admin).items.isEmpty)
            let stored = try await fixture.helpdesk.store.read { sql in try await sql.scalar("SELECT count(*) FROM companies") }
            #expect(stored == 0)
            // A receipt for the purge's batch and one for "Delete forever".
            let store = fixture.helpdesk.store
            let receipts = try await store.read { sql in try await store.receipts.list(fixture.tenant.id, limit: 10, on: sql) }
            #expect(receipts.map(\.kind).sorted() == ["company.purged", "trash.purged"], "\(receipts.map(\.kind))")
        }
    }
}
