import Foundation
import HTTPTypes
import HavenCore
import HavenCrypto
import HavenStore
import Logging
import Synchronization
import Testing

/// Encryption at rest end to end, on real SQLite files: nothing personal in any file, damaged or moved envelopes
/// named as unreadable without harming anything else, crypto-shredding that reaches old copies, rotation under load.
@Suite("Encryption at rest")
struct EncryptionAtRestTests {
    static func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "haven-\(name)-" + UUID().uuidString
    }

    static func id(_ result: HTTPResult) -> Int64 {
        result.object?.int("id") ?? -1
    }

    @Test func noMarkerIsStoredInAnyFileUnderTheDataDirectory() async throws {
        let data = Self.temporary("scan")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let tag = UUID().uuidString.prefix(8).lowercased()
        let markers = [
            "Zebulon-\(tag)", "zebulon.\(tag)@marker.example", "+1555\(abs(tag.hashValue) % 10_000_000)",
            "Quokka\(tag)Subject", "Narwhal\(tag)Description", "Axolotl\(tag)Note", "Pangolin\(tag)Reply",
            "Ocelot\(tag)Company", "Tapir\(tag)Street", "Okapi\(tag)About", "Gharial\(tag)Signature",
        ]
        try await TestServer.start(directory: data) { server, client in
            let key = server.tenants[0].apiKey
            let contact = try await client.call(
                .post, "/api/v2/contacts", key: key,
                json: [
                    "name": .string(markers[0]), "email": .string(markers[1]), "phone": .string(markers[2]),
                    "address": .string(markers[8]), "description": .string(markers[9]),
                ]
            )
            #expect(contact.status == 201, "\(contact.text)")
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": .string(markers[3]), "description": .string("<p>\(markers[4])</p>"), "email": .string(markers[1]),
                    "priority": 1, "status": 2,
                ]
            )
            #expect(ticket.status == 201, "\(ticket.text)")
            let ticketID = Self.id(ticket)
            let note = try await client.call(.post, "/api/v2/tickets/\(ticketID)/notes", key: key, json: ["body": .string(markers[5])])
            #expect(note.status == 201, "\(note.text)")
            let reply = try await client.call(.post, "/api/v2/tickets/\(ticketID)/reply", key: key, json: ["body": .string(markers[6])])
            #expect(reply.status == 201, "\(reply.text)")
            let company = try await client.call(.post, "/api/v2/companies", key: key, json: ["name": .string(markers[7])])
            #expect(company.status == 201, "\(company.text)")
            let agent = try await client.call(
                .put, "/api/v2/agents/\(server.tenants[0].agentID)", key: key, json: ["signature": .string(markers[10])]
            )
            #expect(agent.status == 200, "\(agent.text)")

            // Everything still reads back, and the encrypted content is searchable.
            let viewed = try await client.call(.get, "/api/v2/tickets/\(ticketID)?include=conversations,requester", key: key)
            #expect(viewed.object?.string("subject") == markers[3])
            #expect(viewed.object?["requester"]?.objectValue?.string("email") == markers[1])
            let byWord = try await client.call(
                .get, "/api/v2/search/tickets?query=" + "\"text:'\(markers[5].lowercased())' AND priority:1\"".addingFormEncoding, key: key
            )
            #expect(byWord.object?.int("total") == 1, "\(byWord.text)")
            let byEmail = try await client.call(.get, "/api/v2/contacts?email=" + markers[1].uppercased().addingFormEncoding, key: key)
            #expect(byEmail.array?.count == 1)
        }
        let files = DataFiles.paths(under: data)
        if TestServer.engine == .sqlite {
            #expect(files.contains { $0.hasSuffix("haven.sqlite") } && files.contains { $0.hasSuffix("index.sqlite") })
            #expect(files.contains { $0.hasSuffix("keystore.sqlite") })
        } else {
            // The server's tables and write-ahead log.
            #expect(files.contains { $0.contains("/data/base/") } && files.contains { $0.contains("/data/pg_wal/") })
        }
        for path in files {
            guard let bytes = try DataFiles.read(path) else { continue }
            for marker in markers {
                for form in [marker, marker.lowercased(), Data(marker.utf8).base64EncodedString()] {
                    #expect(bytes.range(of: Data(form.utf8)) == nil, "\(form) found in \(path)")
                }
            }
        }
    }

    @Test func newTicketsAreIndexedAfterTheirCreateAndFoundByWordsAtOnce() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let tenant = server.tenants[0].tenant.id
            for n in 1...3 {
                let made = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: [
                        "subject": .string("Flamingo number \(n)"), "description": "x", "email": "f@example.com", "priority": 1,
                        "status": 2,
                    ]
                )
                #expect(made.status == 201)
            }
            // The text search catches up whatever the background indexer has not reached yet.
            let found = try await client.call(.get, "/api/v2/search/tickets?query=" + "\"text:'flamingo'\"".addingFormEncoding, key: key)
            #expect(found.object?.int("total") == 3, "\(found.text)")
            #expect(try await TermIndexer.behind(store: server.store).isEmpty)
            let terms = try await server.store.read { sql in
                try await sql.scalar("SELECT count(*) AS n FROM idx.ticket_terms WHERE tenant_id = \(tenant)")
            }
            #expect(terms >= 6)  // "flamingo", "number" and the digit-free description words, per ticket set
            // A reindex rebuilds the same tokens and leaves nothing behind.
            let before = terms
            try await Reindexer(store: server.store).run(tenant)
            let after = try await server.store.read { sql in
                try await sql.scalar("SELECT count(*) AS n FROM idx.ticket_terms WHERE tenant_id = \(tenant)")
            }
            #expect(after == before)
            #expect(try await TermIndexer.behind(store: server.store).isEmpty)
        }
    }

    @Test func aDamagedOrMovedEnvelopeIsNamedUnreadableAndEverythingElseWorks() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            var ids: [Int64] = []
            for n in 1...3 {
                let created = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: [
                        "subject": .string("Ticket number \(n)"), "description": "x", "email": "one@example.com", "priority": 1,
                        "status": 2,
                    ]
                )
                ids.append(Self.id(created))
            }
            let tenant = server.tenants[0].tenant.id
            try await server.store.write { sql in
                // An attacker with write access flips one byte of ticket 1's subject, and moves ticket 3's into ticket 2.
                try await sql.execute(
                    sql.dialect == .postgres
                        ? "UPDATE tickets SET subject = overlay(subject placing '\\x00'::bytea from 31 for 1) WHERE tenant_id = \(tenant) AND id = \(ids[0])"
                        : "UPDATE tickets SET subject = substr(subject, 1, 30) || x'00' || substr(subject, 32) WHERE tenant_id = \(tenant) AND id = \(ids[0])"
                )
                try await sql.execute(
                    """
                    UPDATE tickets SET subject = (SELECT subject FROM tickets WHERE tenant_id = \(tenant) AND id = \(ids[2]))
                    WHERE tenant_id = \(tenant) AND id = \(ids[1])
                    """
                )
            }
            for damaged in ids.prefix(2) {
                let view = try await client.call(.get, "/api/v2/tickets/\(damaged)", key: key)
                #expect(view.status == 500)
                #expect(view.object?.string("code") == "unreadable_record")
                #expect(view.object?.string("message")?.contains("Ticket \(damaged) cannot be decrypted") == true)
                let edit = try await client.call(.put, "/api/v2/tickets/\(damaged)", key: key, json: ["priority": 2])
                #expect(edit.object?.string("code") == "unreadable_record")
            }
            let healthy = try await client.call(.get, "/api/v2/tickets/\(ids[2])", key: key)
            #expect(healthy.status == 200 && healthy.object?.string("subject") == "Ticket number 3")
            let list = try await client.call(.get, "/api/v2/tickets", key: key)
            #expect(list.status == 200)
            let items = list.array?.compactMap(\.objectValue) ?? []
            #expect(items.count == 3)
            #expect(items.filter { $0.string("content_unavailable") == "damaged" }.count == 2)
            #expect(items.first { $0.int("id") == ids[2] }?.string("subject") == "Ticket number 3")
            // Nothing was written over the damaged rows: trashing one keeps its (damaged) bytes for forensics.
            #expect(try await client.call(.delete, "/api/v2/tickets/\(ids[0])", key: key).status == 204)
            let creatable = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "Still works", "description": "x", "email": "one@example.com", "priority": 1, "status": 2]
            )
            #expect(creatable.status == 201)
        }
    }

    @Test func shreddingReachesAnOldCopyOfTheDataDirectory() async throws {
        let data = Self.temporary("live")
        let backup = Self.temporary("old-copy")
        let keys = Self.temporary("keys")
        defer {
            for path in [data, backup, keys] { try? FileManager.default.removeItem(atPath: path) }
        }
        let clock = ManualClock(TestServer.epoch)
        struct Created: Sendable {
            var tenant: TestServer.TestTenant
            var erased: Int64 = 0
            var erasedTicket: Int64 = 0
            var kept: Int64 = 0
            var keptTicket: Int64 = 0
        }
        let created = try await TestServer.start(directory: data, keyDirectory: keys, clock: clock) { server, client in
            let key = server.tenants[0].apiKey
            var created = Created(tenant: server.tenants[0])
            for (name, email) in [("Xavier Erased", "x@erase.example"), ("Yolanda Kept", "y@keep.example")] {
                let contact = try await client.call(
                    .post, "/api/v2/contacts", key: key, json: ["name": .string(name), "email": .string(email)])
                let ticket = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: [
                        "subject": .string("Problem of \(name)"), "description": "d", "email": .string(email), "priority": 1, "status": 2,
                    ]
                )
                _ = try await client.call(
                    .post, "/api/v2/tickets/\(Self.id(ticket))/notes", key: key, json: ["body": .string("Note on \(name)")])
                if created.erased == 0 {
                    (created.erased, created.erasedTicket) = (Self.id(contact), Self.id(ticket))
                } else {
                    (created.kept, created.keptTicket) = (Self.id(contact), Self.id(ticket))
                }
            }
            return created
        }
        // The "old backup": a plain copy of the data directory, taken before the erasure.
        try DataFiles.copyDeployment(data, to: backup)

        try await TestServer.start(directory: data, keyDirectory: keys, existing: [created.tenant], clock: clock) { server, client in
            let key = server.tenants[0].apiKey
            let erased = try await client.call(.delete, "/api/v2/contacts/\(created.erased)/hard_delete?force=true", key: key)
            #expect(erased.status == 204)
            let admin = KeyAdministration(store: server.store, actor: .cli("test"))
            let change = try await admin.newEpoch(grace: 7 * 86_400)
            #expect(change.epoch == 2 && change.destroyed.isEmpty)
            #expect(FileManager.default.fileExists(atPath: keys + "/epoch-000001.key"), "the grace period keeps the old epoch")
            clock.advance(seconds: 8 * 86_400)
            #expect(try await admin.destroyExpiredEpochs() == [1])
            #expect(!FileManager.default.fileExists(atPath: keys + "/epoch-000001.key"))
            // The live system reads on under the new epoch.
            #expect(try await client.call(.get, "/api/v2/contacts/\(created.kept)", key: key).object?.string("name") == "Yolanda Kept")
        }

        try await TestServer.start(directory: backup, keyDirectory: keys, existing: [created.tenant], clock: clock) { server, client in
            let key = server.tenants[0].apiKey
            let contact = try await client.call(.get, "/api/v2/contacts/\(created.erased)", key: key)
            #expect(contact.status == 410)
            #expect(contact.object?.string("code") == "erased")
            #expect(contact.text.contains("Xavier") == false)
            let ticket = try await client.call(.get, "/api/v2/tickets/\(created.erasedTicket)", key: key)
            #expect(ticket.status == 410)
            #expect(ticket.text.contains("Xavier") == false)
            let list = try await client.call(.get, "/api/v2/tickets?include=description", key: key)
            let items = list.array?.compactMap(\.objectValue) ?? []
            #expect(items.first { $0.int("id") == created.erasedTicket }?.string("content_unavailable") == "erased")
            #expect(list.text.contains("Xavier") == false && list.text.contains("x@erase.example") == false)
            let contacts = try await client.call(.get, "/api/v2/contacts", key: key)
            #expect(contacts.text.contains("Xavier") == false)
            let search = try await client.call(.get, "/api/v2/contacts?email=x%40erase.example", key: key)
            #expect(search.array?.isEmpty == true)
            // Everyone else reads fine.
            let kept = try await client.call(.get, "/api/v2/contacts/\(created.kept)", key: key)
            #expect(kept.status == 200 && kept.object?.string("name") == "Yolanda Kept")
            let keptTicket = try await client.call(.get, "/api/v2/tickets/\(created.keptTicket)?include=conversations", key: key)
            #expect(keptTicket.object?.string("subject") == "Problem of Yolanda Kept")
            #expect(keptTicket.object?["conversations"]?.arrayValue?.first?.objectValue?.string("body") == "Note on Yolanda Kept")
        }
    }

    @Test func aPurgedTenantStaysErasedInAnOldCopyAndIsNotGivenNewKeys() async throws {
        let data = Self.temporary("purge-live")
        let backup = Self.temporary("purge-old")
        let keys = Self.temporary("purge-keys")
        defer {
            for path in [data, backup, keys] { try? FileManager.default.removeItem(atPath: path) }
        }
        let tenants = try await TestServer.start(tenants: ["alpha", "beta"], directory: data, keyDirectory: keys) { server, client in
            for tenant in server.tenants {
                let made = try await client.call(
                    .post, "/api/v2/tickets", key: tenant.apiKey,
                    json: [
                        "subject": .string("Ticket of \(tenant.tenant.subdomain)"), "description": "d", "email": "c@example.com",
                        "priority": 1, "status": 2,
                    ]
                )
                #expect(made.status == 201)
            }
            return server.tenants
        }
        try DataFiles.copyDeployment(data, to: backup)
        try await TestServer.start(directory: data, keyDirectory: keys, existing: tenants) { server, _ in
            try await server.store.write { sql in
                try await server.store.tenants.setStatus(tenants[1].tenant.id, .terminated, at: server.clock.now(), on: sql)
            }
            #expect(try await TenantPurge(store: server.store).purge(subdomain: "beta") == tenants[1].tenant.id)
        }
        try await TestServer.start(directory: backup, keyDirectory: keys, existing: tenants) { server, client in
            let alpha = try await client.call(.get, "/api/v2/tickets/1", key: tenants[0].apiKey)
            #expect(alpha.object?.string("subject") == "Ticket of alpha")
            let beta = try await client.call(.get, "/api/v2/tickets/1", key: tenants[1].apiKey)
            #expect(beta.status == 410 && beta.object?.string("code") == "erased")
            #expect(!beta.text.contains("Ticket of beta"))
            let listed = try await client.call(.get, "/api/v2/tickets", key: tenants[1].apiKey)
            #expect(listed.array?.first?.objectValue?.string("content_unavailable") == "erased")
            let create = try await client.call(
                .post, "/api/v2/tickets", key: tenants[1].apiKey,
                json: ["subject": "New", "description": "d", "email": "c@example.com", "priority": 1, "status": 2]
            )
            #expect(create.status == 410, "\(create.text)")
            let hasKeys = try await server.store.read { sql in
                try await sql.scalar("SELECT count(*) AS n FROM ks.tenant_key_state WHERE tenant_id = \(tenants[1].tenant.id)")
            }
            #expect(hasKeys == 0, "an erased tenant must not be given fresh keys")
        }
    }

    @Test func rotationUnderLoadFailsNoRequestAndLeavesNoOldEnvelope() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            for n in 0..<150 {
                let made = try await client.call(
                    .post, "/api/v2/tickets", key: key,
                    json: [
                        "subject": .string("Before rotation \(n)"), "description": "d", "email": .string("c\(n % 20)@load.example"),
                        "priority": 1, "status": 2,
                    ]
                )
                #expect(made.status == 201)
            }
            let tenant = server.tenants[0].tenant.id
            let before = try await KeyAdministration(store: server.store, actor: .cli("test")).status(tenant)
            #expect(before.dataVersion == 1 && (before.envelopes["subject"]?[1] ?? 0) > 0)

            let stop = ManagedFlag()
            async let load: (requests: Int, failures: [String]) = {
                let loader = TestHTTPClient(port: client.port)
                defer { Task { await loader.shutdown() } }
                var requests = 0
                var failures: [String] = []
                var n = 0
                while !stop.isSet {
                    n += 1
                    let made = try await loader.call(
                        .post, "/api/v2/tickets", key: key,
                        json: [
                            "subject": .string("During rotation \(n)"), "description": "d", "email": .string("c\(n % 20)@load.example"),
                            "priority": 1, "status": 2,
                        ]
                    )
                    let read = try await loader.call(.get, "/api/v2/tickets/\(Self.id(made))", key: key)
                    let listed = try await loader.call(.get, "/api/v2/tickets?per_page=30", key: key)
                    requests += 3
                    for (what, result, status) in [("create", made, 201), ("read", read, 200), ("list", listed, 200)]
                    where result.status != status {
                        failures.append("\(what) \(result.status) \(result.text.prefix(120))")
                    }
                    if read.object?.string("subject") != "During rotation \(n)" { failures.append("read back \(read.text.prefix(120))") }
                }
                return (requests, failures)
            }()
            let version = try await KeyAdministration(store: server.store, actor: .cli("test")).rotate(tenant)
            let run = try await KeyRotationRun(store: server.store, tenant: tenant).run()
            stop.set()
            let (requests, failures) = try await load
            #expect(version == 2)
            #expect(requests > 30, "the load kept running during the rotation")
            #expect(failures.isEmpty, "\(failures.prefix(5))")
            #expect(run.remaining == 0 && run.skipped == 0 && run.resealed >= 150)
            let after = try await KeyAdministration(store: server.store, actor: .cli("test")).status(tenant)
            let old = after.envelopes.values.flatMap { $0 }.filter { $0.key < 2 }.map(\.value).reduce(0, +)
            #expect(old == 0, "\(after.envelopes)")
            #expect(after.plaintextValues == 0)
            // Old and new tickets read back after the rotation.
            #expect(try await client.call(.get, "/api/v2/tickets/1", key: key).object?.string("subject") == "Before rotation 0")
        }
    }

    @Test func aMissingWrongOrUnsafeKeyDirectoryRefusesToStart() async throws {
        let data = Self.temporary("keys-check")
        let keys = Self.temporary("keys-a")
        let other = Self.temporary("keys-b")
        let otherData = Self.temporary("other-data")
        defer {
            for path in [data, keys, other, otherData] { try? FileManager.default.removeItem(atPath: path) }
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        func open(_ data: String, _ keys: String) async throws {
            let store = try await Store.open(dataDirectory: data, keyDirectory: keys, logger: logger)
            await store.database.close()
        }
        func refusal(_ data: String, _ keys: String) async -> String {
            do {
                try await open(data, keys)
                return "started"
            } catch {
                return String(describing: error)
            }
        }
        try await open(data, keys)
        try await open(otherData, other)
        #expect(await refusal(data, keys + "-missing").contains("does not exist"))
        #expect(await refusal(data, other).contains("belongs to deployment"))
        let empty = Self.temporary("keys-empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(await refusal(data, empty).contains("has no keystore for this data"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keys + "/epoch-000001.key")
        #expect(await refusal(data, keys).contains("can be read by other users"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: keys)
        #expect(await refusal(data, keys).contains("accessible to other users"))
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: keys)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keys + "/epoch-000001.key")
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: keys + "/epoch-000001.key"))
        #expect(await refusal(data, keys).contains("do not open this keystore"))
        try FileManager.default.removeItem(atPath: keys + "/epoch-000001.key")
        #expect(await refusal(data, keys).contains("is missing"))
    }
}

/// A flag one task sets and another polls.
final class ManagedFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { self.value.load(ordering: .acquiring) }
    func set() { self.value.store(true, ordering: .releasing) }
}
