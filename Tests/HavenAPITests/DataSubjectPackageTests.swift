import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// A data-subject package through the API: one call, followed and downloaded like an export; a zip (opened here by
/// Python's zipfile, not by Haven's own code) with the person's profile, every ticket they requested with its
/// conversations and files, their consent records, the audit entries about them and a manifest whose hashes match;
/// nothing about anyone else; requested, produced and downloaded audited; other tenants' and unknown ids refused.
@Suite struct DataSubjectPackageTests {
    static func waitForCompletion(_ client: TestHTTPClient, _ id: String, key: String) async throws -> JSONObject {
        try await ExportPolling.completed(client, "/api/v2/data_packages/\(id)", key: key)
    }

    /// Each entry's name, bytes and SHA-256, read and hashed by Python (zipfile after its own integrity check,
    /// `testzip`; hashlib).
    static func unzip(_ bytes: [UInt8]) throws -> (entries: [String: [UInt8]], sha256: [String: String]) {
        let path = NSTemporaryDirectory() + "package-\(UUID().uuidString).zip"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import base64, hashlib, json, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            bad = z.testzip()
            if bad: sys.exit("corrupt entry " + bad)
            print(json.dumps({i.filename: [base64.b64encode(z.read(i)).decode(), hashlib.sha256(z.read(i)).hexdigest()]
                              for i in z.infolist()}))
            """
        let (status, stdout, stderr) = try ChildProcess("/usr/bin/env", ["python3", "-c", script, path]).finish()
        guard status == 0, let object = try JSONParser.parse(Array(stdout.utf8)).objectValue else {
            throw HavenError.internalFailure("zipfile refused the package: \(stderr)")
        }
        var entries: [String: [UInt8]] = [:]
        var hashes: [String: String] = [:]
        for (name, value) in object {
            let pair = value.arrayValue ?? []
            entries[name] = Array(Data(base64Encoded: pair.first?.stringValue ?? "") ?? Data())
            hashes[name] = pair.last?.stringValue
        }
        return (entries, hashes)
    }

    @Test func onePerson_everythingAboutThem_inAZipWithAManifest() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let alpha = server.tenants[0]
            let key = alpha.apiKey
            let admin = Principal.agent(alpha.agentID, role: .admin, apiKey: nil, tenant: alpha.tenant.id)
            var first = TicketChanges()
            first.subject = "Parcel P-4471 lost"
            first.description = "<p>My parcel never came.</p>"
            let ticket = try await CreateTicket(server.helpdesk)(first, for: .email("pat@subject.example", name: "Pat Subject"), by: admin)
            let pat = ticket.ticket.requesterID
            var second = TicketChanges()
            second.subject = "Second question"
            second.description = "<p>Another thing</p>"
            let other = try await CreateTicket(server.helpdesk)(second, for: .email("pat@subject.example", name: nil), by: admin)
            try await TrashTicket(server.helpdesk)(other.ticket.id, by: admin)
            var reply = AddReply.Input(body: "<p>We are looking into P-4471.</p>")
            reply.attachments = [FileUpload(name: "../label.txt", contentType: "text/plain", data: Array("tracking label 4471".utf8))]
            _ = try await AddReply(server.helpdesk)(reply, to: ticket.ticket.id, by: admin)
            _ = try await AddNote(server.helpdesk)(AddNote.Input(body: "<p>Courier says delivered.</p>"), to: ticket.ticket.id, by: admin)
            _ = try await TicketSummaries(server.helpdesk).write(
                "<p>Lost parcel P-4471, courier disputes.</p>", on: ticket.ticket.id, by: admin)
            var survey = Surveys.Changes()
            survey.title = "After an answer"
            _ = try await Surveys(server.helpdesk).create(survey, by: admin)
            _ = try await Surveys(server.helpdesk).rate(
                ticket.ticket.id, ratings: [("default_question", -103)], feedback: "Still no parcel", by: admin)
            try await PortalAdministration(server.helpdesk).update(
                PortalAdministration.Update(
                    name: "", welcome: "", accentColor: "#2557d6", anonymousTickets: true, consentRequired: true,
                    consentText: "We keep what you send us to answer you.", widgetOrigins: [], community: true),
                by: admin)
            // What Pat wrote in the community forums is Pat's too.
            let board = try await Discussions(server.helpdesk).saveCategory(nil, name: "Community", description: nil, by: admin)
            var forumChanges = Discussions.ForumChanges()
            forumChanges.name = "Questions"
            forumChanges.type = .questions
            forumChanges.visibility = .everyone
            let forum = try await Discussions(server.helpdesk).saveForum(nil, in: board.id, forumChanges, by: admin)
            _ = try await Discussions(server.helpdesk).openAsCustomer(
                in: forum.id, title: "Where is P-4471?", messageHTML: "<p>Pat's forum words</p>",
                by: Principal(tenant: server.tenants[0].tenant.id, kind: .contact(pat)))
            let consent = try await client.call(.post, "/api/v2/contacts/\(pat)/consents", key: key, json: ["given": true])
            #expect(consent.status == 201)
            var stranger = TicketChanges()
            stranger.subject = "Someone else entirely"
            stranger.description = "<p>not Pat</p>"
            _ = try await CreateTicket(server.helpdesk)(stranger, for: .email("quinn@other.example", name: "Quinn Other"), by: admin)

            let queued = try await client.call(.post, "/api/v2/contacts/\(pat)/data_package", key: key)
            #expect(queued.status == 202, "\(queued.text)")
            let id = try #require(queued.object?.string("id"))
            #expect(queued.object?.string("status_url")?.hasSuffix("/api/v2/data_packages/\(id)") == true)
            let done = try await Self.waitForCompletion(client, id, key: key)
            #expect(done.string("download_url")?.hasSuffix("/api/v2/data_packages/\(id)/download") == true)
            let file = try await client.call(.get, "/api/v2/data_packages/\(id)/download", key: key)
            #expect(file.status == 200 && file.header("Content-Type") == "application/zip")
            #expect(file.header("Content-Disposition")?.contains("data-package-contact-\(pat)-") == true)

            let (entries, hashes) = try Self.unzip(file.bytes)
            let text = { (name: String) in String(decoding: entries[name] ?? [], as: UTF8.self) }
            let ticketID = ticket.ticket.id
            #expect(
                Set(entries.keys)
                    == [
                        "profile.json", "tickets/\(ticketID)/ticket.json", "tickets/\(other.ticket.id)/ticket.json", "tickets.csv",
                        "consents.json", "audit.ndjson", "manifest.json", "community.json",
                        entries.keys.first { $0.hasPrefix("tickets/\(ticketID)/files/") } ?? "no file",
                    ], "\(entries.keys.sorted())")
            let fileName = try #require(entries.keys.first { $0.hasPrefix("tickets/\(ticketID)/files/") })
            #expect(!fileName.contains("..") && fileName.hasSuffix("label.txt"))
            #expect(entries[fileName] == Array("tracking label 4471".utf8))
            let community = try #require(try JSONParser.parse(entries["community.json"] ?? []).objectValue)
            #expect(community["topics"]?.arrayValue?.first?.objectValue?.string("title") == "Where is P-4471?")
            #expect(community["posts"]?.arrayValue?.first?.objectValue?.string("body") == "<p>Pat's forum words</p>")
            let profile = try #require(try JSONParser.parse(entries["profile.json"] ?? []).objectValue)
            #expect(profile.string("email") == "pat@subject.example" && profile.string("name") == "Pat Subject")
            let thread = try #require(try JSONParser.parse(entries["tickets/\(ticketID)/ticket.json"] ?? []).objectValue)
            let conversations = thread["conversations"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(conversations.count == 2 && conversations.contains { $0["private"]?.boolValue == true })
            #expect(thread.string("subject") == "Parcel P-4471 lost")
            #expect(thread.string("summary") == "<p>Lost parcel P-4471, courier disputes.</p>")
            let rated = thread["satisfaction_ratings"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(rated.count == 1 && rated.first?.string("feedback") == "Still no parcel", "\(thread)")
            #expect(text("tickets.csv").split(separator: "\r\n").count == 3)
            #expect(try JSONParser.parse(entries["consents.json"] ?? []).arrayValue?.count == 1)
            let audit = text("audit.ndjson").split(separator: "\n").compactMap { try? JSONParser.parse(Array($0.utf8)).objectValue }
            #expect(audit.contains { $0.string("action") == "consent.given" })
            #expect(audit.contains { $0.string("action") == "ticket.created" && $0.string("target_id") == "\(ticketID)" })
            #expect(audit.contains { $0.string("action") == "contact.data_package_requested" })
            // Nobody else is in it.
            for (name, bytes) in entries {
                let content = String(decoding: bytes, as: UTF8.self)
                #expect(!content.contains("quinn@other.example") && !content.contains("Someone else entirely"), "\(name)")
            }
            // The manifest names every other entry with its size and SHA-256.
            let manifest = try #require(try JSONParser.parse(entries["manifest.json"] ?? []).objectValue)
            #expect(manifest.string("format") == "haven.data-subject-package/1" && manifest.int("contact_id") == pat.rawValue)
            let listed = manifest["files"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(Set(listed.compactMap { $0.string("name") }) == Set(entries.keys).subtracting(["manifest.json"]))
            for item in listed {
                let name = try #require(item.string("name"))
                #expect(item.string("sha256") == hashes[name], "\(name)")
                #expect(item.int("bytes") == Int64(entries[name]?.count ?? -1))
            }

            // Bad ids: unknown, another tenant's contact, a forged package id, another tenant's key; a plain agent.
            let beta = server.tenants[1]
            #expect(try await client.call(.post, "/api/v2/contacts/999999/data_package", key: key).status == 404)
            #expect(try await client.call(.post, "/api/v2/contacts/\(beta.agentID)/data_package", key: key).status == 404)
            #expect(
                try await client.call(.get, "/api/v2/data_packages/\(String(repeating: "0", count: 32))/download", key: key).status == 404)
            #expect(try await client.call(.get, "/api/v2/data_packages/\(id)/download", key: beta.apiKey).status == 404)
            #expect(try await client.call(.get, "/api/v2/tickets/export/\(id)/download", key: key).status == 404)
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.post, "/api/v2/contacts/\(pat)/data_package", key: plain.apiKey).status == 403)

            // Requested, produced, downloaded: each in the audit log, none with the person's data in it.
            let store = server.store
            let logged = try await store.read { sql in
                try await store.auditEntries.entries(alpha.tenant.id, afterSeq: 0, limit: 10_000, on: sql)
            }
            #expect(logged.filter { $0.action == "contact.data_package_requested" }.count == 1)
            #expect(logged.filter { $0.action == "contact.data_package_produced" }.count == 1)
            #expect(logged.filter { $0.action == "export.downloaded" }.count == 1)
            // Sealed at rest: the file's content is nowhere on disk in clear.
            #expect(try DataFiles.plaintext(["tracking label 4471", "pat@subject.example", "P-4471"], under: server.directory) == [])
        }
    }
}
