import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Agents, groups, companies, fields, search, jobs and permissions, over real HTTP.
@Suite struct ResourceTests {
    static let agentContactKeys = [
        "active", "email", "job_title", "language", "last_login_at", "mobile", "name", "phone", "time_zone", "created_at",
        "updated_at",
    ]

    @Test func agents_createUpdateDeleteAndMakeAgent() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let me = try await client.call(.get, "/api/v2/agents/me", key: key)
            #expect(me.object?.int("id") == server.tenants[0].agentID.rawValue)
            #expect(me.object?["contact"]?.objectValue?.keys.sorted() == Self.agentContactKeys.sorted())
            for key in ["last_active_at", "freshcaller_agent", "focus_mode", "role_ids", "group_ids", "skill_ids", "ticket_scope"] {
                #expect(me.object?[key] != nil, "agent key \(key) missing")
            }
            let roles = try #require(try await client.call(.get, "/api/v2/roles?page=1&per_page=100", key: key).array)
            #expect(roles.count == 3)
            let supervisorRole = try #require(roles.first { $0.objectValue?.string("name") == "Supervisor" }?.objectValue?.int("id"))

            let created = try await client.call(
                .post, "/api/v2/agents/", key: key,
                json: ["email": "sam@alpha.example", "name": "Sam", "ticket_scope": 2, "role_ids": [.int(supervisorRole)]]
            )
            #expect(created.status == 201)
            let samID = try #require(created.object?.int("id"))
            #expect(created.object?["role_ids"] == .array([.int(supervisorRole)]))
            let duplicate = try await client.call(
                .post, "/api/v2/agents", key: key, json: ["email": "SAM@alpha.example", "ticket_scope": 1])
            #expect(duplicate.status == 409)

            let group = try await client.call(
                .post, "/api/v2/groups", key: key, json: ["name": "Billing", "agent_ids": [.int(samID)], "unassigned_for": "1h"]
            )
            #expect(group.status == 201)
            let groupID = try #require(group.object?.int("id"))
            #expect(group.object?["business_hour_id"] == .null)
            let sam = try await client.call(.get, "/api/v2/agents/\(samID)", key: key)
            #expect(sam.object?["group_ids"] == .array([.int(groupID)]))
            let renamed = try await client.call(.put, "/api/v2/agents/\(samID)", key: key, json: ["name": "Samantha", "occasional": true])
            #expect(renamed.status == 200)
            #expect(renamed.object?["contact"]?.objectValue?.string("name") == "Samantha")
            let occasional = try await client.call(.get, "/api/v2/agents?state=occasional", key: key)
            #expect(occasional.array?.compactMap { $0.objectValue?.int("id") } == [samID])
            #expect(try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "billing"]).status == 201)
            #expect(try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "Billing"]).status == 409)

            // The last admin can neither be deleted nor demoted; the caller cannot delete itself.
            let selfDelete = try await client.call(.delete, "/api/v2/agents/\(server.tenants[0].agentID.rawValue)", key: key)
            #expect(selfDelete.status == 400)
            let demote = try await client.call(
                .put, "/api/v2/agents/\(server.tenants[0].agentID.rawValue)", key: key, json: ["role_ids": [.int(supervisorRole)]]
            )
            #expect(demote.status == 400)

            // Deleting an agent turns it back into a contact, out of its groups.
            #expect(try await client.call(.delete, "/api/v2/agents/\(samID)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/agents/\(samID)", key: key).status == 404)
            #expect(try await client.call(.get, "/api/v2/contacts/\(samID)", key: key).status == 200)
            #expect(try await client.call(.get, "/api/v2/groups/\(groupID)", key: key).object?["agent_ids"] == .array([]))

            // make_agent: python-freshdesk reads agent.id and then GETs /agents/{id}.
            let made = try await client.call(
                .put, "/api/v2/contacts/\(samID)/make_agent", key: key, json: ["occasional": false, "ticket_scope": 2]
            )
            #expect(made.status == 200)
            let agentID = try #require(made.object?["agent"]?.objectValue?.int("id"))
            #expect(agentID == samID)
            #expect(try await client.call(.get, "/api/v2/agents/\(agentID)", key: key).status == 200)
            let noEmail = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Phone only", "phone": "+1 555 0100"])
            let noEmailID = try #require(noEmail.object?.int("id"))
            let refused = try await client.call(.put, "/api/v2/contacts/\(noEmailID)/make_agent", key: key, json: [:])
            #expect(refused.hasFieldError("email", "inconsistent_state"))
        }
    }

    @Test func permissions_denyByDefaultWithFreshdeskBody() async throws {
        try await TestServer.start { server, client in
            let created = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false
            )
            let denied: JSONValue = ["code": "access_denied", "message": "You are not authorized to perform this action."]
            for (method, path, body) in [
                (HTTPMethodForTests.post, "/api/v2/agents", JSONValue?.some(["email": "z@alpha.example", "ticket_scope": 1])),
                (.get, "/api/v2/account", nil),
                (.get, "/api/v2/admin/ticket_fields", nil),
                (.post, "/api/v2/companies", ["name": "X"]),
                (.delete, "/api/v2/contacts/1/hard_delete?force=true", nil),
            ] {
                let before = try await server.rowCounts()
                let response = try await client.call(method.http, path, key: created.apiKey, json: body)
                #expect(response.status == 403, "\(path)")
                #expect(response.json == denied)
                #expect(try await server.rowCounts() == before)
            }
            // What an agent may do, it can.
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: created.apiKey, json: ["subject": "ok", "email": "c@x.example"])
            #expect(ticket.status == 201)
        }
    }

    @Test func suspendedTenant_gets403AccountSuspended() async throws {
        try await TestServer.start { server, client in
            let tenant = server.tenants[0]
            try await server.store.write { sql in
                try await server.store.tenants.setStatus(tenant.tenant.id, .terminated, at: server.clock.now(), on: sql)
            }
            let response = try await client.call(.get, "/api/v2/tickets", key: tenant.apiKey)
            #expect(response.status == 403)
            #expect(response.object?.string("code") == "account_suspended")
        }
    }

    @Test func companies_uniqueNamesAutocompleteAndSearch() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let acme = try await client.call(
                .post, "/api/v2/companies", key: key, json: ["name": "Acme Corp", "domains": ["acme.example"]])
            #expect(acme.status == 201)
            let acmeID = try #require(acme.object?.int("id"))
            for key in [
                "id", "name", "description", "domains", "note", "custom_fields", "health_score", "account_tier", "renewal_date", "industry",
            ] {
                #expect(acme.object?[key] != nil, "company key \(key) missing")
            }
            #expect(try await client.call(.post, "/api/v2/companies", key: key, json: ["name": " acme corp "]).status == 409)
            #expect(try await client.call(.post, "/api/v2/companies", key: key, json: ["name": "Acme Labs"]).status == 201)
            let auto = try await client.call(.get, "/api/v2/companies/autocomplete?name=acme", key: key)
            #expect(auto.object?["companies"]?.arrayValue?.count == 2)
            let search = try await client.call(.get, "/api/v2/search/companies?query=%22domain:'acme.example'%22", key: key)
            #expect(search.object?.int("total") == 1)
            // A contact of the company; its tickets take the company.
            let contact = try await client.call(
                .post, "/api/v2/contacts", key: key, json: ["name": "Wile", "email": "wile@acme.example", "company_id": .int(acmeID)]
            )
            let contactID = try #require(contact.object?.int("id"))
            let ticket = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "Anvil", "requester_id": .int(contactID)])
            #expect(ticket.object?.int("company_id") == acmeID)
            let embedded = try await client.call(.get, "/api/v2/tickets?include=company&company_id=\(acmeID)", key: key)
            #expect(embedded.array?.first?.objectValue?["company"]?.objectValue?.string("name") == "Acme Corp")
            #expect(try await client.call(.delete, "/api/v2/companies/\(acmeID)", key: key).status == 204)
            #expect(try await client.call(.get, "/api/v2/contacts/\(contactID)", key: key).object?["company_id"] == .null)
        }
    }

    @Test func customFields_validateShowAndSearch() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let dropdown = try await client.call(
                .post, "/api/v2/admin/ticket_fields", key: key,
                json: ["label": "Category", "type": "custom_dropdown", "choices": ["Primary", "Secondary"]]
            )
            #expect(dropdown.status == 201)
            #expect(dropdown.object?.string("name") == "cf_category")
            let allowedAdminKeys: Set<String> = [
                "id", "name", "type", "description", "label", "position", "portal_cc", "portal_cc_to", "choices", "dependent_fields",
                "section_mappings", "default", "archived", "has_section", "is_fsm", "field_update_in_progress", "displayed_to_customers",
                "customers_can_edit", "label_for_customers", "created_at", "updated_at", "required_for_closure", "required_for_agents",
                "required_for_customers",
            ]
            let admin = try #require(try await client.call(.get, "/api/v2/admin/ticket_fields", key: key).array)
            for field in admin {
                let keys = Set(field.objectValue?.keys ?? [])
                #expect(keys.isSubset(of: allowedAdminKeys))
            }
            #expect(
                try await client.call(.post, "/api/v2/admin/ticket_fields", key: key, json: ["label": "Units", "type": "custom_number"])
                    .status == 201
            )
            let bad = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "x", "email": "a@b.co", "custom_fields": ["cf_category": "Tertiary", "cf_units": "three"]]
            )
            #expect(bad.status == 400)
            #expect(bad.hasFieldError("cf_category", "invalid_value"))
            #expect(bad.hasFieldError("cf_units", "datatype_mismatch"))
            let good = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: ["subject": "x", "email": "a@b.co", "custom_fields": ["cf_category": "Primary"], "tags": ["vip", "Refund"]]
            )
            #expect(good.status == 201)
            #expect(good.object?["custom_fields"] == ["cf_category": "Primary", "cf_units": nil])
            let id = try #require(good.object?.int("id"))
            let merged = try await client.call(
                .put, "/api/v2/tickets/\(id)", key: key, json: ["custom_fields": ["cf_units": 3], "tags": ["vip"]])
            #expect(merged.object?["custom_fields"] == ["cf_category": "Primary", "cf_units": 3])
            #expect(merged.object?["tags"] == ["vip"])
            for (query, total) in [
                ("cf_category:'primary'", 1), ("cf_units:>2", 1), ("cf_units:<2", 0), ("tag:'vip' AND priority:1", 1),
                ("tag:'Refund'", 0), ("tag:null", 0), ("(status:2 OR status:3) AND created_at:'2024-05-01'", 1),
                ("created_at:>'2024-05-02'", 0),
            ] {
                let path = "/api/v2/search/tickets?query=" + "\"\(query)\"".addingFormEncoding
                let response = try await client.call(.get, path, key: key)
                #expect(response.object?.int("total") == Int64(total), "\(query): \(response.text.prefix(200))")
            }
        }
    }

    @Test func incrementalSync_ordersByUpdatedAtAscendingWithStableTiebreak() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            for n in 1...5 {
                _ = try await client.call(.post, "/api/v2/tickets", key: key, json: ["subject": .string("t\(n)"), "email": "a@b.co"])
            }
            server.clock.advance(seconds: 3600)
            _ = try await client.call(.put, "/api/v2/tickets/2", key: key, json: ["priority": 4])
            let since = Timestamp(secondsSince1970: TestServer.epoch.secondsSince1970 + 60).iso8601
            let changed = try await client.call(
                .get, "/api/v2/tickets?updated_since=\(since)&order_by=updated_at&order_type=asc&per_page=100", key: key
            )
            #expect(changed.array?.compactMap { $0.objectValue?.int("id") } == [2])
            let all = try await client.call(.get, "/api/v2/tickets?order_by=updated_at&order_type=asc&include=description", key: key)
            #expect(all.array?.compactMap { $0.objectValue?.int("id") } == [1, 3, 4, 5, 2])
            #expect(all.array?.first?.objectValue?["description"] != nil)
            let mine = try await client.call(.get, "/api/v2/tickets?filter=new_and_my_open", key: key)
            #expect(mine.array?.count == 5)
        }
    }

    @Test func bulkDelete_runsAsAJobAndTrashesOnlyThisTenantsTickets() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let alpha = server.tenants[0].apiKey
            let beta = server.tenants[1].apiKey
            for n in 1...3 {
                _ = try await client.call(.post, "/api/v2/tickets", key: alpha, json: ["subject": .string("a\(n)"), "email": "a@b.co"])
            }
            _ = try await client.call(.post, "/api/v2/tickets", key: beta, json: ["subject": "b1", "email": "a@b.co"])
            let accepted = try await client.call(
                .post, "/api/v2/tickets/bulk_delete", key: alpha, json: ["bulk_action": ["ids": [1, 2, 99]]])
            #expect(accepted.status == 202)
            let jobID = try #require(accepted.object?.string("job_id"))
            #expect(accepted.object?.string("href")?.hasSuffix("/api/v2/jobs/\(jobID)") == true)
            var status = ""
            for _ in 0..<200 where status != "COMPLETED" {
                status = try await client.call(.get, "/api/v2/jobs/\(jobID)", key: alpha).object?.string("status") ?? ""
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(status == "COMPLETED")
            let job = try await client.call(.get, "/api/v2/jobs/\(jobID)", key: alpha)
            #expect(job.object?.int("progress") == 100)
            #expect(job.object?["result"]?.objectValue?["skipped"] == [99])
            #expect(try await client.call(.get, "/api/v2/jobs/\(jobID)", key: beta).status == 404)
            let trash = try await client.call(.get, "/api/v2/tickets?filter=deleted", key: alpha)
            #expect(Set(trash.array?.compactMap { $0.objectValue?.int("id") } ?? []) == [1, 2])
            #expect(try await client.call(.get, "/api/v2/tickets/1", key: beta).object?["deleted"] == .bool(false))
        }
    }

    @Test func contactsAndAccount_filtersAutocompleteSettings() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            _ = try await client.call(
                .post, "/api/v2/contacts", key: key, json: ["name": "Zoe", "email": "zoe@x.example", "other_emails": ["z2@x.example"]]
            )
            _ = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "adam", "mobile": "+44 7700 900123"])
            let listed = try await client.call(.get, "/api/v2/contacts", key: key)
            // Names are sealed: contacts list in creation order (Freshdesk does not document an order).
            #expect(listed.array?.compactMap { $0.objectValue?.string("name") } == ["Zoe", "adam"])
            #expect(try await client.call(.get, "/api/v2/contacts?email=Z2@x.example", key: key).array?.count == 1)
            #expect(try await client.call(.get, "/api/v2/contacts?mobile=%2B447700900123", key: key).array?.count == 1)
            let clash = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Zed", "email": "z2@x.example"])
            #expect(clash.status == 409)
            let auto = try await client.call(.get, "/api/v2/contacts/autocomplete?term=zo", key: key)
            #expect(auto.array?.compactMap { $0.objectValue?.string("name") } == ["Zoe"])
            // One character reads the candidates without the prefix token; still a case-insensitive prefix match.
            let single = try await client.call(.get, "/api/v2/contacts/autocomplete?term=A", key: key)
            #expect(single.array?.compactMap { $0.objectValue?.string("name") } == ["adam"])
            let search = try await client.call(.get, "/api/v2/search/contacts?query=%22email:'ZOE@x.example'%22", key: key)
            #expect(search.object?.int("total") == 1)
            let settings = try await client.call(.get, "/api/v2/settings/helpdesk", key: key)
            #expect(settings.object?.string("primary_language") == "en")
            let account = try await client.call(.get, "/api/v2/account", key: key)
            #expect(account.object?["total_agents"]?.objectValue?.int("full_time") == 1)
            #expect(try await client.call(.get, "/api/v2/contact_fields", key: key).array?.isEmpty == false)
        }
    }
}

enum HTTPMethodForTests {
    case get, post, put, delete
}

extension String {
    /// Form-encodes a query value the way clients do (space as %20).
    var addingFormEncoding: String {
        var out = ""
        for byte in self.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

extension HTTPMethodForTests {
    var http: HTTPRequest.Method {
        switch self {
        case .get: return .get
        case .post: return .post
        case .put: return .put
        case .delete: return .delete
        }
    }
}
