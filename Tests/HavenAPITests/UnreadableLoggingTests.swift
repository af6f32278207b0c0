import Foundation
import HavenApp
import HavenCore
import HavenStore
import Logging
import Synchronization
import Testing

/// Collects every log line, message and metadata, so a test can say what must not be in the logs.
final class CapturingLogHandler: LogHandler, Sendable {
    let lines: Mutex<[String]> = Mutex([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let line = "\(event.level) \(event.message) \(event.metadata ?? [:])"
        self.lines.withLock { $0.append(line) }
    }

    var all: [String] { self.lines.withLock { $0 } }
}

@Suite("Unreadable records in the log")
struct UnreadableLoggingTests {
    @Test func anUnreadableRecordIsLoggedByPlaceWithoutContent() async throws {
        let directory = NSTemporaryDirectory() + "haven-log-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let handler = CapturingLogHandler()
        let logger = Logger(label: "capture") { _ in handler }
        let clock = ManualClock(TestServer.epoch)
        let store = try await Store.open(dataDirectory: directory, clock: clock, logger: logger)
        do {
            try await self.check(store, clock: clock, handler: handler)
        } catch {
            await store.database.close()
            throw error
        }
    }

    func check(_ store: Store, clock: ManualClock, handler: CapturingLogHandler) async throws {
        let admin = try await Provisioning(store: store, actor: .cli("test")).createTenant(
            name: "Wayne", subdomain: "wayne", adminEmail: "admin@wayne.example", adminName: "Admin"
        )
        let tenant = admin.tenant.id
        try await store.write { sql in
            var ticket = Ticket(
                tenantID: tenant, id: try await store.tenants.nextTicketID(tenant, on: sql),
                description: "Wombat secret description", requesterID: admin.agentID, createdAt: clock.now()
            )
            ticket.subject = "Wombat secret subject"
            try await store.tickets.insert(ticket, on: sql)
            try await sql.execute("UPDATE tickets SET subject = substr(subject, 1, 20) || x'ff' || substr(subject, 22)")
        }
        let read = try await store.read { sql in try await store.tickets.find(tenant, TicketID(1), on: sql) }
        await store.database.close()
        #expect(read?.unreadable == .damaged)
        #expect(read?.subject == nil && read?.description == "")
        #expect(throws: HavenError.unreadable(what: "Ticket 1", reason: .damaged)) { try read?.requireReadable() }
        let lines = handler.all
        #expect(lines.contains { $0.contains("unreadable record") && $0.contains("tickets/1 column subject") }, "\(lines)")
        #expect(!lines.contains { $0.contains("Wombat") })
    }
}
