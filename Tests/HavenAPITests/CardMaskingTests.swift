import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Card numbers are masked before anything is stored, on every channel (API create, update, reply and note, custom
/// text fields, mail), so neither an answer, the search index nor the audit log ever holds one; the tenant's switch
/// (the binary's `haven tenant card-masking`) turns it off; lookalikes stay.
@Suite(.serialized) struct CardMaskingTests {
    static let visa = "4111 1111 1111 1111"
    static let mastercard = "5555-5555-5555-4444"
    static let discover = "6011000990139424"
    static let amex = "3782 822463 10005"

    @Test func cardNumbers_areMaskedOnEveryChannel_untilTheTenantTurnsItOff() async throws {
        let directory = NSTemporaryDirectory() + "haven-cards-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tenants = try await TestServer.start(directory: directory, mailDomain: "support.test") { server, client in
            let key = server.tenants[0].apiKey
            let tenant = server.tenants[0].tenant.id
            #expect(
                try await client.call(
                    .post, "/api/v2/admin/ticket_fields", key: key, json: ["label": "Payment note", "type": "custom_text"]
                ).status == 201)
            let created = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": .string("Refund to \(Self.mastercard)"),
                    "description": .string("<p>Please refund my card \(Self.visa), order 1234567890123456, call +1 555 123 4567.</p>"),
                    "email": "pat@customer.example", "status": 2, "priority": 1,
                    "custom_fields": ["cf_payment_note": .string("card \(Self.discover)")],
                ])
            #expect(created.status == 201, "\(created.text)")
            let ticket = try #require(created.object?.int("id"))
            let shown = try await client.call(.get, "/api/v2/tickets/\(ticket)", key: key)
            let body = try #require(shown.object)
            #expect(body.string("subject") == "Refund to ****-****-****-4444")
            #expect(
                body.string("description")?.contains("my card **** **** **** 1111, order 1234567890123456, call +1 555 123 4567") == true)
            #expect(body["custom_fields"]?.objectValue?.string("cf_payment_note") == "card ************9424")

            // A reply, a note and an update mask alike; a customer's mail too.
            #expect(
                try await client.call(.post, "/api/v2/tickets/\(ticket)/reply", key: key, json: ["body": .string("Was it \(Self.amex)?")])
                    .status == 201)
            #expect(
                try await client.call(.post, "/api/v2/tickets/\(ticket)/notes", key: key, json: ["body": .string("Card \(Self.visa)")])
                    .status == 201)
            #expect(
                try await client.call(
                    .put, "/api/v2/tickets/\(ticket)", key: key, json: ["description": .string("now \(Self.discover)")]
                ).status == 200)
            let mail = Array(
                "From: Pat <pat@customer.example>\r\nTo: alpha@support.test\r\nSubject: My card \(Self.visa)\r\nMessage-ID: <card1@customer.example>\r\n\r\nIt is \(Self.mastercard), please hurry\r\n"
                    .utf8)
            guard
                case .created(let mailed) = try await InboundMail(server.helpdesk).deliver(
                    mail, tenant: tenant, envelopeSender: "pat@customer.example")
            else { throw HavenError.internalFailure("the mail opened no ticket") }
            let conversations = try await client.call(.get, "/api/v2/tickets/\(ticket)/conversations", key: key).text
            #expect(conversations.contains("**** ****** *0005") && conversations.contains("**** **** **** 1111"))
            let updated = try await client.call(.get, "/api/v2/tickets/\(ticket)", key: key).object
            #expect(updated?.string("description") == "now ************9424")
            let fromMail = try await client.call(.get, "/api/v2/tickets/\(mailed.rawValue)", key: key).object
            #expect(fromMail?.string("subject") == "My card **** **** **** 1111")
            #expect(fromMail?.string("description_text")?.contains("It is ****-****-****-4444") == true)

            // Nothing anywhere holds a number: answers, the search index, the audit log, the files.
            for word in ["4111", "5555", "3782", Self.discover] {
                let search = try await client.call(.get, "/api/v2/search/tickets?query=%22text:'\(word)'%22", key: key)
                #expect(search.object?.int("total") == 0, "\(word) is not in the search index")
            }
            for number in [Self.visa, Self.mastercard, Self.discover, Self.amex] {
                #expect(!conversations.contains(number) && !conversations.contains(number.filter(\.isNumber)))
            }
            let store = server.store
            let details = try await store.read { sql in
                var opened: [(String, JSONObject)] = []
                for entry in try await store.auditEntries.entries(tenant, afterSeq: 0, limit: 1_000, on: sql) {
                    opened.append((entry.action, try await store.audit.openDetails(entry, on: sql).details))
                }
                return opened
            }
            let counted = details.filter { $0.1["card_numbers_masked"] != nil }
            #expect(
                counted.map(\.0).sorted() == ["ticket.created", "ticket.created", "ticket.note_added", "ticket.replied", "ticket.updated"])
            #expect(details.first { $0.0 == "ticket.created" }?.1["card_numbers_masked"] == .int(3))
            let everything = details.map { JSONWriter.string(.object($0.1)) }.joined()
            #expect(!everything.contains("1111 1111") && !everything.contains(Self.discover))
            #expect(try DataFiles.plaintext([Self.visa, Self.mastercard, Self.discover, Self.amex], under: server.directory).isEmpty)
            return server.tenants
        }

        // The operator turns it off through the binary (as an admin would on Admin → Security): stored as typed.
        let shown = try CLITests.run(["tenant", "card-masking", "alpha", "--data-dir", directory])
        #expect(shown.status == 0 && shown.stdout.contains("\"mask_card_numbers\":true"), "\(shown.stderr)")
        let off = try CLITests.run(["tenant", "card-masking", "alpha", "off", "--data-dir", directory])
        #expect(off.status == 0 && off.stdout.contains("\"mask_card_numbers\":false"), "\(off.stderr)")
        let wrong = try CLITests.run(["tenant", "card-masking", "alpha", "maybe", "--data-dir", directory])
        #expect(wrong.status != 0 && wrong.stderr.contains("on or off"))
        try await TestServer.start(directory: directory, existing: tenants) { server, client in
            let created = try await client.call(
                .post, "/api/v2/tickets", key: server.tenants[0].apiKey,
                json: ["subject": .string("Test card \(Self.visa)"), "email": "pat@customer.example", "status": 2, "priority": 1])
            #expect(created.object?.string("subject") == "Test card \(Self.visa)")
            // Stored as typed, so found by its digits: the search above would have found them too.
            let search = try await client.call(.get, "/api/v2/search/tickets?query=%22text:'4111'%22", key: server.tenants[0].apiKey)
            #expect(search.object?.int("total") == 1)
        }
    }
}
