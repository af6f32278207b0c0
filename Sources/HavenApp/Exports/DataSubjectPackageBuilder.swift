import Crypto
import HavenAudit
import HavenCore
import HavenStore

/// Writes everything Haven holds about one person as a zip, an entry at a time: `profile.json`; `tickets.csv` (one
/// line per ticket they requested, in any state); per ticket `tickets/{id}/ticket.json` with its conversations (public
/// and private: an admin reviews the package before handing it over), its summary and their satisfaction ratings, and
/// its files under `tickets/{id}/files/`;
/// `consents.json`; `audit.ndjson` (the audit entries about them and their tickets); and last `manifest.json`, naming
/// every file with its size and SHA-256. Memory holds one ticket's thread or one file at a time, never the package.
struct DataSubjectPackageBuilder {
    static let format = "haven.data-subject-package/1"

    let helpdesk: Helpdesk
    let tenant: Tenant
    let contactID: UserID

    struct Outcome: Sendable {
        var files = 0
        var tickets = 0
        var conversations = 0
        var attachments = 0
        var consents = 0
        var auditEntries = 0

        var json: JSONObject {
            [
                "files": .int(Int64(self.files)), "tickets": .int(Int64(self.tickets)), "conversations": .int(Int64(self.conversations)),
                "attachments": .int(Int64(self.attachments)), "consents": .int(Int64(self.consents)),
                "audit_entries": .int(Int64(self.auditEntries)),
            ]
        }
    }

    /// What `write` works from, read once: the person and the tickets they requested (the progress is counted in
    /// tickets, so a caller learns the total here before writing).
    struct Subject: Sendable {
        let contact: Contact
        let ticketIDs: [TicketID]
    }

    func subject() async throws -> Subject {
        let store = self.helpdesk.store
        return try await store.read { sql in
            guard let contact = try await store.contacts.find(self.tenant.id, self.contactID, on: sql), contact.unreadable == nil else {
                throw HavenError.notFound
            }
            return Subject(contact: contact, ticketIDs: try await store.tickets.ids(self.tenant.id, requester: self.contactID, on: sql))
        }
    }

    /// Calls `emit` with the archive's bytes in order and the tickets written so far.
    func write(_ subject: Subject, _ emit: ([UInt8], Int64) async throws -> Void) async throws -> Outcome {
        let store = self.helpdesk.store
        let tenantID = self.tenant.id
        let (contact, ticketIDs) = (subject.contact, subject.ticketIDs)
        let now = self.helpdesk.clock.now()
        var zip = ZipWriter(modified: now)
        var manifest: [JSONValue] = []
        var outcome = Outcome()
        func add(_ name: String, _ bytes: [UInt8], _ what: String, done: Int64) async throws {
            try await emit(try zip.add(name, bytes), done)
            manifest.append(
                [
                    "name": .string(name), "bytes": .int(Int64(bytes.count)),
                    "sha256": .string(Array(SHA256.hash(data: bytes)).hexString), "holds": .string(what),
                ])
            outcome.files += 1
        }
        func json(_ object: JSONObject) -> [UInt8] { Array((JSONWriter.string(.object(object)) + "\n").utf8) }

        var profile = ContactExportRows.object(contact)
        profile.append("other_emails", .strings(contact.otherEmails))
        profile.append("custom_fields", .object(contact.customFields))
        profile.append("is_agent", .bool(contact.isAgent))
        profile.append("deleted", .bool(contact.deleted))
        try await add("profile.json", json(profile), "The person's profile: every field Haven keeps about them", done: 0)

        var index = CSV.line(TicketExportRows.fields) + "\r\n"
        for (offset, ticketID) in ticketIDs.enumerated() {
            let (ticket, conversations, attachments, summary, ratings) = try await store.read { sql in
                let ticket = try await store.tickets.find(tenantID, ticketID, on: sql)
                var conversations: [Conversation] = []
                var page = 1
                while true {
                    let found = try await store.conversations.list(
                        tenantID, ticket: ticketID, page: PageRequest(page: page, perPage: 100), on: sql)
                    conversations += found.items
                    guard found.hasMore else { break }
                    page += 1
                }
                return (
                    ticket, conversations, try await store.attachments.list(tenantID, ticket: ticketID, on: sql),
                    try await store.summaries.find(tenantID, ticket: ticketID, on: sql),
                    try await store.surveys.ratings(tenantID, ticket: ticketID, on: sql)
                )
            }
            guard let ticket else { continue }
            index += TicketExportRows.csvLine(ticket, contact) + "\r\n"
            var object = TicketExportRows.object(ticket, contact)
            object.append("description_html", .string(ticket.description))
            object.append("cc_emails", .strings(ticket.ccEmails))
            object.append("custom_fields", .object(ticket.customFields))
            object.append("spam", .bool(ticket.spam))
            object.append("deleted", .bool(ticket.deleted))
            object.append("conversations", .array(conversations.map { .object(Self.conversation($0)) }))
            object.append("summary", summary.map { .string($0.bodyHTML) } ?? .null)
            // Their answers to the satisfaction survey about it, their words included.
            object.append(
                "satisfaction_ratings",
                .array(
                    ratings.filter { $0.userID == self.contactID }.map { r in
                        [
                            "id": .id(r.id), "survey_id": .id(r.surveyID),
                            "ratings": .object(JSONObject(r.ratings.map { ($0.key, .int($0.value)) })),
                            "feedback": .optional(r.feedback), "created_at": .timestamp(r.createdAt),
                        ]
                    }))
            var files: [JSONValue] = []
            for attachment in attachments {
                let path = "tickets/\(ticketID)/files/\(attachment.id)-\(Self.safeName(attachment.name))"
                files.append(
                    [
                        "id": .id(attachment.id), "name": .string(attachment.name), "content_type": .string(attachment.contentType),
                        "size": .int(attachment.size), "conversation_id": .optional(attachment.conversationID), "file": .string(path),
                    ])
            }
            object.append("attachments", .array(files))
            try await add(
                "tickets/\(ticketID)/ticket.json", json(object), "A ticket they requested, with its conversations", done: Int64(offset))
            for attachment in attachments {
                guard
                    let (_, bytes) = try await store.read({ sql in try await store.attachments.content(tenantID, attachment.id, on: sql) })
                else { continue }
                try await add(
                    "tickets/\(ticketID)/files/\(attachment.id)-\(Self.safeName(attachment.name))", bytes, "A file of that ticket",
                    done: Int64(offset))
                outcome.attachments += 1
            }
            outcome.tickets += 1
            outcome.conversations += conversations.count
        }
        let done = Int64(ticketIDs.count)
        try await add("tickets.csv", Array(index.utf8), "One line per ticket they requested", done: done)

        let (topics, posts) = try await store.read { sql in try await store.discussions.authored(tenantID, by: self.contactID, on: sql) }
        let community: JSONObject = [
            "topics": .array(
                topics.map {
                    [
                        "id": .id($0.id), "forum_id": .id($0.forumID), "title": $0.title.map(JSONValue.string) ?? .null,
                        "created_at": .timestamp($0.createdAt),
                    ]
                }),
            "posts": .array(
                posts.map {
                    [
                        "id": .id($0.id), "topic_id": .id($0.topicID), "body": $0.bodyHTML.map(JSONValue.string) ?? .null,
                        "created_at": .timestamp($0.createdAt),
                    ]
                }),
        ]
        try await add("community.json", json(community), "The forum topics and posts they wrote", done: done)

        let consents = try await ConsentLedger(self.helpdesk).list(self.contactID, by: .job(ExportKind.package.jobName, tenant: tenantID))
        outcome.consents = consents.count
        try await add(
            "consents.json", Array((JSONWriter.string(.array(consents.map { .object($0.record.json(text: $0.text)) })) + "\n").utf8),
            "Their consent records, newest first, with the wording each was given for", done: done)

        var audit = ""
        let reader = AuditReader(store: store)
        for target in [AuditTarget.contact(self.contactID), .agent(self.contactID)] + ticketIDs.map(AuditTarget.ticket) {
            var filter = AuditFilter()
            filter.targetType = target.type
            filter.targetID = target.id
            try await reader.each(tenantID, filter) { batch in
                for record in batch { audit += JSONWriter.string(.object(record.json)) + "\n" }
                outcome.auditEntries += batch.count
            }
        }
        try await add(
            "audit.ndjson", Array(audit.utf8), "The audit log's entries about them and their tickets, one JSON object a line", done: done)

        let description: JSONObject = [
            "format": .string(Self.format), "tenant": .string(self.tenant.subdomain), "contact_id": .id(self.contactID),
            "generated_at": .timestamp(now), "counts": .object(outcome.json), "files": .array(manifest),
            "note": .string(
                "Everything this helpdesk holds about the person: their profile, the tickets they requested (in any state) with every conversation, public or private, and file, their consent records and the audit entries about them. Review private notes before handing the package over."
            ),
        ]
        try await emit(try zip.add("manifest.json", json(description)), done)
        outcome.files += 1
        try await emit(zip.finish(), done)
        return outcome
    }

    static func conversation(_ c: Conversation) -> JSONObject {
        [
            "id": .id(c.id), "user_id": .optional(c.userID), "incoming": .bool(c.incoming), "private": .bool(c.isPrivate),
            "body_text": .string(HTMLText.plainText(c.body)), "body_html": .string(c.body), "from_email": .optional(c.fromEmail),
            "to_emails": .strings(c.toEmails), "cc_emails": .strings(c.ccEmails), "bcc_emails": .strings(c.bccEmails),
            "created_at": .timestamp(c.createdAt), "updated_at": .timestamp(c.updatedAt),
        ]
    }

    /// A file name that stays inside its folder when unzipped: no separators, no leading dots, no control characters.
    static func safeName(_ name: String) -> String {
        var cleaned = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.value < 0x20 || scalar.value == 0x7F || scalar == "/" || scalar == "\\" || scalar == ":" ? "_" : Character(scalar)
            })
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        return cleaned.isEmpty ? "file" : String(cleaned.prefix(120))
    }
}
