import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenAudit
import HavenCore
import HavenStore
import Testing

/// Every mutating route records exactly one audit entry — the right actor (agent and API key), action, target and
/// decrypted details — in the transaction of its change; a rejected request records nothing but the security
/// events, counted per minute.
@Suite("Audit coverage")
struct AuditCoverageTests {
    /// Reads the log through `GET /audit_log` and hands out the entries written since the last call.
    final class LogCursor: @unchecked Sendable {
        let client: TestHTTPClient
        let key: String
        var seen: Int64 = 0

        init(client: TestHTTPClient, key: String) {
            self.client = client
            self.key = key
        }

        func skipToEnd() async throws {
            _ = try await self.newEntries()
        }

        func newEntries() async throws -> [JSONObject] {
            let response = try await self.client.call(.get, "/api/v2/audit_log?per_page=100", key: self.key)
            #expect(response.status == 200, "audit_log answered \(response.status) \(response.text.prefix(200))")
            let entries = (response.array ?? []).compactMap(\.objectValue).filter { ($0.int("id") ?? 0) > self.seen }.reversed()
            self.seen = max(self.seen, entries.compactMap { $0.int("id") }.max() ?? 0)
            return Array(entries)
        }
    }

    @Test func everyMutatingRouteRecordsExactlyOneEntry() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in try await Self.walkEveryWritingRoute(server, client) }
    }

    /// Personal values `walkEveryWritingRoute` sends: none may reach a log line (`LogScanTests`).
    static let personalValues = [
        "Acme Audit", "private note", "Carla Audit", "carla.audit@alpha.example", "CFO", "Card stolen", "My card was stolen",
        "We blocked it", "Called the bank", "Called the bank twice", "dora.audit@alpha.example", "Eve Gone", "eve@alpha.example",
    ]

    /// Calls every writing route once and checks the single audit entry each leaves.
    static func walkEveryWritingRoute(_ server: TestServer, _ client: TestHTTPClient) async throws {
        let admin = server.tenants[0]
        let key = admin.apiKey
        let keyID = try await server.store.read { sql in
            try await sql.scalar("SELECT id AS n FROM api_keys WHERE tenant_id = \(admin.tenant.id) AND user_id = \(admin.agentID)")
        }
        let log = LogCursor(client: client, key: key)
        try await log.skipToEnd()
        var covered: Set<String> = []

        /// Sends one request and checks the single entry it left.
        @discardableResult
        func expectOne(
            _ method: HTTPRequest.Method, _ pattern: String, _ path: String, json: JSONValue? = nil,
            action: String, target: String, id: String? = nil, status: Int,
            details check: (JSONObject) -> Bool = { _ in true }
        ) async throws -> HTTPResult {
            let response = try await client.call(method, path, key: key, json: json)
            #expect(response.status == status, "\(pattern): \(response.status) \(response.text.prefix(300))")
            let entries = try await log.newEntries()
            #expect(entries.count == 1, "\(pattern) left \(entries.count) entries: \(entries.map { $0.string("action") ?? "" })")
            guard let entry = entries.first else { return response }
            let targetID = id ?? response.object?.int("id").map(String.init) ?? response.object?.string("id")
            #expect(entry.string("action") == action, "\(pattern): \(entry)")
            #expect(entry.string("target_type") == target && entry.string("target_id") == targetID, "\(pattern): \(entry)")
            let actor = entry["actor"]?.objectValue
            #expect(actor?.string("type") == "agent" && actor?.int("agent_id") == admin.agentID.rawValue, "\(pattern): \(entry)")
            #expect(actor?.int("api_key_id") == keyID, "\(pattern): \(entry)")
            #expect(entry.string("source_ip") == "127.0.0.1", "\(pattern): \(entry)")
            #expect(isWireTimestamp(entry["occurred_at"]), "\(pattern): \(entry)")
            let details = entry["details"]?.objectValue ?? JSONObject()
            #expect(check(details), "\(pattern) details: \(details)")
            covered.insert("\(method.rawValue) \(pattern)")
            return response
        }
        func change(_ details: JSONObject, _ field: String) -> JSONObject? { details["changes"]?.objectValue?[field]?.objectValue }
        let withheld: JSONObject = ["withheld": true]

        // Companies, contacts, groups, ticket fields.
        let company = try await expectOne(
            .post, "/companies", "/api/v2/companies", json: ["name": "Acme Audit", "industry": "Retail"],
            action: "company.created", target: "company", status: 201
        ) { change($0, "name") == withheld && change($0, "industry") == ["after": "Retail"] }
        let companyID = try #require(company.object?.int("id"))
        try await expectOne(
            .put, "/companies/:id", "/api/v2/companies/\(companyID)", json: ["industry": "Banking", "note": "private note"],
            action: "company.updated", target: "company", id: "\(companyID)", status: 200
        ) { change($0, "industry") == ["before": "Retail", "after": "Banking"] && change($0, "note") == withheld }
        let contact = try await expectOne(
            .post, "/contacts", "/api/v2/contacts", json: ["name": "Carla Audit", "email": "carla.audit@alpha.example"],
            action: "contact.created", target: "contact", status: 201
        ) { change($0, "email") == withheld && change($0, "name") == withheld }
        let contactID = try #require(contact.object?.int("id"))
        try await expectOne(
            .put, "/contacts/:id", "/api/v2/contacts/\(contactID)", json: ["language": "de", "job_title": "CFO"],
            action: "contact.updated", target: "contact", id: "\(contactID)", status: 200
        ) { change($0, "language") == ["before": "en", "after": "de"] && change($0, "job_title") == withheld }
        // Canned responses: folders and responses, never their content in the entry.
        let folder = try await expectOne(
            .post, "/canned_response_folders", "/api/v2/canned_response_folders", json: ["name": "Refunds"],
            action: "canned_folder.created", target: "canned_folder", status: 201
        ) { $0["name"] == "Refunds" }
        let folderID = try #require(folder.object?.int("id"))
        try await expectOne(
            .put, "/canned_response_folders/:id", "/api/v2/canned_response_folders/\(folderID)", json: ["name": "Money back"],
            action: "canned_folder.updated", target: "canned_folder", id: "\(folderID)", status: 200)
        let canned = try await expectOne(
            .post, "/canned_responses", "/api/v2/canned_responses",
            json: ["title": "Sent", "content_html": "<p>Hi {{ticket.requester.name}}</p>", "folder_id": .int(folderID)],
            action: "canned_response.created", target: "canned_response", status: 201
        ) { $0["folder_id"] == .int(folderID) && $0["content_html"] == nil }
        let cannedID = try #require(canned.object?.int("id"))
        try await expectOne(
            .put, "/canned_responses/:id", "/api/v2/canned_responses/\(cannedID)", json: ["title": "Sent today"],
            action: "canned_response.updated", target: "canned_response", id: "\(cannedID)", status: 200
        ) { $0["changed"] == ["title"] }
        try await expectOne(
            .delete, "/canned_responses/:id", "/api/v2/canned_responses/\(cannedID)", action: "canned_response.deleted",
            target: "canned_response", id: "\(cannedID)", status: 204)
        // Contact and company fields: the definition named, never a value.
        for kind in ["contact", "company"] {
            let field = try await expectOne(
                .post, "/\(kind)_fields", "/api/v2/\(kind)_fields", json: ["label": "Region", "type": "custom_text"],
                action: "\(kind)_field.created", target: "\(kind)_field", status: 201
            ) { $0["name"] == "region" && $0["type"] == "custom_text" }
            let fieldID = try #require(field.object?.int("id"))
            try await expectOne(
                .put, "/\(kind)_fields/:id", "/api/v2/\(kind)_fields/\(fieldID)", json: ["required_for_agents": false, "label": "Area"],
                action: "\(kind)_field.updated", target: "\(kind)_field", id: "\(fieldID)", status: 200
            ) { $0["changed"] == ["label", "label_for_customers"] || $0["changed"] == ["label"] }
            try await expectOne(
                .delete, "/\(kind)_fields/:id", "/api/v2/\(kind)_fields/\(fieldID)", action: "\(kind)_field.deleted",
                target: "\(kind)_field", id: "\(fieldID)", status: 204)
        }
        // Surveys and a rating: the numbers, never the feedback.
        let survey = try await expectOne(
            .post, "/surveys", "/api/v2/surveys", json: ["title": "After resolution"], action: "survey.created", target: "survey",
            status: 201
        ) { $0["title"] == "After resolution" && $0["active"] == true }
        let surveyID = try #require(survey.object?.int("id"))
        try await expectOne(
            .put, "/surveys/:id", "/api/v2/surveys/\(surveyID)", json: ["questions": ["Kind?"]], action: "survey.updated",
            target: "survey", id: "\(surveyID)", status: 200
        ) { $0["changed"] == ["questions"] }
        let rated = try #require(
            try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "Rated", "description": "d", "email": "rated@alpha.example"]
            )
            .object?.int("id"))
        try await log.skipToEnd()
        try await expectOne(
            .post, "/tickets/:id/satisfaction_ratings", "/api/v2/tickets/\(rated)/satisfaction_ratings",
            json: ["ratings": ["default_question": 103], "feedback": "Private words"], action: "satisfaction_rating.created",
            target: "satisfaction_rating", status: 201
        ) { $0["ratings"] == ["default_question": 103] && $0["feedback"] == true && $0["ticket_id"] == .int(rated) }
        // A ticket's summary: the ticket named, never the words.
        try await expectOne(
            .put, "/tickets/:id/summary", "/api/v2/tickets/\(rated)/summary", json: ["body": "<p>Private summary</p>"],
            action: "ticket.summary_written", target: "ticket", id: "\(rated)", status: 200
        ) { $0["replaced"] == false && $0["body"] == nil }
        try await expectOne(
            .delete, "/tickets/:id/summary", "/api/v2/tickets/\(rated)/summary", action: "ticket.summary_deleted", target: "ticket",
            id: "\(rated)", status: 204)
        // Scenarios, and running one: the run has an entry of its own beside its changes'.
        let scenario = try await expectOne(
            .post, "/scenario_automations", "/api/v2/scenario_automations",
            json: ["name": "Quiet", "actions": [["name": "add_tag", "value": "quiet"]]], action: "scenario.created", target: "scenario",
            status: 201
        ) { $0["name"] == "Quiet" }
        let scenarioID = try #require(scenario.object?.int("id"))
        try await expectOne(
            .put, "/scenario_automations/:id", "/api/v2/scenario_automations/\(scenarioID)", json: ["description": "Tag it"],
            action: "scenario.updated", target: "scenario", id: "\(scenarioID)", status: 200
        ) { $0["changed"] == ["description"] }
        let run = try await client.call(.post, "/api/v2/tickets/\(rated)/scenario_automations/\(scenarioID)/execute", key: key)
        #expect(run.status == 200, "\(run.text)")
        let runEntries = try await log.newEntries().compactMap { $0.string("action") }
        #expect(runEntries == ["ticket.updated", "ticket.scenario_executed"], "\(runEntries)")
        covered.insert("POST /tickets/:id/scenario_automations/:scenario_id/execute")
        try await expectOne(
            .delete, "/scenario_automations/:id", "/api/v2/scenario_automations/\(scenarioID)", action: "scenario.deleted",
            target: "scenario", id: "\(scenarioID)", status: 204)
        // The knowledge base: each write one entry, deletes counting what went with them.
        let kbCategory = try await expectOne(
            .post, "/solutions/categories", "/api/v2/solutions/categories", json: ["name": "Guides"], action: "solution_category.created",
            target: "solution_category", status: 201
        ) { $0["name"] == "Guides" }
        let kbCategoryID = try #require(kbCategory.object?.int("id"))
        try await expectOne(
            .put, "/solutions/categories/:id", "/api/v2/solutions/categories/\(kbCategoryID)", json: ["description": "How-tos"],
            action: "solution_category.updated", target: "solution_category", id: "\(kbCategoryID)", status: 200
        ) { $0["changed"] == ["description"] }
        let kbFolder = try await expectOne(
            .post, "/solutions/categories/:id/folders", "/api/v2/solutions/categories/\(kbCategoryID)/folders",
            json: ["name": "Setup", "visibility": 2], action: "solution_folder.created", target: "solution_folder", status: 201
        ) { $0["visibility"] == 2 }
        let kbFolderID = try #require(kbFolder.object?.int("id"))
        let kbSub = try await expectOne(
            .post, "/solutions/folders/:id/subfolders", "/api/v2/solutions/folders/\(kbFolderID)/subfolders",
            json: ["name": "Advanced", "visibility": 1], action: "solution_folder.created", target: "solution_folder", status: 201)
        let kbSubID = try #require(kbSub.object?.int("id"))
        try await expectOne(
            .put, "/solutions/folders/:id", "/api/v2/solutions/folders/\(kbSubID)", json: ["visibility": 3],
            action: "solution_folder.updated", target: "solution_folder", id: "\(kbSubID)", status: 200
        ) { $0["changed"] == ["visibility"] }
        let kbArticle = try await expectOne(
            .post, "/solutions/folders/:id/articles", "/api/v2/solutions/folders/\(kbSubID)/articles",
            json: ["title": "Install", "description": "<p>Run it.</p>", "status": 1], action: "solution_article.created",
            target: "solution_article", status: 201
        ) { $0["title"] == "Install" && $0["status"] == 1 }
        let kbArticleID = try #require(kbArticle.object?.int("id"))
        try await expectOne(
            .put, "/solutions/articles/:id", "/api/v2/solutions/articles/\(kbArticleID)", json: ["status": 2, "tags": ["setup"]],
            action: "solution_article.updated", target: "solution_article", id: "\(kbArticleID)", status: 200
        ) { $0["changed"] == ["status", "tags"] }
        try await expectOne(
            .delete, "/solutions/articles/:id", "/api/v2/solutions/articles/\(kbArticleID)", action: "solution_article.deleted",
            target: "solution_article", id: "\(kbArticleID)", status: 204)
        try await expectOne(
            .delete, "/solutions/folders/:id", "/api/v2/solutions/folders/\(kbFolderID)", action: "solution_folder.deleted",
            target: "solution_folder", id: "\(kbFolderID)", status: 204
        ) { $0["sub_folders"] == 1 }
        try await expectOne(
            .delete, "/solutions/categories/:id", "/api/v2/solutions/categories/\(kbCategoryID)", action: "solution_category.deleted",
            target: "solution_category", id: "\(kbCategoryID)", status: 204
        ) { $0["folders"] == 0 }
        // Skills, under both of their paths.
        for base in ["/skills", "/admin/skills"] {
            let skill = try await expectOne(
                .post, base, "/api/v2\(base)",
                json: ["name": .string("Billing \(base)"), "agents": [["id": .int(admin.agentID.rawValue)]]],
                action: "skill.created", target: "skill", status: 201
            ) { $0["agents"] == 1 }
            let skillID = try #require(skill.object?.int("id"))
            try await expectOne(
                .put, "\(base)/:id", "/api/v2\(base)/\(skillID)", json: ["match_type": "any"], action: "skill.updated", target: "skill",
                id: "\(skillID)", status: 200
            ) { $0["changed"] == ["match_type"] }
            try await expectOne(
                .delete, "\(base)/:id", "/api/v2\(base)/\(skillID)", action: "skill.deleted", target: "skill", id: "\(skillID)", status: 204
            )
        }
        // The community forums: each write one entry.
        let forumCategory = try await expectOne(
            .post, "/discussions/categories", "/api/v2/discussions/categories", json: ["name": "Community"],
            action: "forum_category.created", target: "forum_category", status: 201)
        let forumCategoryID = try #require(forumCategory.object?.int("id"))
        try await expectOne(
            .put, "/discussions/categories/:id", "/api/v2/discussions/categories/\(forumCategoryID)", json: ["description": "Ours"],
            action: "forum_category.updated", target: "forum_category", id: "\(forumCategoryID)", status: 200
        ) { $0["changed"] == ["description"] }
        let forum = try await expectOne(
            .post, "/discussions/categories/:id/forums", "/api/v2/discussions/categories/\(forumCategoryID)/forums",
            json: ["name": "Ideas", "forum_type": 2, "forum_visibility": 1], action: "forum.created", target: "forum", status: 201)
        let forumID = try #require(forum.object?.int("id"))
        try await expectOne(
            .put, "/discussions/forums/:id", "/api/v2/discussions/forums/\(forumID)", json: ["forum_visibility": 2],
            action: "forum.updated", target: "forum", id: "\(forumID)", status: 200
        ) { $0["changed"] == ["forum_visibility"] }
        let topic = try await expectOne(
            .post, "/discussions/forums/:id/topics", "/api/v2/discussions/forums/\(forumID)/topics",
            json: ["title": "Dark mode", "message": "<p>Please</p>"], action: "topic.created", target: "topic", status: 201)
        let topicID = try #require(topic.object?.int("id"))
        try await expectOne(
            .put, "/discussions/topics/:id", "/api/v2/discussions/topics/\(topicID)", json: ["sticky": true],
            action: "topic.updated", target: "topic", id: "\(topicID)", status: 200
        ) { $0["changed"] == ["sticky"] }
        let comment = try await expectOne(
            .post, "/discussions/topics/:id/comments", "/api/v2/discussions/topics/\(topicID)/comments", json: ["body": "<p>+1</p>"],
            action: "post.created", target: "post", status: 201)
        let commentID = try #require(comment.object?.int("id"))
        try await expectOne(
            .put, "/discussions/comments/:id", "/api/v2/discussions/comments/\(commentID)", json: ["answer": true],
            action: "post.updated", target: "post", id: "\(commentID)", status: 200
        ) { $0["changed"] == ["answer"] }
        try await expectOne(
            .delete, "/discussions/comments/:id", "/api/v2/discussions/comments/\(commentID)", action: "post.deleted", target: "post",
            id: "\(commentID)", status: 204)
        try await expectOne(
            .delete, "/discussions/topics/:id", "/api/v2/discussions/topics/\(topicID)", action: "topic.deleted", target: "topic",
            id: "\(topicID)", status: 204)
        try await expectOne(
            .delete, "/discussions/forums/:id", "/api/v2/discussions/forums/\(forumID)", action: "forum.deleted", target: "forum",
            id: "\(forumID)", status: 204)
        try await expectOne(
            .delete, "/discussions/categories/:id", "/api/v2/discussions/categories/\(forumCategoryID)", action: "forum_category.deleted",
            target: "forum_category", id: "\(forumCategoryID)", status: 204)
        // Business hours and SLA policies: what changed, by name.
        let hours = try await expectOne(
            .post, "/business_hours", "/api/v2/business_hours", json: TenantIsolationTests.probeHours("Office"),
            action: "business_hours.created", target: "business_hours", status: 201
        ) { $0["name"] == "Office" && $0["is_default"] == true }
        let hoursID = try #require(hours.object?.int("id"))
        try await expectOne(
            .put, "/business_hours/:id", "/api/v2/business_hours/\(hoursID)", json: ["time_zone": "Europe/Berlin"],
            action: "business_hours.updated", target: "business_hours", id: "\(hoursID)", status: 200
        ) { $0["changed"] == ["time_zone"] }
        try await expectOne(
            .delete, "/business_hours/:id", "/api/v2/business_hours/\(hoursID)", action: "business_hours.deleted",
            target: "business_hours", id: "\(hoursID)", status: 204)
        // A policy for one group only (and gone again at once): the walk's tickets get no due dates, so the
        // escalation service never adds an entry of its own in between.
        let groupForPolicy = try #require(
            try await client.call(.post, "/api/v2/groups", key: key, json: ["name": "Policy group"]).object?.int("id"))
        try await log.skipToEnd()
        var body = TenantIsolationTests.probePolicy("Standard").objectValue!
        body["is_default"] = false
        body["applicable_to"] = ["group_ids": [.int(groupForPolicy)]]
        let policy = try await expectOne(
            .post, "/sla_policies", "/api/v2/sla_policies", json: .object(body),
            action: "sla_policy.created", target: "sla_policy", status: 201
        ) { $0["name"] == "Standard" }
        let policyID = try #require(policy.object?.int("id"))
        try await expectOne(
            .put, "/sla_policies/:id", "/api/v2/sla_policies/\(policyID)", json: ["description": "Everyone else"],
            action: "sla_policy.updated", target: "sla_policy", id: "\(policyID)", status: 200
        ) { $0["changed"] == ["description"] }
        try await expectOne(
            .delete, "/sla_policies/:id", "/api/v2/sla_policies/\(policyID)", action: "sla_policy.deleted",
            target: "sla_policy", id: "\(policyID)", status: 204)
        let group = try await expectOne(
            .post, "/groups", "/api/v2/groups", json: ["name": "Tier 2"], action: "group.created", target: "group", status: 201
        ) { change($0, "name") == ["after": "Tier 2"] }
        let groupID = try #require(group.object?.int("id"))
        try await expectOne(
            .put, "/groups/:id", "/api/v2/groups/\(groupID)", json: ["name": "Tier 3"],
            action: "group.updated", target: "group", id: "\(groupID)", status: 200
        ) { change($0, "name") == ["before": "Tier 2", "after": "Tier 3"] }
        let field = try await expectOne(
            .post, "/admin/ticket_fields", "/api/v2/admin/ticket_fields", json: ["label": "Audit Code", "type": "custom_text"],
            action: "ticket_field.created", target: "ticket_field", status: 201
        ) { change($0, "label") == ["after": "Audit Code"] }
        let fieldID = try #require(field.object?.int("id"))
        try await expectOne(
            .put, "/admin/ticket_fields/:id", "/api/v2/admin/ticket_fields/\(fieldID)", json: ["label": "Audit Key"],
            action: "ticket_field.updated", target: "ticket_field", id: "\(fieldID)", status: 200
        ) { change($0, "label") == ["before": "Audit Code", "after": "Audit Key"] }

        // Tickets and conversations.
        let ticket = try await expectOne(
            .post, "/tickets", "/api/v2/tickets",
            json: ["subject": "Card stolen", "description": "My card was stolen", "requester_id": .int(contactID), "priority": 2],
            action: "ticket.created", target: "ticket", status: 201
        ) { change($0, "subject") == withheld && change($0, "priority") == ["after": 2] && change($0, "status") == ["after": 2] }
        let ticketID = try #require(ticket.object?.int("id"))
        try await expectOne(
            .put, "/tickets/:id", "/api/v2/tickets/\(ticketID)", json: ["status": 3, "subject": "Card stolen!"],
            action: "ticket.updated", target: "ticket", id: "\(ticketID)", status: 200
        ) { change($0, "status") == ["before": 2, "after": 3] && change($0, "subject") == withheld }
        let reply = try await expectOne(
            .post, "/tickets/:id/reply", "/api/v2/tickets/\(ticketID)/reply", json: ["body": "We blocked it"],
            action: "ticket.replied", target: "conversation", status: 201
        ) { change($0, "body") == withheld && change($0, "ticket_id") == ["after": .int(ticketID)] }
        #expect(reply.object?.int("id") != nil)
        let note = try await expectOne(
            .post, "/tickets/:id/notes", "/api/v2/tickets/\(ticketID)/notes", json: ["body": "Called the bank"],
            action: "ticket.note_added", target: "conversation", status: 201
        ) { change($0, "private") == ["after": true] }
        let noteID = try #require(note.object?.int("id"))
        try await expectOne(
            .put, "/conversations/:id", "/api/v2/conversations/\(noteID)", json: ["body": "Called the bank twice"],
            action: "conversation.updated", target: "conversation", id: "\(noteID)", status: 200
        ) { change($0, "body") == withheld }
        try await expectOne(
            .delete, "/conversations/:id", "/api/v2/conversations/\(noteID)",
            action: "conversation.deleted", target: "conversation", id: "\(noteID)", status: 204
        ) { $0["ticket_id"] == .int(ticketID) }
        // Time entries: the note is the ticket thread's (withheld); durations, flags and ids are shown.
        let entry = try await expectOne(
            .post, "/tickets/:id/time_entries", "/api/v2/tickets/\(ticketID)/time_entries",
            json: ["time_spent": "01:30", "note": "Called the bank", "billable": false],
            action: "time_entry.created", target: "time_entry", status: 201
        ) {
            change($0, "note") == withheld && change($0, "time_spent_seconds") == ["after": 5400]
                && change($0, "billable") == ["after": false]
        }
        let entryID = try #require(entry.object?.int("id"))
        try await expectOne(
            .put, "/time_entries/:id", "/api/v2/time_entries/\(entryID)", json: ["billable": true],
            action: "time_entry.updated", target: "time_entry", id: "\(entryID)", status: 200
        ) { change($0, "billable") == ["before": false, "after": true] }
        try await expectOne(
            .put, "/time_entries/:id/toggle_timer", "/api/v2/time_entries/\(entryID)/toggle_timer",
            action: "time_entry.timer_toggled", target: "time_entry", id: "\(entryID)", status: 200
        ) { $0["timer_running"] == true }
        try await expectOne(
            .delete, "/time_entries/:id", "/api/v2/time_entries/\(entryID)",
            action: "time_entry.deleted", target: "time_entry", id: "\(entryID)", status: 204
        ) { $0["ticket_id"] == .int(ticketID) }
        try await expectOne(
            .delete, "/tickets/:id", "/api/v2/tickets/\(ticketID)", action: "ticket.deleted", target: "ticket", id: "\(ticketID)",
            status: 204)
        try await expectOne(
            .put, "/tickets/:id/restore", "/api/v2/tickets/\(ticketID)/restore",
            action: "ticket.restored", target: "ticket", id: "\(ticketID)", status: 204)

        // Bulk delete: the request is recorded by the agent, each ticket the job trashes by the job.
        let bulk = try await client.call(.post, "/api/v2/tickets/bulk_delete", key: key, json: ["bulk_action": ["ids": [.int(ticketID)]]])
        let jobID = try #require(bulk.object?.string("job_id"))
        var requested = try await log.newEntries()
        #expect(requested.first?.string("action") == "ticket.bulk_delete_requested" && requested.first?.string("target_id") == jobID)
        #expect(requested.first?["details"]?.objectValue?["ticket_ids"] == [.int(ticketID)])
        covered.insert("POST /tickets/bulk_delete")
        for _ in 0..<200 {
            if requested.count >= 2 { break }
            try await Task.sleep(for: .milliseconds(20))
            requested += try await log.newEntries()
        }
        #expect(requested.count == 2, "\(requested)")
        let byJob = try #require(requested.last)
        #expect(byJob.string("action") == "ticket.deleted" && byJob.string("target_id") == "\(ticketID)")
        #expect(byJob["actor"] == ["type": "system", "name": "bulk_delete"])
        #expect(byJob["details"]?.objectValue?["job_id"] == .string(jobID))
        #expect(byJob["details"]?.objectValue?["requested_by"] == .int(admin.agentID.rawValue))

        // Agents.
        let roles = try await client.call(.get, "/api/v2/roles", key: key).array?.compactMap(\.objectValue) ?? []
        let adminRole = try #require(roles.first { $0.string("name") == "Administrator" }?.int("id"))
        let agentRole = try #require(roles.first { $0.string("name") == "Agent" }?.int("id"))
        let agent = try await expectOne(
            .post, "/agents", "/api/v2/agents", json: ["email": "dora.audit@alpha.example", "ticket_scope": 1],
            action: "agent.created", target: "agent", status: 201
        ) { change($0, "role_ids") == ["after": [.int(agentRole)]] }
        let agentID = try #require(agent.object?.int("id"))
        try await expectOne(
            .put, "/agents/:id", "/api/v2/agents/\(agentID)", json: ["role_ids": [.int(adminRole)]],
            action: "agent.role_changed", target: "agent", id: "\(agentID)", status: 200
        ) { change($0, "role_ids") == ["before": [.int(agentRole)], "after": [.int(adminRole)]] }
        try await expectOne(
            .put, "/agents/:id", "/api/v2/agents/\(agentID)", json: ["signature": "Dora"],
            action: "agent.updated", target: "agent", id: "\(agentID)", status: 200
        ) { change($0, "signature") == withheld }
        try await expectOne(
            .delete, "/agents/:id", "/api/v2/agents/\(agentID)", action: "agent.deleted", target: "agent", id: "\(agentID)",
            status: 204)
        try await expectOne(
            .put, "/contacts/:id/make_agent", "/api/v2/contacts/\(contactID)/make_agent", json: ["occasional": true],
            action: "contact.made_agent", target: "agent", id: "\(contactID)", status: 200
        ) { change($0, "occasional") == ["after": true] }

        let other = try await client.call(.post, "/api/v2/contacts", key: key, json: ["name": "Eve Gone", "email": "eve@alpha.example"])
        let otherID = try #require(other.object?.int("id"))
        _ = try await client.call(.post, "/api/v2/tickets", key: key, json: ["subject": "x", "requester_id": .int(otherID)])
        // Consent an integration collected, for the text version an admin wrote (in the console, below the API here).
        try await PortalAdministration(server.helpdesk).update(
            PortalAdministration.Update(
                name: "", welcome: "", accentColor: "#2557d6", anonymousTickets: true, consentRequired: true,
                consentText: "We keep what you send us to answer you.", widgetOrigins: []),
            by: .agent(admin.agentID, role: .admin, apiKey: nil, tenant: admin.tenant.id))
        _ = try await log.newEntries()
        try await expectOne(
            .post, "/contacts/:id/consents", "/api/v2/contacts/\(otherID)/consents", json: ["given": true],
            action: "consent.given", target: "contact", id: "\(otherID)", status: 201
        ) { $0["version"] == 1 && $0["channel"] == "api" }
        // A contact export: the request is recorded (the job itself records nothing more).
        try await expectOne(
            .post, "/contacts/export", "/api/v2/contacts/export", json: ["fields": ["default_fields": ["name", "email"]]],
            action: "contact.export_requested", target: "job", status: 202
        ) { $0["fields"] == ["name", "email"] && $0["format"] == "csv" }
        // A data package: the request is recorded, then the job records what it produced. The job may finish before
        // the log is read, so both entries are read once it has, in that order.
        let package = try await client.call(.post, "/api/v2/contacts/\(otherID)/data_package", key: key)
        #expect(package.status == 202, "\(package.text)")
        let packageID = try #require(package.object?.string("id"))
        _ = try await ExportPolling.completed(client, "/api/v2/data_packages/\(packageID)", key: key)
        let packageEntries = try await log.newEntries()
        #expect(packageEntries.compactMap { $0.string("action") } == ["contact.data_package_requested", "contact.data_package_produced"])
        let packageRequest = packageEntries.first
        #expect(
            packageRequest?.string("target_type") == "contact" && packageRequest?.string("target_id") == "\(otherID)", "\(packageEntries)")
        #expect(packageRequest?["actor"]?.objectValue?.int("api_key_id") == keyID && packageRequest?["details"]?.objectValue?["job"] != nil)
        covered.insert("POST /contacts/:id/data_package")
        try await expectOne(
            .post, "/tickets/export", "/api/v2/tickets/export", json: ["fields": ["id", "subject"], "status": [2]],
            action: "ticket.export_requested", target: "job", status: 202
        ) { $0["fields"] == ["id", "subject"] && $0["filter"] == ["status": [2]] }
        // Contact deletion: soft, restore, hard (with its tickets, consents and key).
        try await expectOne(
            .delete, "/contacts/:id", "/api/v2/contacts/\(otherID)", action: "contact.deleted", target: "contact", id: "\(otherID)",
            status: 204)
        try await expectOne(
            .put, "/contacts/:id/restore", "/api/v2/contacts/\(otherID)/restore",
            action: "contact.restored", target: "contact", id: "\(otherID)", status: 204)
        try await expectOne(
            .delete, "/contacts/:id/hard_delete", "/api/v2/contacts/\(otherID)/hard_delete?force=true",
            action: "contact.hard_deleted", target: "contact", id: "\(otherID)", status: 204
        ) { $0["tickets_deleted"] == 1 && $0["key_erased"] == true }

        // Deletions of configuration.
        try await expectOne(
            .delete, "/admin/ticket_fields/:id", "/api/v2/admin/ticket_fields/\(fieldID)",
            action: "ticket_field.deleted", target: "ticket_field", id: "\(fieldID)", status: 204)
        try await expectOne(
            .delete, "/groups/:id", "/api/v2/groups/\(groupID)", action: "group.deleted", target: "group", id: "\(groupID)",
            status: 204)
        try await expectOne(
            .delete, "/companies/:id", "/api/v2/companies/\(companyID)", action: "company.deleted", target: "company",
            id: "\(companyID)", status: 204)

        // Certificates: public facts only, never the private key.
        let material = try DomainCertificateTests.material(base: "audit.test", issuedAt: TestServer.epoch)
        let certificate = try await expectOne(
            .post, "/domain_certificates", "/api/v2/domain_certificates",
            json: ["domain": "help.audit.test", "certificate_chain": .string(material.chain), "private_key": .string(material.key)],
            action: "domain_certificate.uploaded", target: "domain_certificate", status: 201
        ) { $0["domain"] == "help.audit.test" && $0.keys.allSatisfy { !$0.contains("key") } }
        let certificateID = try #require(certificate.object?.int("id"))
        try await expectOne(
            .delete, "/domain_certificates/:id", "/api/v2/domain_certificates/\(certificateID)",
            action: "domain_certificate.removed", target: "domain_certificate", id: "\(certificateID)", status: 204)

        // Custom domains: the name and its CNAME target (public facts).
        let custom = try await expectOne(
            .post, "/custom_domains", "/api/v2/custom_domains", json: ["domain": "Portal.Audit.test"],
            action: "custom_domain.added", target: "custom_domain", status: 201
        ) { $0["domain"] == "portal.audit.test" && ($0["cname_target"]?.stringValue?.hasSuffix(".cname.localhost") ?? false) }
        let customID = try #require(custom.object?.int("id"))
        try await expectOne(
            .delete, "/custom_domains/:id", "/api/v2/custom_domains/\(customID)",
            action: "custom_domain.removed", target: "custom_domain", id: "\(customID)", status: 204
        ) { $0["domain"] == "portal.audit.test" }

        // Every writing route of the router was exercised above: a new route without an audit test fails here.
        let writing = Set(
            RouteTable.routes(helpdesk: server.helpdesk).filter { $0.method != .get }
                .map { "\($0.method.rawValue) \($0.pattern)" })
        #expect(writing.subtracting(covered).isEmpty, "not covered: \(writing.subtracting(covered).sorted())")

        // The whole log still verifies.
        if case .broken(let seq, let reason) = try await AuditVerifier(store: server.store).verify(admin.tenant.id) {
            Issue.record("chain broken at \(seq): \(reason)")
        }
    }

    /// Rejected requests change nothing and leave no change entry; the security events among them are counted per
    /// minute into one entry each, whatever their number.
    @Test func rejectedRequestsRecordOnlyAggregatedSecurityEvents() async throws {
        try await TestServer.start(tenants: ["alpha"], rateLimit: 40) { server, client in
            let admin = server.tenants[0]
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false
            )
            let before = try await server.rowCounts()

            // Validation failures, missing objects, wrong verbs: nothing at all.
            #expect(try await client.call(.post, "/api/v2/tickets", key: admin.apiKey, json: ["subject": "no requester"]).status == 400)
            #expect(try await client.call(.put, "/api/v2/tickets/999", key: admin.apiKey, json: ["status": 3]).status == 404)
            #expect(try await client.call(.delete, "/api/v2/companies/999", key: admin.apiKey).status == 404)
            #expect(try await client.call(.post, "/api/v2/groups", key: admin.apiKey, json: ["name": ""]).status == 400)
            // Security events: five failed logins from one address, three with one wrong key and two with another...
            for wrong in [
                "WRONGKEYaaaaaaaaaaaaaaaaaaaa", "WRONGKEYaaaaaaaaaaaaaaaaaaaa", "WRONGKEYaaaaaaaaaaaaaaaaaaaa",
                "OTHERKEYbbbbbbbbbbbbbbbbbbbb",
            ] {
                #expect(try await client.call(.get, "/api/v2/tickets", key: wrong, host: "alpha.localhost").status == 401)
            }
            _ = try await client.call(.get, "/api/v2/tickets", key: "OTHERKEYbbbbbbbbbbbbbbbbbbbb", host: "alpha.localhost")
            // ...a permission denial twice...
            for _ in 0..<2 {
                #expect(try await client.call(.post, "/api/v2/groups", key: plain.apiKey, json: ["name": "Nope"]).status == 403)
            }
            // ...and a rate-limit trip (40 per minute for the tenant).
            var limited = 0
            for _ in 0..<45 where try await client.call(.get, "/api/v2/groups", key: plain.apiKey).status == 429 { limited += 1 }
            #expect(limited > 0)
            #expect(try await server.rowCounts() == before, "a rejected request changed something")

            try await server.flushSecurityEvents()
            let records = try await AuditReader(store: server.store).page(
                admin.tenant.id, AuditFilter(), page: PageRequest(page: 1, perPage: 100)
            ).items.filter { $0.entry.seq > 0 && $0.entry.action.hasPrefix("security.") }
            let failed = records.filter { $0.entry.action == "security.authentication_failed" }
            // One entry for the address, whatever keys it tried: the prefixes are details.
            #expect(failed.count == 1, "\(failed.map(\.json))")
            #expect(failed.first?.details?["key_prefixes"] == ["WRONGK", "OTHERK"])
            #expect(failed.first?.details?["count"] == 5)
            #expect(failed.allSatisfy { $0.entry.actorType == "anonymous" && $0.sourceIP == "127.0.0.1" })
            let denied = records.filter { $0.entry.action == "security.permission_denied" }
            #expect(denied.count == 1 && denied.first?.details?["count"] == 2, "\(denied.map(\.json))")
            #expect(denied.first?.entry.actorID == plain.agentID.rawValue && denied.first?.entry.targetID == "POST /groups")
            let tripped = records.filter { $0.entry.action == "security.rate_limited" }
            #expect(tripped.count == 1 && tripped.first?.details?["count"] == .int(Int64(limited)), "\(tripped.map(\.json))")
            #expect(records.count == 3)
            // Only those three entries were added.
            let after = try await server.rowCounts()
            #expect(after["audit_events"] == (before["audit_events"] ?? 0) + 3)
        }
    }

    /// `GET /audit_log`: administrators only; filters combine; pages carry a `Link` to the next one only when it exists.
    @Test func theAuditLogFiltersAndPagesForAdministratorsOnly() async throws {
        try await TestServer.start(tenants: ["alpha"]) { server, client in
            let admin = server.tenants[0]
            let key = admin.apiKey
            for n in 1...3 {
                _ = try await client.call(.post, "/api/v2/groups", key: key, json: ["name": .string("Group \(n)")])
                server.clock.advance(seconds: 3600)
            }
            let ticket = try await client.call(.post, "/api/v2/tickets", key: key, json: ["subject": "s", "email": "t@alpha.example"])
            let ticketID = try #require(ticket.object?.int("id"))
            _ = try await client.call(.put, "/api/v2/tickets/\(ticketID)", key: key, json: ["priority": 4])

            func actions(_ query: String) async throws -> [String] {
                let response = try await client.call(.get, "/api/v2/audit_log?\(query)", key: key)
                #expect(response.status == 200, "\(query): \(response.text.prefix(200))")
                return (response.array ?? []).compactMap { $0.objectValue?.string("action") }
            }
            #expect(try await actions("action=group.created") == ["group.created", "group.created", "group.created"])
            #expect(try await actions("action=ticket.*") == ["ticket.updated", "ticket.created"])
            #expect(try await actions("target_type=ticket&target_id=\(ticketID)") == ["ticket.updated", "ticket.created"])
            #expect(try await actions("actor=operator") == ["tenant.created"])
            #expect(try await actions("actor=\(admin.agentID)&action=group.created&since=2024-05-01T10:30:00Z").count == 2)
            #expect(try await actions("until=2024-05-01T10:30:00Z&action=group.created").count == 1)
            // The ticket's new requester was created with it: one entry, saying so.
            let created = try await client.call(.get, "/api/v2/audit_log?action=ticket.created", key: key).array?.first?.objectValue
            #expect(created?["details"]?.objectValue?["requester_created"] == true)
            #expect(try await actions("actor=agent&action=contact.created").isEmpty)

            // Pages: newest first, Link only while more exist; the page right after the last is empty, not an error.
            let first = try await client.call(.get, "/api/v2/audit_log?per_page=2", key: key)
            #expect(first.array?.count == 2 && first.header("Link")?.contains("page=2") == true)
            let total = try await server.store.read { sql in
                try await sql.scalar("SELECT count(*) AS n FROM audit_events WHERE tenant_id = \(admin.tenant.id)")
            }
            let lastPage = (total + 1) / 2
            let last = try await client.call(.get, "/api/v2/audit_log?per_page=2&page=\(lastPage)", key: key)
            #expect(last.status == 200 && last.header("Link") == nil && (last.array?.count ?? 0) >= 1)
            let after = try await client.call(.get, "/api/v2/audit_log?per_page=2&page=\(lastPage + 1)", key: key)
            #expect(after.status == 200 && after.array?.isEmpty == true)
            let beyond = try await client.call(.get, "/api/v2/audit_log?per_page=2&page=\(lastPage + 2)", key: key)
            #expect(beyond.status == 400 && beyond.hasFieldError("page", "invalid_value"), "\(beyond.text)")

            // Agents and supervisors are refused (and the refusal is itself counted as a security event).
            for role in [AgentRole.agent, .supervisor] {
                let other = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                    tenantSubdomain: "alpha", email: "\(role.rawValue)@alpha.example", name: "Other", role: role, occasional: false)
                #expect(try await client.call(.get, "/api/v2/audit_log", key: other.apiKey).status == 403)
            }
        }
    }
}
