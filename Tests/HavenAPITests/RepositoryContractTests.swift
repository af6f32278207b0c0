import Foundation
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Logging
import Testing

/// The storage engines Haven runs on. The contract suite below runs against each, through the repository
/// protocols only; the PostgreSQL engine joins this list and must pass the same cases unchanged.
enum StorageEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    /// A database of its own on the tests' PostgreSQL 15, migrated by its owner role and used by a node role
    /// under the row-level-security wall; the epoch keys in `directory`.
    case postgres

    var testDescription: String { self.rawValue }

    /// A fresh, migrated store in `directory` (on PostgreSQL with a pool of `connections`).
    func open(_ directory: String, clock: ManualClock, connections: Int = 20) async throws -> Store {
        var logger = Logger(label: "contract")
        logger.logLevel = .critical
        switch self {
        case .sqlite:
            return try await Composition.open(Composition.Storage(dataDirectory: directory), clock: clock, logger: logger).store
        case .postgres:
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // A copy of the template `haven migrate` prepared.
            let node = try await PostgresServer.shared().database(for: directory).node
            return try await Store.open(
                databaseURL: node, keyDirectory: directory + "/keys", maximumConnections: connections, clock: clock, logger: logger)
        }
    }

    /// Every byte the engine keeps at rest (database, write-ahead log, index and key files), to search for plaintext.
    func bytesAtRest(_ directory: String) throws -> [[UInt8]] {
        var paths = (FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []).map { directory + "/" + $0 }
        if self == .postgres { paths += try PostgresServer.filesAtRest(of: directory) }
        return try paths.compactMap { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return try DataFiles.read(path).map(Array.init)
        }
    }
}

/// What every repository implementation must do, whatever engine is below it (storage.md §4): records read back as
/// written, lists in their order and pages, tenants apart, unique constraints and composite foreign keys enforced
/// by the engine, rolled-back transactions leaving nothing, and sealed columns never in clear at rest.
@Suite("Repository contract")
struct RepositoryContractTests {
    static let epoch = Timestamp(secondsSince1970: 1_714_557_600)

    /// Opens a store with two tenants, runs `body`, closes it, runs `afterClose` on what is left at rest, removes it.
    static func withStore(
        _ engine: StorageEngine, connections: Int = 20, _ body: (Store, ManualClock, [Tenant], String) async throws -> Void,
        afterClose: (String) throws -> Void = { _ in }
    ) async throws {
        let directory = NSTemporaryDirectory() + "haven-contract-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = ManualClock(Self.epoch)
        let store = try await engine.open(directory, clock: clock, connections: connections)
        do {
            var tenants: [Tenant] = []
            for name in ["north", "south"] {
                tenants.append(
                    try await Provisioning(store: store, actor: .cli("contract")).createTenant(
                        name: name, subdomain: name, adminEmail: "admin@\(name).example", adminName: nil
                    ).tenant)
            }
            try await body(store, clock, tenants, directory)
            await store.database.close()
            try afterClose(directory)
        } catch {
            await store.database.close()
            throw error
        }
    }

    static func contact(_ store: Store, _ tenant: TenantID, _ name: String, email: String, on sql: SQLExecutor) async throws -> Contact {
        var contact = Contact(tenantID: tenant, id: UserID(try await IDSequences.next("users", on: sql)), name: name, createdAt: Self.epoch)
        contact.email = email
        try await store.contacts.insert(contact, on: sql)
        return contact
    }

    static func ticket(_ store: Store, _ tenant: TenantID, requester: UserID, subject: String, at time: Timestamp, on sql: SQLExecutor)
        async throws -> Ticket
    {
        var ticket = Ticket(
            tenantID: tenant, id: try await store.tenants.nextTicketID(tenant, on: sql), description: "<p>\(subject) body</p>",
            requesterID: requester, createdAt: time)
        ticket.subject = subject
        try await store.tickets.insert(ticket, on: sql)
        return ticket
    }

    @Test(arguments: StorageEngine.allCases)
    func recordsReadBackAsWritten_andChangesPersist(_ engine: StorageEngine) async throws {
        try await Self.withStore(engine) { store, _, tenants, _ in
            let north = tenants[0].id
            let (contact, ticket) = try await store.write { sql in
                var contact = try await Self.contact(store, north, "Ada North", email: "ada@north.example", on: sql)
                contact.phone = "+44 20 7946 0000"
                contact.tags = ["vip"]
                try await store.contacts.update(contact, on: sql)
                return (contact, try await Self.ticket(store, north, requester: contact.id, subject: "Broken", at: Self.epoch, on: sql))
            }
            try await store.read { (sql: SQLExecutor) async throws -> Void in
                #expect(try await store.contacts.find(north, contact.id, on: sql) == contact)
                #expect(try await store.contacts.userID(email: "ADA@north.example", north, on: sql) == contact.id)
                #expect(try await store.contacts.userIDs(phone: "+44 20 7946 0000", north, on: sql) == [contact.id])
                #expect(try await store.tickets.find(north, ticket.id, on: sql) == ticket)
            }
            var changed = ticket
            changed.status = .pending
            changed.tags = ["billing", "urgent"]
            changed.subject = "Broken again"
            try await store.write { sql in try await store.tickets.update(changed, previous: ticket, on: sql) }
            let read = try await store.read { sql in try await store.tickets.find(north, ticket.id, on: sql) }
            #expect(read == changed)
        }
    }

    @Test(arguments: StorageEngine.allCases)
    func listsKeepTheirOrderAndPages(_ engine: StorageEngine) async throws {
        try await Self.withStore(engine) { store, _, tenants, _ in
            let north = tenants[0].id
            let ids: [TicketID] = try await store.write { sql in
                let contact = try await Self.contact(store, north, "Bo", email: "bo@north.example", on: sql)
                var ids: [TicketID] = []
                // Five tickets, two sharing a timestamp: the id breaks the tie.
                for (n, offset) in [0, 60, 60, 120, 180].enumerated() {
                    let at = Self.epoch.adding(seconds: Int64(offset))
                    ids.append(try await Self.ticket(store, north, requester: contact.id, subject: "T\(n)", at: at, on: sql).id)
                }
                return ids
            }
            try await store.read { (sql: SQLExecutor) async throws -> Void in
                let first = try await store.tickets.list(
                    north, TicketListQuery(), page: PageRequest(page: 1, perPage: 2), withDescription: false, on: sql)
                #expect(first.items.map(\.id) == [ids[4], ids[3]] && first.hasMore)
                let last = try await store.tickets.list(
                    north, TicketListQuery(), page: PageRequest(page: 3, perPage: 2), withDescription: false, on: sql)
                #expect(last.items.map(\.id) == [ids[0]] && !last.hasMore)
                var ascending = TicketListQuery()
                ascending.descending = false
                let all = try await store.tickets.list(
                    north, ascending, page: PageRequest(page: 1, perPage: 10), withDescription: false, on: sql)
                #expect(all.items.map(\.id) == ids)
                var since = TicketListQuery()
                since.updatedSince = Self.epoch.adding(seconds: 100)
                let recent = try await store.tickets.list(
                    north, since, page: PageRequest(page: 1, perPage: 10), withDescription: false, on: sql)
                #expect(recent.items.map(\.id) == [ids[4], ids[3]])
            }
        }
    }

    @Test(arguments: StorageEngine.allCases)
    func tenantsNeverSeeEachOther(_ engine: StorageEngine) async throws {
        try await Self.withStore(engine) { store, _, tenants, _ in
            let (north, south) = (tenants[0].id, tenants[1].id)
            let (contact, ticket) = try await store.write { sql in
                let contact = try await Self.contact(store, north, "Cy", email: "cy@shared.example", on: sql)
                return (contact, try await Self.ticket(store, north, requester: contact.id, subject: "Private", at: Self.epoch, on: sql))
            }
            try await store.read { (sql: SQLExecutor) async throws -> Void in
                #expect(try await store.contacts.find(south, contact.id, on: sql) == nil)
                #expect(try await store.contacts.userID(email: "cy@shared.example", south, on: sql) == nil)
                #expect(try await store.tickets.find(south, ticket.id, on: sql)?.subject != "Private")
                let listed = try await store.tickets.list(
                    south, TicketListQuery(), page: PageRequest(page: 1, perPage: 100), withDescription: true, on: sql)
                #expect(listed.items.isEmpty)
                #expect(
                    try await store.conversations.list(south, ticket: ticket.id, page: PageRequest(page: 1, perPage: 10), on: sql).items
                        .isEmpty)
            }
            // The same e-mail address may exist once in each tenant.
            let southContact = try await store.write { sql in
                try await Self.contact(store, south, "Cy", email: "cy@shared.example", on: sql)
            }
            try await store.read { (sql: SQLExecutor) async throws -> Void in
                #expect(try await store.contacts.userID(email: "cy@shared.example", south, on: sql) == southContact.id)
                #expect(try await store.contacts.userID(email: "cy@shared.example", north, on: sql) == contact.id)
            }
        }
    }

    @Test(arguments: StorageEngine.allCases)
    func theEngineRefusesDuplicatesAndReferencesAcrossTenants(_ engine: StorageEngine) async throws {
        try await Self.withStore(engine) { store, _, tenants, _ in
            let (north, south) = (tenants[0].id, tenants[1].id)
            let northContact = try await store.write { sql in try await Self.contact(store, north, "Di", email: "di@north.example", on: sql)
            }
            // A ticket in the south pointing at a north contact: the composite foreign key refuses it.
            await #expect(throws: StoreError.self) {
                try await store.write { sql in
                    _ = try await Self.ticket(store, south, requester: northContact.id, subject: "Cross", at: Self.epoch, on: sql)
                }
            }
            // A second ticket field with a name the tenant already has: the unique key refuses it.
            await #expect(throws: StoreError.self) {
                try await store.write { sql in
                    let existing = try await store.ticketFields.all(north, on: sql)[0]
                    var copy = existing
                    copy.id = TicketFieldID(try await IDSequences.next("ticket_fields", on: sql))
                    try await store.ticketFields.insert(copy, on: sql)
                }
            }
            // A custom domain another tenant holds.
            await #expect(throws: StoreError.self) {
                try await store.write { sql in
                    for tenant in [north, south] {
                        let id = try await IDSequences.next("custom_domains", on: sql)
                        try await store.customDomains.insert(
                            CustomDomain(
                                tenantID: tenant, id: id, domain: "help.shared.test", cnameTarget: "d-\(id).cname.test",
                                createdAt: Self.epoch),
                            on: sql)
                    }
                }
            }
            let tickets = try await store.read { sql in try await store.tickets.count(south, on: sql) }
            #expect(tickets == 0)
        }
    }

    @Test(arguments: StorageEngine.allCases)
    func aRolledBackTransactionLeavesNothing(_ engine: StorageEngine) async throws {
        try await Self.withStore(engine) { store, _, tenants, _ in
            let north = tenants[0].id
            struct Abort: Error {}
            var created: (UserID, TicketID)?
            await #expect(throws: Abort.self) {
                try await store.write { sql in
                    let contact = try await Self.contact(store, north, "Ed", email: "ed@north.example", on: sql)
                    let ticket = try await Self.ticket(store, north, requester: contact.id, subject: "Gone", at: Self.epoch, on: sql)
                    created = (contact.id, ticket.id)
                    throw Abort()
                }
            }
            let (contactID, ticketID) = try #require(created)
            try await store.read { (sql: SQLExecutor) async throws -> Void in
                #expect(try await store.contacts.find(north, contactID, on: sql) == nil)
                #expect(try await store.tickets.find(north, ticketID, on: sql) == nil)
                #expect(try await store.contacts.userID(email: "ed@north.example", north, on: sql) == nil)
            }
            // The new rows get keys of their own (no key was cached for a row that never committed). SQLite hands the
            // ids the rollback freed out again — the case that matters for the keys; PostgreSQL's sequences do not.
            let again = try await store.write { sql in try await Self.contact(store, north, "Flo", email: "flo@north.example", on: sql) }
            #expect(engine == .sqlite ? again.id == contactID : again.id.rawValue > contactID.rawValue)
            #expect(try await store.read { sql in try await store.contacts.find(north, again.id, on: sql) } == again)
        }
    }

    @Test(arguments: StorageEngine.allCases)
    func sealedColumnsAreNeverInClearAtRest(_ engine: StorageEngine) async throws {
        let marker = "PLAINTEXT-CANARY-7Q"
        try await Self.withStore(engine) { store, clock, tenants, _ in
            let north = tenants[0].id
            try await store.write { sql in
                var contact = try await Self.contact(store, north, "\(marker) name", email: "canary7q@north.example", on: sql)
                contact.address = "\(marker) street"
                try await store.contacts.update(contact, on: sql)
                let ticket = try await Self.ticket(
                    store, north, requester: contact.id, subject: "\(marker) subject", at: clock.now(), on: sql)
                let conversation = Conversation(
                    tenantID: north, id: ConversationID(try await IDSequences.next("conversations", on: sql)), ticketID: ticket.id,
                    body: "\(marker) body", source: Conversation.noteSource, category: 2, createdAt: clock.now())
                try await store.conversations.insert(conversation, ticket: ticket, on: sql)
                var entry = TimeEntry(
                    tenantID: north, id: TimeEntryID(try await IDSequences.next("time_entries", on: sql)), ticketID: ticket.id,
                    agentID: contact.id, createdAt: clock.now())
                entry.note = "\(marker) note"
                try await store.timeEntries.insert(entry, on: sql)
                var company = Company(
                    tenantID: north, id: CompanyID(try await IDSequences.next("companies", on: sql)), name: "\(marker) Ltd",
                    createdAt: clock.now())
                company.note = "\(marker) company note"
                try await store.companies.insert(company, on: sql)
            }
        } afterClose: { directory in
            // Every file the engine left, searched in every encoding a leak could take.
            let blobs = try engine.bytesAtRest(directory)
            #expect(blobs.count >= 3, "the database, index and key files")
            let needles = [marker, marker.lowercased(), Data(marker.utf8).base64EncodedString(), "canary7q@north.example"]
            for needle in needles {
                let bytes = Array(needle.utf8)
                #expect(!blobs.contains { Self.contains($0, bytes) }, "\(needle) found at rest")
            }
            // The scan itself can see what is stored in clear (a tenant's subdomain is not sealed).
            #expect(blobs.contains { Self.contains($0, Array("north".utf8)) })
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        Data(haystack).range(of: Data(needle)) != nil
    }
}
