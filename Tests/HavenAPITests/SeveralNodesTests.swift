import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenCrypto
import HavenMail
import HavenServer
import HavenStore
import Testing

extension TimingSensitive {
    /// Two Haven nodes on one PostgreSQL database (storage.md §5): each a whole server with its own store, pool and
    /// caches, as two `haven serve` processes have. What one node changes, the other acts on within a second; each
    /// due item of the shared queues is handled by one node only.
    @Suite(.enabled(if: TestServer.engine == .postgres, "several nodes need PostgreSQL (HAVEN_TEST_DATABASE=postgres)"))
    struct SeveralNodesTests {
        /// Node A serves the tenant `alpha` it created; node B runs beside it on the same database and key directory.
        static func twoNodes(
            configure: @escaping @Sendable (inout ServerConfiguration) -> Void = { _ in },
            _ body: @Sendable (TestServer, TestHTTPClient, TestServer, TestHTTPClient) async throws -> Void
        ) async throws {
            let directory = NSTemporaryDirectory() + "haven-nodes-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try await TestServer.start(directory: directory, configure: configure) { a, clientA in
                try await TestServer.start(directory: directory, existing: a.tenants, configure: configure) { b, clientB in
                    try await body(a, clientA, b, clientB)
                }
            }
        }

        /// Polls `condition` until it holds; returns how long that took, or nil after `limit`.
        static func elapsed(until condition: () async throws -> Bool, limit: Duration = .seconds(5)) async throws -> Duration? {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < limit {
                if try await condition() { return ContinuousClock.now - start }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }

        @Test func aNewTicketFieldIsAcceptedByTheOtherNodeWithinASecond() async throws {
            try await Self.twoNodes { a, clientA, _, clientB in
                let key = a.tenants[0].apiKey
                let ticket: JSONValue = ["subject": "Heating", "email": "jane@customer.example", "custom_fields": ["cf_region": "North"]]
                // Node B knows the tenant's fields (cached: the test clock never lets the entry expire) without cf_region.
                let before = try await clientB.call(.post, "/api/v2/tickets", key: key, json: ticket)
                #expect(before.status == 400, "\(before.text)")
                let field = try await clientA.call(
                    .post, "/api/v2/admin/ticket_fields", key: key, json: ["label": "Region", "type": "custom_text"])
                try #require(field.status == 201, "\(field.text)")
                let took = try await Self.elapsed {
                    try await clientB.call(.post, "/api/v2/tickets", key: key, json: ticket).status == 201
                }
                let seen = try #require(took, "node B never accepted the new field")
                #expect(seen < .seconds(1), "node B took \(seen)")
            }
        }

        /// Node B remembers that the tenant has no skills (no read per ticket create); a skill added on node A routes
        /// node B's tickets within a second.
        @Test func aNewSkillRoutesTheOtherNodesTicketsWithinASecond() async throws {
            try await Self.twoNodes { a, clientA, _, clientB in
                let alpha = a.tenants[0]
                let ann = try await Provisioning(store: a.store, actor: .cli("test")).createAgent(
                    tenantSubdomain: alpha.tenant.subdomain, email: "ann@alpha.example", name: "Ann", role: .agent, occasional: false)
                let ticket: JSONValue = ["subject": "Money back", "email": "cus@customer.example", "type": "Refund"]
                let before = try await clientB.call(.post, "/api/v2/tickets", key: alpha.apiKey, json: ticket)
                #expect(before.status == 201 && before.object?["responder_id"] == .null, "\(before.text)")
                let skill = try await clientA.call(
                    .post, "/api/v2/skills", key: alpha.apiKey,
                    json: [
                        "name": "Refunds", "agents": [["id": .int(ann.agentID.rawValue)]],
                        "conditions": [["resource_type": "ticket", "field_name": "ticket_type", "operator": "in", "value": ["Refund"]]],
                    ])
                try #require(skill.status == 201, "\(skill.text)")
                let took = try await Self.elapsed {
                    try await clientB.call(.post, "/api/v2/tickets", key: alpha.apiKey, json: ticket).object?.int("responder_id")
                        == ann.agentID.rawValue
                }
                let routed = try #require(took, "node B kept creating tickets unrouted")
                #expect(routed < .seconds(1), "node B took \(routed)")
            }
        }

        @Test func aRemovedAgentsKeyIsRefusedByTheOtherNodeWithinASecond() async throws {
            try await Self.twoNodes { a, clientA, _, clientB in
                let admin = a.tenants[0].apiKey
                let agent = try await Provisioning(store: a.store, actor: .cli("test")).createAgent(
                    tenantSubdomain: "alpha", email: "vendor@alpha.example", name: "Vendor", role: .agent, occasional: false)
                // Node B has just resolved the agent's key (its credential cache keeps it for two seconds).
                #expect(try await clientB.call(.get, "/api/v2/agents/me", key: agent.apiKey).status == 200)
                let removed = try await clientA.call(.delete, "/api/v2/agents/\(agent.agentID.rawValue)", key: admin)
                try #require(removed.status == 204, "\(removed.text)")
                let took = try await Self.elapsed {
                    try await clientB.call(.get, "/api/v2/agents/me", key: agent.apiKey).status == 401
                }
                let refused = try #require(took, "node B kept accepting the removed agent's key")
                #expect(refused < .seconds(1), "node B took \(refused)")
            }
        }

        @Test func anErasedPersonsKeyIsGoneFromTheOtherNodeWithinASecond() async throws {
            try await Self.twoNodes { a, clientA, b, _ in
                let key = a.tenants[0].apiKey
                let tenant = a.tenants[0].tenant.id
                let contact = try await clientA.call(
                    .post, "/api/v2/contacts", key: key, json: ["name": "Jane Roe", "email": "jane@customer.example"])
                let id = try #require(contact.object?.int("id"))
                // Node B opens the person's data (and keeps the person's key in memory).
                let opened = try await b.store.read { sql in try await b.store.keys.scopeKeys(tenant, .subject(id), on: sql) }
                #expect(!opened.versions.isEmpty)
                // Crypto-shredding on node A.
                try await a.store.write { sql in try await a.store.keys.eraseSubject(tenant, id, on: sql) }
                let took = try await Self.elapsed {
                    do {
                        _ = try await b.store.read { sql in try await b.store.keys.scopeKeys(tenant, .subject(id), on: sql) }
                        return false
                    } catch KeyError.erased {
                        return true
                    }
                }
                let gone = try #require(took, "node B kept the erased person's key")
                #expect(gone < .seconds(1), "node B took \(gone)")
            }
        }

        /// An API allowlist an admin saves on one node is enforced by every node within a second: the other node's
        /// policy cache (kept for its lifetime otherwise) is told.
        @Test func anAllowlistSavedOnOneNodeIsEnforcedByTheOtherWithinASecond() async throws {
            try await Self.twoNodes { a, _, _, clientB in
                let alpha = a.tenants[0]
                let key = alpha.apiKey
                // Node B has the tenant's (open) policy in memory.
                #expect(try await clientB.call(.get, "/api/v2/tickets", key: key).status == 200)
                let admin = Principal.agent(alpha.agentID, role: .admin, apiKey: nil, tenant: alpha.tenant.id)
                _ = try await SecurityAdministration(a.helpdesk).update(
                    ["allowlists": ["api": ["192.0.2.0/24"]]], confirmed: true, by: admin)
                let took = try await Self.elapsed {
                    let refused = try await clientB.call(.get, "/api/v2/tickets", key: key)
                    return refused.status == 403 && refused.text.contains("ip_not_allowed")
                }
                let enforced = try #require(took, "node B kept answering from outside the allowlist")
                #expect(enforced < .seconds(1), "node B took \(enforced)")
            }
        }

        @Test func aNewTenantsHostIsServedByTheOtherNodeWithinASecond() async throws {
            try await Self.twoNodes { a, _, _, clientB in
                // Node B's plain-HTTP listener has just refused the name (and remembers that: the test clock never
                // lets the answer expire); a name it serves is redirected to HTTPS.
                let unknown = try await clientB.call(.get, "/portal", key: nil, host: "beta.localhost")
                #expect(unknown.status == 421, "\(unknown.text)")
                _ = try await Provisioning(store: a.store, actor: .cli("test")).createTenant(
                    name: "Beta", subdomain: "beta", adminEmail: "admin@beta.example", adminName: "Beta Admin")
                let took = try await Self.elapsed {
                    try await clientB.call(.get, "/portal", key: nil, host: "beta.localhost").status == 308
                }
                let served = try #require(took, "node B never served the new tenant's host")
                #expect(served < .seconds(1), "node B took \(served)")
            }
        }

        @Test func aCertificateUploadedOnOneNodeIsServedByTheOtherWithinASecond() async throws {
            try await Self.twoNodes { a, clientA, b, _ in
                let material = try DomainCertificateTests.material(base: "nodes.test", issuedAt: TestServer.epoch)
                // What node B's HTTPS listener presents for the name (openssl shows the served chain; the test clock's
                // certificate would not verify against today's date).
                let leaf = DomainCertificateTests.blocks(material.chain)[0].trimmingWhitespace()
                @Sendable func servedByB() async -> Bool {
                    let shown = try? await PostgresServer.offThePool {
                        try ChildProcess(
                            "/usr/bin/openssl",
                            ["s_client", "-connect", "127.0.0.1:\(b.httpsPort)", "-servername", "help.nodes.test", "-showcerts"]
                        ).finish()
                    }
                    return shown?.stdout.contains(leaf) == true
                }
                #expect(await !servedByB())
                let uploaded = try await clientA.call(
                    .post, "/api/v2/domain_certificates", key: a.tenants[0].apiKey,
                    json: ["domain": "help.nodes.test", "certificate_chain": .string(material.chain), "private_key": .string(material.key)])
                try #require(uploaded.status == 201, "\(uploaded.text)")
                // Node B's own sync runs every 15 seconds; the change notice makes it run at once.
                let took = try await Self.elapsed { await servedByB() }
                let served = try #require(took, "node B never served the uploaded certificate")
                #expect(served < .seconds(1), "node B took \(served)")
            }
        }

        /// A tenant's rate limit is the deployment's: what it used on one node counts on the other.
        @Test func theRateLimitIsSharedByTheNodes() async throws {
            let sixtyPerMinute: @Sendable (inout ServerConfiguration) -> Void = { $0.api.rateLimitPerMinute = 60 }
            try await Self.twoNodes(configure: sixtyPerMinute) { a, clientA, _, clientB in
                let key = a.tenants[0].apiKey
                // Node B is serving this minute (an idle node has nothing to share and exchanges nothing).
                #expect(try await clientB.call(.get, "/api/v2/agents/me", key: key).status == 200)
                var allowedOnA = 0
                for _ in 0..<40 where try await clientA.call(.get, "/api/v2/agents/me", key: key).status == 200 {
                    allowedOnA += 1
                }
                #expect(allowedOnA == 40)
                // A few exchanges later node B knows the tenant has 19 requests left this minute (the test clock
                // stays in one minute).
                try await Task.sleep(for: .milliseconds(800))
                var statuses: [Int] = []
                for _ in 0..<40 { statuses.append(try await clientB.call(.get, "/api/v2/agents/me", key: key).status) }
                let allowedOnB = statuses.filter { $0 == 200 }.count
                #expect(allowedOnB <= 20, "node B allowed \(allowedOnB) of the tenant's last 19")
                #expect(allowedOnB >= 14)
                #expect(statuses.filter { $0 == 429 }.count == 40 - allowedOnB)
            }
        }

        /// An address's allowance of failed authentications is the deployment's: three failures on each node pass a
        /// limit of five, and both nodes refuse the address — even with a valid key — within a second.
        @Test func failedAuthenticationsAddUpAcrossTheNodes() async throws {
            let fivePerMinute: @Sendable (inout ServerConfiguration) -> Void = { $0.authenticationFailuresPerMinute = 5 }
            try await Self.twoNodes(configure: fivePerMinute) { a, clientA, _, clientB in
                let key = a.tenants[0].apiKey
                for client in [clientA, clientB] {
                    for attempt in 0..<3 {
                        #expect(try await client.call(.get, "/api/v2/agents/me", key: "wrong-\(attempt)").status == 401)
                    }
                }
                let took = try await Self.elapsed {
                    let onA = try await clientA.call(.get, "/api/v2/agents/me", key: key).status
                    let onB = try await clientB.call(.get, "/api/v2/agents/me", key: key).status
                    return onA == 429 && onB == 429
                }
                let refused = try #require(took, "the nodes kept counting the address's failures apart")
                #expect(refused < .seconds(1), "took \(refused)")
            }
        }

        /// Both nodes' job runners see the same queue: every job runs once, on one node.
        @Test func eachQueuedJobRunsOnOneNodeOnly() async throws {
            try await Self.twoNodes { a, _, b, _ in
                let tenant = a.tenants[0].tenant.id
                let now = a.clock.now()
                var queued: [Job] = []
                for index in 0..<40 {
                    let job = Job(tenantID: tenant, id: "job-\(index)", name: "test", payload: JSONObject([]), requestedBy: nil, at: now)
                    queued.append(job)
                }
                try await a.store.write { sql in
                    for job in queued { try await a.store.jobs.insert(job, on: sql) }
                }
                // Two nodes take the queue at once, each as its runner does: list what is unclaimed, claim one by one.
                @Sendable func drain(_ store: Store) async throws -> [String] {
                    var taken: [String] = []
                    while true {
                        let pending = try await store.read { sql in try await store.jobs.pending(limit: 5, now: now, on: sql) }
                        guard !pending.isEmpty else { return taken }
                        for job in pending {
                            let claimed = try await store.write { sql in
                                try await store.jobs.claim(job, owner: store.node, until: now.adding(seconds: 60), now: now, on: sql)
                            }
                            if claimed { taken.append(job.id) }
                        }
                    }
                }
                async let byA = drain(a.store)
                async let byB = drain(b.store)
                let (takenByA, takenByB) = try await (byA, byB)
                #expect(Set(takenByA).isDisjoint(with: takenByB), "a job was claimed by both nodes")
                #expect(Set(takenByA + takenByB) == Set(queued.map(\.id)))
                #expect(takenByA.count + takenByB.count == queued.count)
                // A node that died leaves its jobs to the others once its claims lapse.
                let later = now.adding(seconds: 61)
                let resumed = try await b.store.read { sql in try await b.store.jobs.pending(limit: 100, now: later, on: sql) }
                #expect(resumed.count == queued.count)
            }
        }
    }
}

extension TimingSensitive.SeveralNodesTests {
    /// Mail queued while no node could send it, then both nodes start sending at once: each message leaves once.
    @Test(.enabled(if: Smarthost.isInstalled, "needs aiosmtpd (scripts/test installs it)"))
    func everyQueuedMessageIsSentOnceByTwoNodes() async throws {
        let (smarthost, ca) = try await Smarthost.start()
        let directory = NSTemporaryDirectory() + "haven-nodes-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let domain = "support.test"
        let messages = 30
        do {
            let tenants = try await TestServer.start(directory: directory, mailDomain: domain) { server, _ in
                let inbound = InboundMail(server.helpdesk)
                for index in 0..<messages {
                    let mail =
                        "From: Jane <jane\(index)@customer.example>\r\nTo: alpha@\(domain)\r\nSubject: Case \(index)\r\n"
                        + "Message-ID: <case-\(index)@customer.example>\r\n\r\nHello\r\n"
                    guard
                        case .created = try await inbound.deliver(
                            Array(mail.utf8), tenant: server.tenants[0].tenant.id, envelopeSender: "jane\(index)@customer.example")
                    else { throw HavenError.internalFailure("no ticket") }
                }
                return server.tenants
            }
            let configure: @Sendable (inout ServerConfiguration) -> Void = { configuration in
                configuration.mail.smtpURL = smarthost.url
                configuration.mail.smtpCABundle = ca
            }
            try await TestServer.start(directory: directory, existing: tenants, mailDomain: domain, configure: configure) { a, _ in
                try await TestServer.start(directory: directory, existing: tenants, mailDomain: domain, configure: configure) { _, _ in
                    let deadline = Date().addingTimeInterval(30)
                    while smarthost.received.count < messages, Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
                    // Both nodes have drained the queue at least once more: a second copy would have arrived by now.
                    try await Task.sleep(for: .seconds(2))
                    let recipients = smarthost.received.flatMap(\.recipients)
                    #expect(recipients.count == messages, "sent \(recipients.count) messages for \(messages)")
                    #expect(Set(recipients).count == messages)
                    #expect(try await MailAdministration(a.helpdesk).status().sent == messages)
                }
            }
        } catch {
            await smarthost.stop()
            throw error
        }
        await smarthost.stop()
    }
}

extension TimingSensitive.SeveralNodesTests {
    /// Two `haven serve` processes on one database under a steady stream of ticket creates; one is killed (SIGKILL,
    /// no shutdown code runs). The other keeps serving without an error, and every create either node acknowledged is
    /// there afterwards.
    @Test func aNodeKilledUnderLoad_theOtherKeepsServingAndNoAcknowledgedWriteIsLost() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let database = try await PostgresServer.shared().database(for: data).node
        let environment = [
            "HAVEN_DATABASE_URL": database.connectionString, "HAVEN_DATABASE_CONNECTIONS": "4", "HAVEN_HTTP_API_ON_LOOPBACK": "1",
        ]
        let ports = (a: FreePort.next(), b: FreePort.next())
        let (nodeA, printed) = try await PostgresServer.offThePool {
            try CLITests.startServing(data: data, httpPort: ports.a, httpsPort: FreePort.next(), environment: environment)
        }
        defer { nodeA.killHard() }
        let key = String((printed.components(separatedBy: "(shown once): ").dropFirst().first ?? "").prefix { $0.isLetter || $0.isNumber })
        try #require(!key.isEmpty, "node A printed no API key: \(printed)")
        let (nodeB, _) = try await PostgresServer.offThePool {
            try CLITests.startServing(data: data, httpPort: ports.b, httpsPort: FreePort.next(), environment: environment)
        }
        defer {
            nodeB.terminate()
            nodeB.waitUntilExit()
        }
        try #require(nodeA.isRunning && nodeB.isRunning)

        /// What each worker saw: tickets acknowledged, and node B's answers other than 201 (there must be none).
        struct Outcome: Sendable {
            var acknowledged: [Int64] = []
            var byBAfterKill = 0
            var failuresOfB: [String] = []
        }
        let killedAt = ContinuousClock.now + .milliseconds(1500)
        let stopAt = killedAt + .milliseconds(2000)
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var outcome = Outcome()
                    let clients = (a: TestHTTPClient(port: ports.a), b: TestHTTPClient(port: ports.b))
                    var request = 0
                    while ContinuousClock.now < stopAt {
                        request += 1
                        let onA = request % 2 == 0 && ContinuousClock.now < killedAt
                        let body: JSONValue = [
                            "subject": .string("Load \(worker)-\(request)"), "email": "load@customer.example", "description": "Under load",
                        ]
                        do {
                            let created = try await (onA ? clients.a : clients.b).call(.post, "/api/v2/tickets", key: key, json: body)
                            if created.status == 201, let id = created.object?.int("id") {
                                outcome.acknowledged.append(id)
                                if !onA && ContinuousClock.now > killedAt { outcome.byBAfterKill += 1 }
                            } else if !onA {
                                outcome.failuresOfB.append("\(created.status) \(created.text)")
                            }
                        } catch {
                            // A request in flight to node A when it died has no answer: it was never acknowledged.
                            if !onA { outcome.failuresOfB.append("\(error)") }
                        }
                    }
                    await clients.a.shutdown()
                    await clients.b.shutdown()
                    return outcome
                }
            }
            group.addTask {
                try await Task.sleep(until: killedAt)
                nodeA.killHard()
                return Outcome()
            }
            return try await group.reduce(into: [Outcome]()) { $0.append($1) }
        }
        nodeA.waitUntilExit()
        let acknowledged = outcomes.flatMap(\.acknowledged)
        #expect(outcomes.flatMap(\.failuresOfB).isEmpty, "node B failed: \(outcomes.flatMap(\.failuresOfB).prefix(3))")
        #expect(outcomes.map(\.byBAfterKill).reduce(0, +) > 0, "node B served nothing after node A was killed")
        #expect(acknowledged.count > 20, "only \(acknowledged.count) tickets were created")
        #expect(Set(acknowledged).count == acknowledged.count, "two creates were given one ticket number")
        // Every acknowledged ticket is there, read through the surviving node.
        let client = TestHTTPClient(port: ports.b)
        var missing: [Int64] = []
        for id in acknowledged where try await client.call(.get, "/api/v2/tickets/\(id)", key: key).status != 200 {
            missing.append(id)
        }
        await client.shutdown()
        #expect(missing.isEmpty, "acknowledged but lost: \(missing)")
    }
}
