import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Tenant B's credentials never reach tenant A's data: on every route of the router, A's objects answer exactly like
/// missing ones (404), and A's host refuses B's key (401).
@Suite struct TenantIsolationTests {
    /// Tenant A's objects, each carrying a marker string that must never appear in a response to tenant B.
    struct Fixture {
        var ids: [String: Int64] = [:]
        static let marker = "ALPHA-SECRET"
    }

    static func makeFixture(_ client: TestHTTPClient, key: String) async throws -> Fixture {
        var fixture = Fixture()
        let m = Fixture.marker
        let company = try await client.call(.post, "/api/v2/companies", key: key, json: ["name": .string("\(m) Corp"), "note": .string(m)])
        fixture.ids["companies"] = company.object?.int("id")
        let contact = try await client.call(
            .post, "/api/v2/contacts", key: key,
            json: ["name": .string("\(m) Person"), "email": "secret.person@alpha.example", "company_id": .int(fixture.ids["companies"]!)]
        )
        fixture.ids["contacts"] = contact.object?.int("id")
        let agent = try await client.call(
            .post, "/api/v2/agents", key: key,
            json: ["email": "second.agent@alpha.example", "name": .string("\(m) Agent"), "ticket_scope": 1]
        )
        fixture.ids["agents"] = agent.object?.int("id")
        let group = try await client.call(.post, "/api/v2/groups", key: key, json: ["name": .string("\(m) Group")])
        fixture.ids["groups"] = group.object?.int("id")
        let field = try await client.call(
            .post, "/api/v2/admin/ticket_fields", key: key, json: ["label": "Alpha secret field", "type": "custom_text"]
        )
        fixture.ids["admin/ticket_fields"] = field.object?.int("id")
        // Ticket ids are per-tenant numbers; A's fixture ticket gets a number tenant B will not reach in this test.
        for filler in 0..<9 {
            _ = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": .string("filler \(filler)"), "email": "f@alpha.example"])
        }
        let ticket = try await client.call(
            .post, "/api/v2/tickets", key: key,
            json: [
                "subject": .string("\(m) subject"), "description": .string("\(m) description"),
                "requester_id": .int(fixture.ids["contacts"]!), "tags": ["alpha-secret-tag"],
                "custom_fields": ["cf_alpha_secret_field": .string(m)],
            ]
        )
        fixture.ids["tickets"] = ticket.object?.int("id")
        let note = try await client.call(
            .post, "/api/v2/tickets/\(fixture.ids["tickets"]!)/notes", key: key, json: ["body": .string("\(m) note")]
        )
        fixture.ids["conversations"] = note.object?.int("id")
        let entry = try await client.call(
            .post, "/api/v2/tickets/\(fixture.ids["tickets"]!)/time_entries", key: key,
            json: ["time_spent": "00:42", "note": .string("\(m) time")]
        )
        fixture.ids["time_entries"] = entry.object?.int("id")
        let material = try DomainCertificateTests.material(base: "alpha-secret.test", issuedAt: TestServer.epoch)
        let certificate = try await client.call(
            .post, "/api/v2/domain_certificates", key: key,
            json: ["domain": "help.alpha-secret.test", "certificate_chain": .string(material.chain), "private_key": .string(material.key)]
        )
        fixture.ids["domain_certificates"] = certificate.object?["id"]?.intValue
        let custom = try await client.call(.post, "/api/v2/custom_domains", key: key, json: ["domain": "portal.alpha-secret.test"])
        fixture.ids["custom_domains"] = custom.object?.int("id")
        let roles = try await client.call(.get, "/api/v2/roles", key: key)
        fixture.ids["roles"] = roles.array?.first?.objectValue?.int("id")
        let folder = try await client.call(.post, "/api/v2/canned_response_folders", key: key, json: ["name": .string("\(m) replies")])
        fixture.ids["canned_response_folders"] = folder.object?.int("id")
        let canned = try await client.call(
            .post, "/api/v2/canned_responses", key: key,
            json: [
                "title": .string("\(m) canned"), "content_html": .string("<p>\(m)</p>"),
                "folder_id": .int(fixture.ids["canned_response_folders"] ?? 0),
            ])
        fixture.ids["canned_responses"] = canned.object?.int("id")
        let hours = try await client.call(.post, "/api/v2/business_hours", key: key, json: Self.probeHours("\(m) hours"))
        fixture.ids["business_hours"] = hours.object?.int("id")
        let policy = try await client.call(.post, "/api/v2/sla_policies", key: key, json: Self.probePolicy("\(m) policy"))
        fixture.ids["sla_policies"] = policy.object?.int("id")
        let scenario = try await client.call(
            .post, "/api/v2/scenario_automations", key: key,
            json: ["name": .string("\(m) scenario"), "actions": [["name": "priority", "value": 2]]])
        fixture.ids["scenario_automations"] = scenario.object?.int("id")
        let category = try await client.call(.post, "/api/v2/solutions/categories", key: key, json: ["name": .string("\(m) kb")])
        fixture.ids["solutions/categories"] = category.object?.int("id")
        let kbFolder = try await client.call(
            .post, "/api/v2/solutions/categories/\(fixture.ids["solutions/categories"] ?? 0)/folders", key: key,
            json: ["name": .string("\(m) kb folder"), "visibility": 1])
        fixture.ids["solutions/folders"] = kbFolder.object?.int("id")
        let article = try await client.call(
            .post, "/api/v2/solutions/folders/\(fixture.ids["solutions/folders"] ?? 0)/articles", key: key,
            json: ["title": .string("\(m) article"), "description": .string("<p>\(m) secret answer</p>"), "status": 2])
        fixture.ids["solutions/articles"] = article.object?.int("id")
        let skill = try await client.call(.post, "/api/v2/skills", key: key, json: ["name": .string("\(m) skill")])
        fixture.ids["skills"] = skill.object?.int("id")
        fixture.ids["admin/skills"] = skill.object?.int("id")
        let board = try await client.call(.post, "/api/v2/discussions/categories", key: key, json: ["name": .string("\(m) board")])
        fixture.ids["discussions/categories"] = board.object?.int("id")
        let forum = try await client.call(
            .post, "/api/v2/discussions/categories/\(fixture.ids["discussions/categories"] ?? 0)/forums", key: key,
            json: ["name": .string("\(m) forum"), "forum_type": 1, "forum_visibility": 1])
        fixture.ids["discussions/forums"] = forum.object?.int("id")
        let topic = try await client.call(
            .post, "/api/v2/discussions/forums/\(fixture.ids["discussions/forums"] ?? 0)/topics", key: key,
            json: ["title": .string("\(m) topic"), "message": .string("<p>\(m) message</p>")])
        fixture.ids["discussions/topics"] = topic.object?.int("id")
        let comment = try await client.call(
            .post, "/api/v2/discussions/topics/\(fixture.ids["discussions/topics"] ?? 0)/comments", key: key,
            json: ["body": .string("<p>\(m) reply</p>")])
        fixture.ids["discussions/comments"] = comment.object?.int("id")
        let survey = try await client.call(.post, "/api/v2/surveys", key: key, json: ["title": .string("\(m) survey")])
        fixture.ids["surveys"] = survey.object?.int("id")
        for kind in ["contact_fields", "company_fields"] {
            let field = try await client.call(
                .post, "/api/v2/\(kind)", key: key, json: ["label": .string("\(m) field"), "type": "custom_text"])
            fixture.ids[kind] = field.object?.int("id")
        }
        for name in [
            "companies", "contacts", "agents", "groups", "admin/ticket_fields", "tickets", "conversations", "roles", "domain_certificates",
            "custom_domains", "time_entries", "canned_response_folders", "canned_responses", "business_hours", "sla_policies",
            "contact_fields", "company_fields", "surveys", "scenario_automations", "solutions/categories", "solutions/folders",
            "solutions/articles", "skills", "discussions/categories", "discussions/forums", "discussions/topics", "discussions/comments",
        ] {
            #expect(fixture.ids[name] != nil, "fixture \(name) was not created")
        }
        return fixture
    }

    static func probeHours(_ name: String) -> JSONValue {
        ["name": .string(name), "time_zone": "UTC", "business_hours": ["monday": ["start_time": "9:00 am", "end_time": "5:00 pm"]]]
    }

    /// A default policy (each tenant may have one): no conditions to name the tenant's records.
    static func probePolicy(_ name: String) -> JSONValue {
        let target: JSONValue = ["respond_within": 3600, "resolve_within": 7200]
        return [
            "name": .string(name), "is_default": true,
            "sla_target": ["priority_1": target, "priority_2": target, "priority_3": target, "priority_4": target],
        ]
    }

    /// A body each writing route accepts, so validation cannot be what stops the request.
    static func probeBody(_ route: Route, betaFolder: Int64 = 0) -> JSONValue? {
        guard route.body == .json || route.body == .jsonOrForm else { return nil }
        switch (route.method, route.pattern) {
        case (.post, "/tickets/:id/reply"), (.post, "/tickets/:id/notes"), (.put, "/conversations/:id"):
            return ["body": "probe"]
        case (.put, "/tickets/:id"): return ["priority": 3]
        case (.put, "/contacts/:id"): return ["job_title": "probe"]
        case (.put, "/agents/:id"): return ["signature": "probe"]
        case (.put, "/groups/:id"): return ["description": "probe"]
        case (.put, "/companies/:id"): return ["industry": "probe"]
        case (.put, "/admin/ticket_fields/:id"): return ["label": "probe"]
        case (.put, "/contacts/:id/make_agent"): return ["occasional": true]
        case (.post, "/tickets"): return ["subject": "probe", "email": "probe@beta.example"]
        case (.post, "/contacts"): return ["name": "Probe", "email": "probe.contact@beta.example"]
        case (.post, "/agents"): return ["email": "probe.agent@beta.example", "ticket_scope": 1]
        case (.post, "/groups"): return ["name": "Probe group"]
        case (.post, "/companies"): return ["name": "Probe company"]
        case (.post, "/admin/ticket_fields"): return ["label": "Probe", "type": "custom_text"]
        case (.post, "/tickets/bulk_delete"): return ["bulk_action": ["ids": [1]]]
        case (.post, "/custom_domains"): return ["domain": "portal.beta-probe.test"]
        case (.post, "/contacts/:id/consents"): return ["given": true]
        case (.post, "/contacts/export"): return ["fields": ["default_fields": ["name"]]]
        case (.post, "/tickets/export"): return ["fields": ["id", "subject"]]
        case (.post, "/canned_response_folders"), (.put, "/canned_response_folders/:id"): return ["name": "Probe folder"]
        case (.put, "/canned_responses/:id"): return ["title": "Probe"]
        case (.post, "/business_hours"): return Self.probeHours("Probe hours")
        case (.post, "/sla_policies"): return Self.probePolicy("Probe policy")
        case (.put, "/business_hours/:id"), (.put, "/sla_policies/:id"): return ["name": "Probe"]
        case (.post, "/contact_fields"), (.post, "/company_fields"): return ["label": "Probe field", "type": "custom_text"]
        case (.put, "/contact_fields/:id"), (.put, "/company_fields/:id"): return ["label": "Probe"]
        case (.post, "/surveys"), (.put, "/surveys/:id"): return ["title": "Probe survey"]
        case (.post, "/tickets/:id/satisfaction_ratings"): return ["ratings": ["default_question": 103]]
        case (.put, "/tickets/:id/summary"): return ["body": "<p>probe</p>"]
        case (.post, "/scenario_automations"):
            return ["name": "Probe scenario", "actions": [["name": "priority", "value": 2]]]
        case (.put, "/scenario_automations/:id"): return ["name": "Probe"]
        case (.post, "/solutions/categories"), (.put, "/solutions/categories/:id"), (.put, "/solutions/folders/:id"):
            return ["name": "Probe"]
        case (.post, "/solutions/categories/:id/folders"), (.post, "/solutions/folders/:id/subfolders"):
            return ["name": "Probe", "visibility": 1]
        case (.post, "/solutions/folders/:id/articles"): return ["title": "Probe", "description": "<p>probe</p>", "status": 2]
        case (.put, "/solutions/articles/:id"): return ["title": "Probe"]
        case (.post, "/discussions/categories"), (.put, "/discussions/categories/:id"), (.put, "/discussions/forums/:id"):
            return ["name": "Probe"]
        case (.post, "/discussions/categories/:id/forums"): return ["name": "Probe", "forum_type": 1, "forum_visibility": 1]
        case (.post, "/discussions/forums/:id/topics"): return ["title": "Probe", "message": "<p>probe</p>"]
        case (.put, "/discussions/topics/:id"): return ["sticky": true]
        case (.post, "/discussions/topics/:id/comments"), (.put, "/discussions/comments/:id"): return ["body": "<p>probe</p>"]
        case (.post, "/skills"): return ["name": "Probe skill"]
        case (.post, "/admin/skills"): return ["name": "Probe admin skill"]
        case (.put, "/skills/:id"), (.put, "/admin/skills/:id"): return ["rank": 1]
        case (.post, "/canned_responses"): return ["title": "Probe", "content_html": "<p>probe</p>", "folder_id": .int(betaFolder)]
        case (.post, "/domain_certificates"):
            let material = try? DomainCertificateTests.material(base: "beta-probe.test", issuedAt: TestServer.epoch)
            return [
                "domain": "help.beta-probe.test", "certificate_chain": .string(material?.chain ?? ""),
                "private_key": .string(material?.key ?? ""),
            ]
        default: return [:]
        }
    }

    /// Mails tenant A a message with a file (containing the marker) and returns the file's id.
    static func mailedAttachment(_ server: TestServer, tenant: TenantID) async throws -> Int64 {
        let raw = Array(
            ("From: a@alpha-customer.example\r\nSubject: file\r\nMessage-ID: <iso@alpha-customer.example>\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nsee file\r\n--b\r\n"
                + "Content-Type: text/plain; name=\"\(Fixture.marker).txt\"\r\n\r\n\(Fixture.marker)\r\n--b--\r\n").utf8)
        let outcome = try await InboundMail(server.helpdesk).deliver(raw, tenant: tenant, envelopeSender: "a@alpha-customer.example")
        guard case .created(let ticket) = outcome else { throw HavenError.notFound }
        let files = try await server.store.read { sql in try await server.store.attachments.list(tenant, ticket: ticket, on: sql) }
        return try #require(files.first).id.rawValue
    }

    /// The fixture id for a route's parameter: the collection the pattern starts with.
    static func concretePath(_ route: Route, fixture: Fixture, jobID: String) -> String? {
        var path = route.pattern
        if path.contains("{id}") {
            path = path.replacingOccurrences(of: "{id}", with: jobID)
        }
        // Parameterless reads get a query that would match A's objects if they leaked.
        let queries = [
            "/contacts/autocomplete": "?term=ALPHA", "/companies/autocomplete": "?name=ALPHA", "/agents/autocomplete": "?term=ALPHA",
            "/search/tickets": "?query=%22priority:1%20OR%20priority:2%20OR%20priority:3%20OR%20priority:4%22",
            "/search/contacts": "?query=%22active:true%20OR%20active:false%22",
            "/search/companies": "?query=%22created_at:%3E'2000-01-01'%22",
            "/search/solutions": "?term=\(Fixture.marker)%20secret%20answer%20article",
        ]
        guard path.contains(":id") else { return "/api/v2" + path + (queries[path] ?? "") }
        let collection = [
            "admin/ticket_fields", "tickets", "conversations", "contacts", "agents", "groups", "roles", "companies", "domain_certificates",
            "custom_domains", "time_entries", "attachments", "canned_response_folders", "canned_responses", "business_hours",
            "sla_policies", "contact_fields", "company_fields", "surveys", "email_configs", "email/mailboxes", "scenario_automations",
            "solutions/categories", "solutions/folders", "solutions/articles", "admin/skills", "skills",
            "discussions/categories", "discussions/forums", "discussions/topics", "discussions/comments",
        ]
        .first { path.hasPrefix("/\($0)/") }
        guard let collection, let id = fixture.ids[collection] else { return nil }
        // A second parameter names another of A's records (running A's scenario on A's ticket).
        if let scenario = fixture.ids["scenario_automations"] {
            path = path.replacingOccurrences(of: ":scenario_id", with: String(scenario))
        }
        return "/api/v2" + path.replacingOccurrences(of: ":id", with: String(id))
    }

    @Test func everyRoute_keepsTenantAsObjectsAwayFromTenantB() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let alpha = server.tenants[0]
            let beta = server.tenants[1]
            var fixture = try await Self.makeFixture(client, key: alpha.apiKey)
            // A file on one of A's tickets, as mail brings one (the API does not take files yet).
            fixture.ids["attachments"] = try await Self.mailedAttachment(server, tenant: alpha.tenant.id)
            // A support address of A's own (the built-in one, id 1, every tenant has).
            try await MailAddresses(server.helpdesk).add(
                "desk@a-company.example", by: .agent(alpha.agentID, role: .admin, apiKey: nil, tenant: alpha.tenant.id))
            let addressID = try #require(
                try await client.call(.get, "/api/v2/email_configs", key: alpha.apiKey).array?.last?.objectValue?.int("id"))
            fixture.ids["email_configs"] = addressID
            fixture.ids["email/mailboxes"] = addressID
            let job = try await client.call(
                .post, "/api/v2/tickets/bulk_delete", key: alpha.apiKey, json: ["bulk_action": ["ids": [999_999]]]
            )
            let jobID = try #require(job.object?.string("job_id"))
            let snapshot = try await Self.snapshot(client, key: alpha.apiKey, fixture: fixture)
            // B's own folder, for B's new canned response (A's folder is as unknown to B as none).
            let betaFolder = try await client.call(.post, "/api/v2/canned_response_folders", key: beta.apiKey, json: ["name": "Beta's"])
            let betaFolderID = try #require(betaFolder.object?.int("id"))

            let routes = RouteTable.routes(helpdesk: server.helpdesk)
            #expect(routes.count >= 50)
            for route in routes {
                let path = try #require(Self.concretePath(route, fixture: fixture, jobID: jobID), "no fixture for \(route.pattern)")
                let body = Self.probeBody(route, betaFolder: betaFolderID)
                let label = "\(route.method.rawValue) \(route.pattern)"

                // B's key on A's host: refused before anything else.
                let onAlphaHost = try await client.call(route.method, path, key: beta.apiKey, json: body, host: alpha.host)
                #expect(onAlphaHost.status == 401, "\(label) on alpha's host answered \(onAlphaHost.status)")

                // B's key on a host naming no tenant: A's objects are simply not there.
                let response = try await client.call(route.method, path, key: beta.apiKey, json: body)
                let isParameterized = route.pattern.contains(":id") || route.pattern.contains("{id}")
                if isParameterized {
                    #expect(response.status == 404, "\(label) with beta's key answered \(response.status): \(response.text.prefix(200))")
                } else {
                    #expect((200..<300).contains(response.status), "\(label) answered \(response.status): \(response.text.prefix(200))")
                }
                #expect(!response.text.contains(Fixture.marker), "\(label) leaked alpha's data")
                #expect(!response.text.lowercased().contains("alpha"), "\(label) leaked alpha's data")
            }
            // Nothing of A's changed.
            #expect(try await Self.snapshot(client, key: alpha.apiKey, fixture: fixture) == snapshot)
        }
    }

    /// A's objects as A sees them.
    static func snapshot(_ client: TestHTTPClient, key: String, fixture: Fixture) async throws -> [String] {
        var texts: [String] = []
        for path in [
            "/api/v2/tickets/\(fixture.ids["tickets"]!)?include=conversations",
            "/api/v2/contacts/\(fixture.ids["contacts"]!)", "/api/v2/agents/\(fixture.ids["agents"]!)",
            "/api/v2/groups/\(fixture.ids["groups"]!)", "/api/v2/companies/\(fixture.ids["companies"]!)",
            "/api/v2/admin/ticket_fields/\(fixture.ids["admin/ticket_fields"]!)", "/api/v2/tickets?filter=deleted",
            "/api/v2/contacts?state=deleted", "/api/v2/domain_certificates", "/api/v2/time_entries/\(fixture.ids["time_entries"]!)",
            "/api/v2/canned_response_folders/\(fixture.ids["canned_response_folders"]!)",
            "/api/v2/business_hours/\(fixture.ids["business_hours"]!)", "/api/v2/sla_policies/\(fixture.ids["sla_policies"]!)",
            "/api/v2/contact_fields/\(fixture.ids["contact_fields"]!)", "/api/v2/company_fields/\(fixture.ids["company_fields"]!)",
            "/api/v2/solutions/articles/\(fixture.ids["solutions/articles"]!)",
            "/api/v2/solutions/folders/\(fixture.ids["solutions/folders"]!)",
            "/api/v2/discussions/topics/\(fixture.ids["discussions/topics"]!)",
            "/api/v2/discussions/topics/\(fixture.ids["discussions/topics"]!)/comments",
        ] {
            let response = try await client.call(.get, path, key: key)
            #expect(response.status == 200, "\(path) answered \(response.status)")
            texts.append(response.text)
        }
        return texts
    }
}
