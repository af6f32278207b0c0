import HavenApp
import HavenCore
import HavenStore

/// The description of every route, by `METHOD /pattern` as the route table writes it. The test that compares the
/// description with the route table fails on a route missing here, or on an entry here with no route.
enum OperationCatalog {
    typealias O = OperationSpec
    typealias S = Schema
    typealias R = RequestSchemas

    static var all: [String: OperationSpec] {
        var catalog = self.tickets
        catalog.merge(self.people) { first, _ in first }
        catalog.merge(self.administration) { first, _ in first }
        return catalog
    }

    static let tickets: [String: OperationSpec] = [
        "POST /tickets": O.create("Create a ticket", "Ticket", body: R.ticket(creating: true)),
        "GET /tickets": O.list(
            "List tickets", of: "Ticket",
            query: [
                ("filter", S.oneOf(["new_and_my_open", "watching", "spam", "deleted"])), ("requester_id", S.positiveID),
                ("email", S.string), ("unique_external_id", S.string), ("company_id", S.positiveID), ("updated_since", S.dateTime),
                ("order_by", S.oneOf(["created_at", "due_by", "updated_at", "status"])), ("order_type", S.oneOf(["asc", "desc"])),
                ("include", O.include),
            ]),
        "GET /tickets/:id": O.view("View a ticket", "Ticket", query: [("include", O.include)]),
        "PUT /tickets/:id": O.update("Update a ticket", "Ticket", body: R.ticket(creating: false)),
        "DELETE /tickets/:id": O.noContent("Move a ticket to the trash"),
        "PUT /tickets/:id/restore": O.noContent("Restore a ticket from the trash"),
        "POST /tickets/bulk_delete": O(
            summary: "Delete tickets in the background", body: R.bulkDelete, status: 202,
            response: S.record([("job_id", S.string), ("href", S.string)])),
        "GET /tickets/:id/conversations": O.list("List a ticket's conversations", of: "Conversation"),
        "POST /tickets/:id/reply": O.create("Reply to a ticket", "Conversation", body: R.reply),
        "POST /tickets/:id/notes": O.create("Add a note to a ticket", "Conversation", body: R.note),
        "PUT /conversations/:id": O.update("Edit a note", "Conversation", body: R.conversationUpdate),
        "DELETE /conversations/:id": O.noContent("Delete a conversation"),
        "GET /time_entries": O.list(
            "List time entries", of: "TimeEntry",
            query: [
                ("company_id", S.positiveID), ("agent_id", S.positiveID), ("executed_after", S.dateTime),
                ("executed_before", S.dateTime), ("billable", S.boolean),
            ]),
        "GET /tickets/:id/time_entries": O.list("List a ticket's time entries", of: "TimeEntry"),
        "POST /tickets/:id/time_entries": O.create("Add a time entry to a ticket", "TimeEntry", body: R.timeEntry),
        "GET /time_entries/:id": O.view("View a time entry", "TimeEntry"),
        "PUT /time_entries/:id": O.update("Update a time entry", "TimeEntry", body: R.timeEntry),
        "PUT /time_entries/:id/toggle_timer": O.view("Start or stop a time entry's timer", "TimeEntry"),
        "DELETE /time_entries/:id": O.noContent("Delete a time entry"),
        "GET /search/tickets": O(summary: "Search tickets", query: O.searchQuery, response: O.searchResult("Ticket")),
        "GET /search/contacts": O(summary: "Search contacts", query: O.searchQuery, response: O.searchResult("Contact")),
        "GET /search/companies": O(summary: "Search companies", query: O.searchQuery, response: O.searchResult("Company")),
        "GET /ticket_fields": O(
            summary: "List ticket fields", query: [("type", S.string)] + O.page, response: S.array(S.reference("TicketField"))),
    ]

    static let people: [String: OperationSpec] = [
        "POST /contacts": O.create("Create a contact", "Contact", body: R.contact(creating: true)),
        "GET /contacts": O.list(
            "List contacts", of: "Contact",
            query: [
                ("email", S.string), ("mobile", S.string), ("phone", S.string), ("company_id", S.positiveID),
                ("state", S.oneOf(["blocked", "deleted", "unverified", "verified"])), ("contact_type", S.oneOf(["contact", "visitor"])),
                ("updated_since", S.dateTime), ("_updated_since", S.dateTime),
            ]),
        "GET /contacts/autocomplete": O(
            summary: "Contacts whose name starts with a term", query: [("term", S.string)],
            response: S.array(S.reference("NamedRecord"))),
        "GET /contacts/:id": O.view("View a contact", "Contact"),
        "PUT /contacts/:id": O.update("Update a contact", "Contact", body: R.contact(creating: false)),
        "DELETE /contacts/:id": O.noContent("Soft-delete a contact"),
        "PUT /contacts/:id/restore": O.noContent("Restore a soft-deleted contact"),
        "DELETE /contacts/:id/hard_delete": O.noContent(
            "Delete a contact forever, with its tickets, and erase its key", query: [("force", S.boolean)]),
        "PUT /contacts/:id/make_agent": O.update("Make a contact an agent", "Contact", body: R.makeAgent),
        "POST /contacts/export": OperationSpec(
            summary: "Export contacts (a background job; follow it with GET /contacts/export/{id})",
            body: S.object(
                [
                    (
                        "fields",
                        S.object(
                            [("default_fields", S.array(S.oneOf(ExportKind.contacts.fields))), ("custom_fields", S.array(S.string))],
                            required: ["default_fields"], closed: true)
                    ), ("format", S.oneOf(ExportKind.formats)),
                ], required: ["fields"], closed: true),
            status: 202, response: S.record([("id", S.string)])),
        "GET /contacts/export/{id}": O(
            summary: "An export's status, and its download link once completed",
            response: S.record([
                ("id", S.string), ("status", S.oneOf(["in_progress", "completed", "failed"])), ("progress", S.integer),
                ("created_at", S.dateTime), ("updated_at", S.dateTime),
            ])),
        "GET /contacts/export/{id}/download": OperationSpec(summary: "The export's file (CSV or JSON), for 24 hours"),
        "POST /tickets/export": OperationSpec(
            summary: "Export tickets (a background job; follow it with GET /tickets/export/{id})",
            body: S.object(
                [
                    ("fields", S.array(S.oneOf(ExportKind.tickets.fields))), ("format", S.oneOf(ExportKind.formats)),
                    ("status", S.array(S.integer)), ("priority", S.array(S.integer)), ("group_id", S.integer),
                    ("date_field", S.oneOf(TicketExportFilter.DateField.allCases.map(\.rawValue))), ("from", S.dateTime),
                    ("to", S.dateTime),
                ], required: ["fields"], closed: true),
            status: 202, response: S.record([("id", S.string)])),
        "GET /tickets/export/{id}": O(
            summary: "A ticket export's status, and its download link once completed",
            response: S.record([
                ("id", S.string), ("status", S.oneOf(["in_progress", "completed", "failed"])), ("progress", S.integer),
                ("created_at", S.dateTime), ("updated_at", S.dateTime),
            ])),
        "GET /tickets/export/{id}/download": OperationSpec(summary: "The ticket export's file (CSV or JSON), for 24 hours"),
        "GET /agents/autocomplete": O(
            summary: "Agents whose name or e-mail starts with a term (at most 25)", query: [("term", S.string)],
            response: S.array(S.record([("id", S.integer), ("name", S.string), ("email", S.nullable(S.string))]))),
        "GET /canned_response_folders": O(
            summary: "The canned response folders, with their counts",
            response: S.array(S.record([("id", S.integer), ("name", S.string), ("responses_count", S.integer)]))),
        "GET /canned_response_folders/:id": O(
            summary: "A folder with its canned responses",
            response: S.record([("id", S.integer), ("name", S.string), ("canned_responses", S.array(S.reference("CannedResponse")))])),
        "GET /canned_response_folders/:id/responses": O(
            summary: "A folder's canned responses", response: S.array(S.reference("CannedResponse"))),
        "POST /canned_response_folders": OperationSpec(
            summary: "Create a folder (supervisors and admins)", body: S.object([("name", S.string)], required: ["name"], closed: true),
            status: 201, response: S.record([("id", S.integer), ("name", S.string)])),
        "PUT /canned_response_folders/:id": OperationSpec(
            summary: "Rename a folder", body: S.object([("name", S.string)], required: ["name"], closed: true),
            response: S.record([("id", S.integer), ("name", S.string)])),
        "GET /canned_responses/:id": O(summary: "A canned response", response: S.reference("CannedResponse")),
        "POST /canned_responses": OperationSpec(
            summary: "Create a canned response; placeholders such as {{ticket.requester.name}} are checked",
            body: S.object(
                [
                    ("title", S.string), ("content_html", S.string), ("folder_id", S.integer), ("visibility", S.oneOf([0])),
                    ("group_ids", S.array(S.integer)),
                ],
                required: ["title", "content_html", "folder_id"],
                closed: true),
            status: 201, response: S.reference("CannedResponse")),
        "PUT /canned_responses/:id": OperationSpec(
            summary: "Change a canned response",
            body: S.object(
                [
                    ("title", S.string), ("content_html", S.string), ("folder_id", S.integer), ("visibility", S.oneOf([0])),
                    ("group_ids", S.array(S.integer)),
                ], required: [], closed: true),
            response: S.reference("CannedResponse")),
        "DELETE /canned_responses/:id": O.noContent("Delete a canned response"),
        "GET /solutions/categories": O(
            summary: "The knowledge base's categories, by name", response: S.array(S.reference("SolutionCategory"))),
        "POST /solutions/categories": O.create(
            "Create a category (supervisors and administrators)", "SolutionCategory",
            body: S.object(ResourceSchemas.solutionCategoryInput, required: ["name"], closed: true)),
        "GET /solutions/categories/:id": O.view("A category", "SolutionCategory"),
        "PUT /solutions/categories/:id": O.update(
            "Change a category", "SolutionCategory", body: S.object(ResourceSchemas.solutionCategoryInput, closed: true)),
        "DELETE /solutions/categories/:id": O.noContent("Delete a category with its folders and articles"),
        "GET /solutions/categories/:id/folders": O(
            summary: "A category's top-level folders", response: S.array(S.reference("SolutionFolder"))),
        "POST /solutions/categories/:id/folders": O.create(
            "Create a folder in a category", "SolutionFolder",
            body: S.object(ResourceSchemas.solutionFolderInput, required: ["name", "visibility"], closed: true)),
        "GET /solutions/folders/:id": O.view("A folder", "SolutionFolder"),
        "PUT /solutions/folders/:id": O.update(
            "Change or move a folder (parent_folder_id, category_id); a move into itself is refused", "SolutionFolder",
            body: S.object(
                ResourceSchemas.solutionFolderInput + [("parent_folder_id", S.nullable(S.integer)), ("category_id", S.integer)],
                closed: true)),
        "DELETE /solutions/folders/:id": O.noContent("Delete a folder with its sub-folders and articles"),
        "GET /solutions/folders/:id/subfolders": O(summary: "A folder's sub-folders", response: S.array(S.reference("SolutionFolder"))),
        "POST /solutions/folders/:id/subfolders": O.create(
            "Create a sub-folder (five levels at most)", "SolutionFolder",
            body: S.object(ResourceSchemas.solutionFolderInput, required: ["name", "visibility"], closed: true)),
        "GET /solutions/folders/:id/articles": O.list(
            "A folder's articles, drafts too, most recently changed first", of: "SolutionArticle"),
        "POST /solutions/folders/:id/articles": O.create(
            "Create an article (status 1 draft, 2 published)", "SolutionArticle",
            body: S.object(ResourceSchemas.solutionArticleInput, required: ["title", "description", "status"], closed: true)),
        "GET /solutions/articles/:id": O.view("An article", "SolutionArticle"),
        "PUT /solutions/articles/:id": O.update(
            "Change an article; folder_id moves it", "SolutionArticle",
            body: S.object(ResourceSchemas.solutionArticleInput + [("folder_id", S.integer)], closed: true)),
        "DELETE /solutions/articles/:id": O.noContent("Delete an article"),
        "GET /search/solutions": O(
            summary: "The 30 articles best matching the words of term", query: [("term", S.string)],
            response: S.array(S.reference("SolutionArticle"))),
        "GET /skills": O(summary: "The skills, by rank", response: S.array(S.reference("Skill"))),
        "GET /skills/:id": O.view("A skill", "Skill"),
        "POST /skills": O.create(
            "Create a skill (administrators): new tickets without an agent that match it go to its least-loaded agent", "Skill",
            body: S.object(ResourceSchemas.skillInput, required: ["name"], closed: true)),
        "PUT /skills/:id": O.update("Change a skill", "Skill", body: S.object(ResourceSchemas.skillInput, closed: true)),
        "DELETE /skills/:id": O.noContent("Delete a skill"),
        "GET /admin/skills": O(summary: "The skills, by rank", response: S.array(S.reference("Skill"))),
        "GET /admin/skills/:id": O.view("A skill", "Skill"),
        "POST /admin/skills": O.create(
            "Create a skill (administrators): new tickets without an agent that match it go to its least-loaded agent", "Skill",
            body: S.object(ResourceSchemas.skillInput, required: ["name"], closed: true)),
        "PUT /admin/skills/:id": O.update("Change a skill", "Skill", body: S.object(ResourceSchemas.skillInput, closed: true)),
        "DELETE /admin/skills/:id": O.noContent("Delete a skill"),
        "GET /discussions/categories": O(summary: "The forum categories, by name", response: S.array(S.reference("ForumCategory"))),
        "POST /discussions/categories": O.create(
            "Create a forum category (supervisors and administrators)", "ForumCategory",
            body: S.object(ResourceSchemas.forumCategoryInput, required: ["name"], closed: true)),
        "GET /discussions/categories/:id": O.view("A forum category", "ForumCategory"),
        "PUT /discussions/categories/:id": O.update(
            "Change a forum category", "ForumCategory", body: S.object(ResourceSchemas.forumCategoryInput, closed: true)),
        "DELETE /discussions/categories/:id": O.noContent("Delete a forum category with its forums, topics and posts"),
        "GET /discussions/categories/:id/forums": O(summary: "A category's forums", response: S.array(S.reference("Forum"))),
        "POST /discussions/categories/:id/forums": O.create(
            "Create a forum", "Forum",
            body: S.object(ResourceSchemas.forumInput, required: ["name", "forum_type", "forum_visibility"], closed: true)),
        "GET /discussions/forums/:id": O.view("A forum", "Forum"),
        "PUT /discussions/forums/:id": O.update(
            "Change or move a forum", "Forum",
            body: S.object(ResourceSchemas.forumInput + [("forum_category_id", S.integer)], closed: true)),
        "DELETE /discussions/forums/:id": O.noContent("Delete a forum with its topics and posts"),
        "GET /discussions/forums/:id/topics": O.list("A forum's topics, pinned first, then by latest activity", of: "Topic"),
        "POST /discussions/forums/:id/topics": O.create(
            "Open a topic (its message is the first post; sticky and locked for moderators)", "Topic",
            body: S.object(ResourceSchemas.topicInput, required: ["title", "message"], closed: true)),
        "GET /discussions/topics/:id": O.view("A topic with its message", "Topic"),
        "PUT /discussions/topics/:id": O.update(
            "Change a topic (its author: title and message; moderators: anything, and moving it)", "Topic",
            body: S.object(ResourceSchemas.topicInput + [("forum_id", S.integer)], closed: true)),
        "DELETE /discussions/topics/:id": O.noContent("Delete a topic with its posts (its author or a moderator)"),
        "GET /discussions/topics/:id/comments": O.list("A topic's posts, oldest first", of: "ForumComment"),
        "POST /discussions/topics/:id/comments": O.create(
            "Reply in a topic (not a locked one)", "ForumComment",
            body: S.object([("body", S.string)], required: ["body"], closed: true)),
        "PUT /discussions/comments/:id": O.update(
            "Change a post (its author or a moderator) or mark the answer", "ForumComment",
            body: S.object([("body", S.string), ("answer", S.boolean)], closed: true)),
        "DELETE /discussions/comments/:id": O.noContent("Delete a reply (a topic's message goes with its topic)"),
        "GET /business_hours": O(summary: "The business hours, the default first", response: S.array(S.reference("BusinessHours"))),
        "GET /business_hours/:id": O(summary: "A set of business hours", response: S.reference("BusinessHours")),
        "POST /business_hours": OperationSpec(
            summary: "Create business hours (administrators); the first becomes the default",
            body: S.object(ResourceSchemas.businessHoursInput, required: ["name", "time_zone", "business_hours"], closed: true),
            status: 201, response: S.reference("BusinessHours")),
        "PUT /business_hours/:id": OperationSpec(
            summary: "Change business hours", body: S.object(ResourceSchemas.businessHoursInput, required: [], closed: true),
            response: S.reference("BusinessHours")),
        "DELETE /business_hours/:id": O.noContent("Delete business hours no group counts in (not the default while others exist)"),
        "GET /sla_policies": O(summary: "The SLA policies in the order they are tried", response: S.array(S.reference("SLAPolicy"))),
        "GET /sla_policies/:id": O(summary: "An SLA policy", response: S.reference("SLAPolicy")),
        "POST /sla_policies": OperationSpec(
            summary: "Create an SLA policy (administrators): targets for every priority, conditions unless it is the default",
            body: S.object(ResourceSchemas.slaPolicyInput, required: ["name", "sla_target"], closed: true),
            status: 201, response: S.reference("SLAPolicy")),
        "PUT /sla_policies/:id": OperationSpec(
            summary: "Change an SLA policy (tickets follow from their next change)",
            body: S.object(ResourceSchemas.slaPolicyInput, required: [], closed: true), response: S.reference("SLAPolicy")),
        "DELETE /sla_policies/:id": O.noContent("Delete an SLA policy other than the default"),
        "POST /contacts/:id/data_package": OperationSpec(
            summary: "Everything about a contact as a zip with a manifest (a background job; follow it with GET /data_packages/{id})",
            status: 202, response: S.record([("id", S.string), ("status_url", S.string)])),
        "GET /data_packages/{id}": O(
            summary: "A data-subject package's status, and its download link once completed",
            response: S.record([
                ("id", S.string), ("status", S.oneOf(["in_progress", "completed", "failed"])), ("progress", S.integer),
                ("created_at", S.dateTime), ("updated_at", S.dateTime),
            ])),
        "GET /data_packages/{id}/download": OperationSpec(summary: "The package (application/zip), for 24 hours"),
        "GET /attachments/:id": OperationSpec(summary: "A ticket file's bytes, always as a download (Content-Disposition: attachment)"),
        "GET /contacts/:id/consents": O(summary: "A contact's consent ledger, newest first", response: S.array(S.reference("Consent"))),
        "POST /contacts/:id/consents": O.create(
            "Record a consent given or withdrawn through an integration", "Consent",
            body: S.object([("given", S.boolean), ("version", ["type": "integer", "minimum": 1])], required: ["given"], closed: true)),
        "GET /scenario_automations": O(summary: "The scenario automations, by name", response: S.array(S.reference("Scenario"))),
        "GET /scenario_automations/:id": O(summary: "A scenario automation", response: S.reference("Scenario")),
        "POST /scenario_automations": OperationSpec(
            summary: "Create a scenario (supervisors and administrators)",
            body: S.object(ResourceSchemas.scenarioInput, required: ["name", "actions"], closed: true), status: 201,
            response: S.reference("Scenario")),
        "PUT /scenario_automations/:id": OperationSpec(
            summary: "Change a scenario", body: S.object(ResourceSchemas.scenarioInput, required: [], closed: true),
            response: S.reference("Scenario")),
        "DELETE /scenario_automations/:id": O.noContent("Delete a scenario"),
        "POST /tickets/:id/scenario_automations/:scenario_id/execute": OperationSpec(
            summary: "Run a scenario on a ticket: all its actions in one change, or none", response: S.reference("Ticket")),
        "GET /tickets/:id/summary": O(summary: "A ticket's summary (404 when none)", response: S.reference("TicketSummary")),
        "PUT /tickets/:id/summary": OperationSpec(
            summary: "Write a ticket's summary (creating it when there is none)",
            body: S.object([("body", S.string)], required: ["body"], closed: true), response: S.reference("TicketSummary")),
        "DELETE /tickets/:id/summary": O.noContent("Delete a ticket's summary"),
        "GET /email_configs": O(
            summary: "The support addresses (the built-in one first), read-only", response: S.array(S.reference("EmailConfig"))),
        "GET /email_configs/:id": O(summary: "A support address", response: S.reference("EmailConfig")),
        "GET /email/mailboxes": O(
            summary: "The support addresses as mailboxes (all forwarded to Haven), read-only", response: S.array(S.reference("Mailbox"))),
        "GET /email/mailboxes/:id": O(summary: "A support address as a mailbox", response: S.reference("Mailbox")),
        "GET /surveys": O(
            summary: "The satisfaction surveys, the active one first", query: [("state", S.oneOf(["active"]))],
            response: S.array(S.reference("Survey"))),
        "POST /surveys": OperationSpec(
            summary: "Create a survey (administrators); the first is made active",
            body: S.object(ResourceSchemas.surveyInput, required: ["title"], closed: true), status: 201, response: S.reference("Survey")),
        "PUT /surveys/:id": OperationSpec(
            summary: "Change a survey's title or questions, or make it the active one",
            body: S.object(ResourceSchemas.surveyInput, required: [], closed: true), response: S.reference("Survey")),
        "GET /surveys/satisfaction_ratings": O(
            summary: "Satisfaction ratings, oldest first", query: [("created_since", S.dateTime)],
            response: S.array(S.reference("SatisfactionRating"))),
        "GET /tickets/:id/satisfaction_ratings": O(
            summary: "A ticket's satisfaction ratings", response: S.array(S.reference("SatisfactionRating"))),
        "POST /tickets/:id/satisfaction_ratings": OperationSpec(
            summary: "Record the requester's rating of a ticket against the active survey",
            body: S.object([("ratings", S.anyObject), ("feedback", S.string)], required: ["ratings"], closed: true), status: 201,
            response: S.reference("SatisfactionRating")),
        "GET /contact_fields": O(summary: "The contact fields: built-in, then custom", response: S.array(S.reference("ContactField"))),
        "GET /contact_fields/:id": O(summary: "A contact field", response: S.reference("ContactField")),
        "POST /contact_fields": OperationSpec(
            summary: "Create a custom contact field (administrators)",
            body: S.object(
                ResourceSchemas.recordFieldInput + [("type", S.oneOf(RecordFields.types))], required: ["label", "type"], closed: true),
            status: 201, response: S.reference("ContactField")),
        "PUT /contact_fields/:id": OperationSpec(
            summary: "Change a custom contact field", body: S.object(ResourceSchemas.recordFieldInput, required: [], closed: true),
            response: S.reference("ContactField")),
        "DELETE /contact_fields/:id": O.noContent("Delete a custom contact field and its values"),
        "GET /company_fields": O(summary: "The company fields: built-in, then custom", response: S.array(S.reference("ContactField"))),
        "GET /company_fields/:id": O(summary: "A company field", response: S.reference("ContactField")),
        "POST /company_fields": OperationSpec(
            summary: "Create a custom company field (administrators)",
            body: S.object(
                ResourceSchemas.recordFieldInput + [("type", S.oneOf(RecordFields.types))], required: ["label", "type"], closed: true),
            status: 201, response: S.reference("ContactField")),
        "PUT /company_fields/:id": OperationSpec(
            summary: "Change a custom company field", body: S.object(ResourceSchemas.recordFieldInput, required: [], closed: true),
            response: S.reference("ContactField")),
        "DELETE /company_fields/:id": O.noContent("Delete a custom company field and its values"),
        "GET /agents": O.list(
            "List agents", of: "Agent",
            query: [("email", S.string), ("mobile", S.string), ("phone", S.string), ("state", S.oneOf(["fulltime", "occasional"]))]),
        "GET /agents/me": O.view("The agent owning the API key", "Agent"),
        "GET /agents/:id": O.view("View an agent", "Agent"),
        "POST /agents": O.create("Create an agent", "Agent", body: R.agent(creating: true)),
        "PUT /agents/:id": O.update("Update an agent", "Agent", body: R.agent(creating: false)),
        "DELETE /agents/:id": O.noContent("Turn an agent back into a contact"),
        "GET /groups": O.list("List groups", of: "Group"),
        "GET /groups/:id": O.view("View a group", "Group"),
        "POST /groups": O.create("Create a group", "Group", body: R.group(creating: true)),
        "PUT /groups/:id": O.update("Update a group", "Group", body: R.group(creating: false)),
        "DELETE /groups/:id": O.noContent("Delete a group"),
        "GET /roles": O(summary: "List roles", query: O.page, response: S.array(S.reference("Role"))),
        "GET /roles/:id": O.view("View a role", "Role"),
        "GET /companies": O.list("List companies", of: "Company", query: [("updated_since", S.dateTime)]),
        "GET /companies/autocomplete": O(
            summary: "Companies whose name starts with a term", query: [("name", S.string)],
            response: S.record([("companies", S.array(S.reference("NamedRecord")))])),
        "GET /companies/:id": O.view("View a company", "Company"),
        "POST /companies": O.create("Create a company", "Company", body: R.company(creating: true)),
        "PUT /companies/:id": O.update("Update a company", "Company", body: R.company(creating: false)),
        "DELETE /companies/:id": O.noContent("Delete a company"),
    ]

    static let administration: [String: OperationSpec] = [
        "GET /admin/ticket_fields": O(
            summary: "List ticket fields (administrators)", query: O.page, response: S.array(S.reference("AdminTicketField"))),
        "GET /admin/ticket_fields/:id": O.view("View a ticket field", "AdminTicketField"),
        "POST /admin/ticket_fields": O.create("Create a custom ticket field", "AdminTicketField", body: R.ticketField(creating: true)),
        "PUT /admin/ticket_fields/:id": O.update("Update a ticket field", "AdminTicketField", body: R.ticketField(creating: false)),
        "DELETE /admin/ticket_fields/:id": O.noContent("Delete a custom ticket field"),
        "GET /settings/helpdesk": O(summary: "Helpdesk settings", response: S.anyObject),
        "GET /account": O.view("The account", "Account"),
        "GET /products": O(summary: "List products (none are modelled: always empty)", query: O.page, response: S.array(S.anyObject)),
        "GET /jobs/{id}": O.view("A background job's progress", "Job"),
        "GET /audit_log": O.list(
            "The audit log, newest first (administrators)", of: "AuditEntry",
            query: [
                ("since", S.dateTime), ("until", S.dateTime), ("actor", S.string), ("action", S.string), ("target_type", S.string),
                ("target_id", S.string),
            ]),
        "POST /custom_domains": O.create("Add a custom portal domain", "CustomDomain", body: R.customDomain),
        "GET /custom_domains": O(summary: "List custom domains", query: O.page, response: S.array(S.reference("CustomDomain"))),
        "GET /custom_domains/:id": O.view("View a custom domain", "CustomDomain"),
        "DELETE /custom_domains/:id": O.noContent("Remove a custom domain and its certificate"),
        "GET /custom_domains/:id/check": O(
            summary: "Diagnose a custom domain (DNS, CAA, challenge path, certificates)", response: S.anyObject),
        "POST /domain_certificates": O(
            summary: "Upload a certificate for a custom domain (201 new, 200 replaced)", body: R.domainCertificate, status: 201,
            response: S.reference("DomainCertificate")),
        "GET /domain_certificates": O(
            summary: "List uploaded certificates", query: O.page, response: S.array(S.reference("DomainCertificate"))),
        "DELETE /domain_certificates/:id": O.noContent("Delete an uploaded certificate"),
        "GET /openapi.json": O(summary: "This description", response: S.anyObject),
    ]
}
