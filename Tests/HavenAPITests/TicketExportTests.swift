import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Ticket exports below the console: the fields asked for, as CSV or JSON, every ticket but the trash and spam (or
/// those updated since a day), requesters' names and addresses read with them, formulas neutralized, the file sealed
/// and kept 24 hours, for exporting roles only; contact exports' routes never serve a ticket export.
@Suite struct TicketExportTests {
    static func admin(_ fixture: AccessFixture) -> Principal {
        .agent(fixture.adminID, role: .admin, apiKey: nil, tenant: fixture.tenant.id)
    }

    static func ticket(_ subject: String, _ description: String, from email: String, _ fixture: AccessFixture) async throws -> TicketID {
        var changes = TicketChanges()
        changes.subject = subject
        changes.description = description
        changes.priority = .high
        return try await CreateTicket(fixture.helpdesk)(changes, for: .email(email, name: "Dana Doe"), by: Self.admin(fixture)).ticket.id
    }

    static func finished(_ job: Job, _ fixture: AccessFixture) async throws -> (file: ExportFile, content: String) {
        try await ExportJob(store: fixture.helpdesk.store).run(job)
        let reader = try await Exports(fixture.helpdesk).download(job.id, by: Self.admin(fixture))
        return (reader.file, try await reader.text())
    }

    @Test func tickets_asCSVAndJSON_withRequesters_withoutTheTrash_andSinceATime() async throws {
        try await AccessFixture.run { fixture in
            let admin = Self.admin(fixture)
            let exports = Exports(fixture.helpdesk)
            let first = try await Self.ticket("Order 1 never came", "<p>Where is <b>order 1</b>?</p>", from: "dana@example.com", fixture)
            let formula = try await Self.ticket("=HYPERLINK(\"http://evil\")", "<p>x</p>", from: "eve@example.com", fixture)
            let trashed = try await Self.ticket("Trashed", "<p>t</p>", from: "dana@example.com", fixture)
            try await TrashTicket(fixture.helpdesk)(trashed, by: admin)

            // Bad requests are named and queue nothing.
            await #expect(throws: HavenError.self) {
                _ = try await exports.request(.tickets, fields: ["subject", "password"], format: "csv", by: admin)
            }
            await #expect(throws: HavenError.self) { _ = try await exports.request(.tickets, fields: [], format: "csv", by: admin) }
            await #expect(throws: HavenError.self) {
                _ = try await exports.request(
                    .tickets, fields: ["id"], format: "csv", updatedSince: fixture.clock.now().adding(seconds: 86_400), by: admin)
            }
            let agent = Principal.agent(fixture.adminID, role: .agent, apiKey: nil, tenant: fixture.tenant.id)
            await #expect(throws: HavenError.accessDenied) {
                _ = try await exports.request(.tickets, fields: ["id"], format: "csv", by: agent)
            }

            let csvJob = try await exports.request(
                .tickets, fields: ["id", "subject", "description", "priority", "requester_name", "requester_email"], format: "csv",
                by: admin)
            let (csvFile, csv) = try await Self.finished(csvJob, fixture)
            #expect(csvFile.rows == 2 && csvFile.filename.hasPrefix("tickets-") && csvFile.contentType.hasPrefix("text/csv"))
            let lines = csv.split(separator: "\r\n").map(String.init)
            #expect(
                lines == [
                    "id,subject,description,priority,requester_name,requester_email",
                    "\(first),Order 1 never came,Where is order 1?,High,Dana Doe,dana@example.com",
                    "\(formula),\"'=HYPERLINK(\"\"http://evil\"\")\",x,High,Dana Doe,eve@example.com",
                ], "\(lines)")
            // The contacts' routes do not serve it.
            await #expect(throws: HavenError.notFound) { _ = try await exports.status(csvJob.id, kind: .contacts, by: admin) }
            #expect(try await exports.status(csvJob.id, by: admin).1 == .tickets)

            // Updated since tomorrow's midnight: only what changes after it.
            fixture.clock.advance(seconds: 2 * 86_400)
            var update = TicketChanges()
            update.status = .resolved
            _ = try await UpdateTicket(fixture.helpdesk)(first, update, requester: nil, by: admin)
            let since = fixture.clock.now().adding(seconds: -3_600)
            let jsonJob = try await exports.request(
                .tickets, fields: ["id", "status", "updated_at"], format: "json", updatedSince: since, by: admin)
            let (_, json) = try await Self.finished(jsonJob, fixture)
            let rows = try JSONParser.parse(Array(json.utf8)).arrayValue?.compactMap(\.objectValue) ?? []
            #expect(rows.count == 1 && rows.first?.int("id") == first.rawValue && rows.first?.string("status") == "Resolved")

            let actions = try await fixture.auditActions()
            #expect(actions.filter { $0 == "ticket.export_requested" }.count == 2)
            #expect(actions.filter { $0 == "export.downloaded" }.count == 2)
        }
    }
}
