import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenStore

/// The agent console's tickets: the list with the API's views, search and paging, and one ticket with its thread,
/// reply, private note and properties — through the same use cases, permissions and audit entries as `/api/v2`.
extension WebPages {
    static let perPageChoices = [10, 30, 50, 100]

    static func statusClass(_ status: TicketStatus) -> String {
        switch status {
        case .open: return "red"
        case .pending, .waitingOnCustomer: return "amber"
        case .resolved, .closed: return "green"
        }
    }

    func tickets(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let principal = signedIn.principal
        let perPage = request.query["per_page"].flatMap(Int.init).flatMap { Self.perPageChoices.contains($0) ? $0 : nil } ?? 30
        let page = max(1, min(request.query["page"].flatMap(Int.init) ?? 1, 1_000))
        let view = request.query["view"] ?? "all"
        let q = request.query.text("q")
        var error: String?
        var rows: [TicketRowsHTML.Row] = []
        var hasMore = false
        let queries = TicketQueries(self.helpdesk)
        if let q {
            // Words search the text; anything with a colon is the API's query language (status:2 AND priority:4).
            let expression = q.contains(":") ? "\"\(q)\"" : "\"text:'\(q.replacingOccurrences(of: "'", with: " "))'\""
            do {
                let found = try await queries.search(
                    try SearchQueryParser.parse(expression), page: PageRequest(page: page, perPage: perPage), by: principal)
                let names = try await ContactQueries(self.helpdesk).names(found.tickets.map(\.requesterID), by: principal)
                rows = found.tickets.map { TicketRowsHTML.row($0, requester: names[$0.requesterID]) }
                hasMore = Int64(page * perPage) < found.total
            } catch let failure as HavenError {
                error = failure.fieldErrors.first?.message ?? failure.message
            }
        } else {
            var list = TicketQueries.ListRequest()
            switch view {
            case "mine": list.query.filter = .newAndMyOpen(signedIn.person.id)
            case "deleted": list.query.filter = .deleted
            case "spam": list.query.filter = .spam
            default: break
            }
            list.query.order = .updatedAt
            list.query.subjectsOnly = true
            // One read: the page of tickets and their requesters' names.
            let listing = try await queries.list(
                list, page: PageRequest(page: page, perPage: perPage), including: [.requesterNames], by: principal)
            rows = listing.tickets.items.map { TicketRowsHTML.row($0, requester: listing.requesterNames[$0.requesterID]) }
            hasMore = listing.tickets.hasMore
        }
        func link(_ page: Int) -> String {
            var parameters = ["page=\(page)", "per_page=\(perPage)"]
            if let q { parameters.append("q=" + Self.percentEncode(q)) } else { parameters.append("view=" + Self.percentEncode(view)) }
            return request.site.prefix + "/tickets?" + parameters.joined(separator: "&")
        }
        let views: [[String: Any]] = [("all", "All tickets"), ("mine", "New and my open"), ("deleted", "Trash"), ("spam", "Spam")].map {
            ["href": request.site.prefix + "/tickets?view=\($0.0)&per_page=\(perPage)", "label": $0.1, "current": q == nil && view == $0.0]
        }
        var values: [String: Any] = [
            "ticket_rows": TicketRowsHTML.html(rows, prefix: request.site.prefix), "views": views, "page": String(page),
            "per_page": String(perPage),
            "per_page_options": Self.perPageChoices.map { ["value": String($0), "selected": $0 == perPage] },
        ]
        if let q { values["q"] = q } else { values["view"] = view }
        values["can_export"] = signedIn.role.map { PermissionPolicy.allows($0, .exportData) } ?? false
        if page > 1 { values["previous"] = link(page - 1) }
        if hasMore { values["next"] = link(page + 1) }
        return self.render("tickets", request, current: "/tickets", error: error, status: error == nil ? .ok : .badRequest, values)
    }

    /// `error` and `typed` re-show the page after a refused form, with what was typed still in it.
    func ticket(
        _ request: WebRequest, _ signedIn: SignedIn, id: TicketID, error: String? = nil, typed: [String: String] = [:]
    ) async throws -> WebResponse {
        let principal = signedIn.principal
        let view: TicketQueries.View
        let version: String
        do {
            // The version first: a change landing between the two reads makes the form older, never newer.
            version = try await TicketQueries(self.helpdesk).version(id, by: principal)
            view = try await TicketQueries(self.helpdesk).view(id, including: [.requester], by: principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Ticket not found", "There is no ticket #\(id) in \(request.tenant.name).")
        }
        let ticket = view.details.ticket
        let (conversations, files) = try await TicketQueries(self.helpdesk).conversations(
            of: id, page: PageRequest(page: 1, perPage: 100), by: principal)
        let agents = try await AgentQueries(self.helpdesk).list(AgentFilter(), page: PageRequest(page: 1, perPage: 100), by: principal)
            .items
        let groups = try await AgentQueries(self.helpdesk).groups(page: PageRequest(page: 1, perPage: 100), by: principal).items
        // Every author by name, agents who left included (they are contacts now); one who was erased for good is
        // a stable placeholder, never a name.
        var names = try await ContactQueries(self.helpdesk).names(conversations.items.compactMap(\.userID), by: principal)
        for agent in agents { names[agent.profile.contact.id] = agent.profile.contact.name }
        let requester = view.requester?.name ?? "Contact \(ticket.requesterID)"
        names[ticket.requesterID] = requester
        let writable = !ticket.deleted && !ticket.spam
        let values: [String: Any] = [
            "id": String(id.rawValue), "subject": ticket.subject ?? "(no subject)", "requester": requester,
            "requester_email": view.requester?.email ?? "", "created": Self.date(ticket.createdAt),
            "status": ticket.status.displayName, "status_class": Self.statusClass(ticket.status),
            "status_lower": ticket.status.displayName.lowercased(),
            "description": HTMLText.plainText(ticket.description), "writable": writable,
            "conversations": conversations.items.map { conversation -> [String: Any] in
                [
                    "author": Self.author(conversation, names), "created": Self.date(conversation.createdAt),
                    "body": HTMLText.plainText(conversation.body), "private": conversation.isPrivate, "incoming": conversation.incoming,
                ].merging(Self.files(files[conversation.id] ?? [])) { a, _ in a }
            },
            "ticket_files": Self.files(view.attachments.filter { $0.conversationID == nil }),
            "statuses": TicketStatus.allCases.map {
                ["value": String($0.rawValue), "label": $0.displayName, "selected": $0 == ticket.status]
            },
            "priorities": TicketPriority.allCases.map {
                ["value": String($0.rawValue), "label": $0.displayName, "selected": $0 == ticket.priority]
            },
            "types": TicketTypes.defaults.map { ["value": $0, "selected": $0 == ticket.type] },
            "groups": groups.map { ["value": String($0.id.rawValue), "label": $0.name, "selected": $0.id == ticket.groupID] },
            "agents": agents.map {
                [
                    "value": String($0.profile.contact.id.rawValue), "label": $0.profile.contact.name,
                    "selected": $0.profile.contact.id == ticket.responderID,
                ]
            },
            "tags": ticket.tags.joined(separator: ", "),
            "custom_fields": Self.customFields(
                view, canSeeSecure: signedIn.role.map { PermissionPolicy.allows($0, .viewSecureFields) } ?? false),
        ]
        var shown = values
        shown["sla"] = Self.serviceLevel(ticket, now: self.now)
        shown["has_sla"] = !(shown["sla"] as! [[String: Any]]).isEmpty
        shown["sla_stands"] = ticket.sla.pausedAt != nil && (ticket.dueBy != nil || ticket.frDueBy != nil)
        // A canned response chosen: its text, placeholders filled from this ticket, starts the reply.
        let canned = try await CannedResponses(self.helpdesk).all(by: principal)
        let chosen = request.query["canned"].flatMap { Int64($0) }.map(CannedResponseID.init)
        let scenarios = try await Scenarios(self.helpdesk).all(by: principal)
        shown["has_scenarios"] = !scenarios.isEmpty && writable
        shown["scenarios"] = scenarios.map { ["value": String($0.id.rawValue), "label": $0.name] }
        shown["has_canned"] = !canned.isEmpty
        shown["canned"] = canned.map { ["value": String($0.id.rawValue), "label": $0.title, "selected": $0.id == chosen] }
        if let chosen, typed["reply"] == nil {
            do {
                shown["typed_reply"] = HTMLText.editableText(
                    try await CannedResponses(self.helpdesk).render(chosen, for: id, by: principal))
            } catch HavenError.notFound {
                shown["typed_reply"] = ""
            }
        }
        shown["version"] = version
        shown["max_file"] = Self.byteCount(Int64(self.helpdesk.settings.maxAttachmentBytes))
        for (name, text) in typed { shown["typed_\(name)"] = text }
        return self.render(
            "ticket", request, current: "/tickets", error: error, status: error == nil ? .ok : .conflict, shown)
    }

    /// The ticket's SLA dates as an agent reads them: each with "overdue", "met" or nothing yet.
    static func serviceLevel(_ t: Ticket, now: Timestamp) -> [[String: Any]] {
        func row(_ label: String, _ due: Timestamp?, done: Timestamp?, flagged: Bool) -> [String: Any]? {
            guard let due else { return nil }
            let state: (String, String)? =
                if let done { done <= due ? ("met", "green") : ("late", "red") } else if flagged || (due <= now && t.sla.pausedAt == nil) {
                    ("overdue", "red")
                } else { nil }
            return [
                "label": label, "date": Self.date(due), "state": state?.0 ?? "", "state_class": state?.1 ?? "", "has_state": state != nil,
            ]
        }
        let resolved = t.status == .resolved || t.status == .closed ? t.stats.resolvedAt : nil
        return [
            row("First response due", t.frDueBy, done: t.stats.firstRespondedAt, flagged: t.frEscalated),
            row("Next response due", t.nrDueBy, done: nil, flagged: t.nrEscalated),
            row("Resolution due", t.dueBy, done: resolved, flagged: t.isEscalated),
        ].compactMap { $0 }
    }

    /// Reply, note or properties of one ticket; each answers with the ticket again (303), or the ticket with the
    /// problem named.
    func ticketAction(_ request: WebRequest, _ signedIn: SignedIn, id: TicketID, action: String) async throws -> WebResponse {
        let principal = signedIn.principal
        let back = request.site.prefix + "/tickets/\(id)"
        do {
            switch action {
            case "reply", "note":
                guard let body = request.form.text("body") else {
                    return self.message(request, status: .unprocessableContent, "Nothing to send", "Write the \(action) first.")
                }
                let html = HTMLText.paragraphs(body)
                let files = request.fileList.filter { $0.name == "attachments" }.map {
                    FileUpload(name: $0.filename ?? "file", contentType: $0.contentType, data: $0.data)
                }
                do {
                    if action == "reply" {
                        var input = AddReply.Input(body: html)
                        input.ticketVersion = request.form["version"]
                        input.attachments = files
                        _ = try await AddReply(self.helpdesk)(input, to: id, by: principal)
                    } else {
                        var input = AddNote.Input(body: html)
                        input.ticketVersion = request.form["version"]
                        input.attachments = files
                        _ = try await AddNote(self.helpdesk)(input, to: id, by: principal)
                    }
                } catch HavenError.validation(let problems) where problems.contains(where: { $0.field.hasPrefix("attachments") }) {
                    // A file too large or too many: the ticket again with the text kept (files cannot be kept).
                    return try await self.ticket(
                        request.showing("/tickets/\(id)"), signedIn, id: id, error: Self.describe(problems), typed: [action: body])
                } catch HavenError.conflict(let problems) {
                    // Sent twice, or the ticket moved on (a new message) since the page was shown: shown as it is
                    // now, the text still in its box, nothing added.
                    return try await self.ticket(
                        request.showing("/tickets/\(id)"), signedIn, id: id, error: Self.describe(problems), typed: [action: body])
                }
                return .redirect(back + "?notice=done")
            case "properties":
                // The form as the API's body, checked by the API's rules (a value no select offers is refused alike).
                func number(_ name: String) -> JSONValue {
                    guard let text = request.form.text(name) else { return .null }
                    return Int64(text).map { .int($0) } ?? .string(text)
                }
                let tags = (request.form["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                var body: JSONObject = [
                    "status": number("status"), "priority": number("priority"),
                    "type": request.form.text("type").map { .string($0) } ?? .null,
                    "group_id": number("group"), "responder_id": number("agent"), "tags": .strings(tags),
                ]
                let custom = Self.customValues(request.form, definitions: try await TicketFieldQueries(self.helpdesk).all(by: principal))
                if !custom.isEmpty { body["custom_fields"] = .object(custom) }
                do {
                    _ = try await UpdateTicket(self.helpdesk)(
                        id, try ChannelInput.ticketChanges(body), requester: nil, ifVersion: request.form["version"], by: principal)
                } catch HavenError.conflict(let problems) {
                    return try await self.ticket(request.showing("/tickets/\(id)"), signedIn, id: id, error: Self.describe(problems))
                }
                return .redirect(back + "?notice=done")
            case "scenario":
                guard let scenario = request.form["scenario"].flatMap({ Int64($0) }) else { return .redirect(back) }
                do {
                    _ = try await Scenarios(self.helpdesk).execute(ScenarioID(scenario), on: id, by: principal)
                } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
                    // A scenario naming what the ticket cannot take (a group since deleted): the ticket as it is, the
                    // problem named, nothing changed.
                    return try await self.ticket(request.showing("/tickets/\(id)"), signedIn, id: id, error: Self.describe(problems))
                }
                return .redirect(back + "?notice=done")
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Ticket not found", "There is no ticket #\(id) in \(request.tenant.name).")
        } catch HavenError.forbidden(_, let message) {
            return self.message(request, status: .forbidden, "Not allowed", message)
        } catch let error as HavenError {
            let problems = error.fieldErrors
            return self.message(
                request, status: .unprocessableContent, "Not saved", problems.isEmpty ? error.message : Self.describe(problems))
        }
    }

    /// The ticket's custom fields for the properties form, in the tenant's order. A secure field's value is shown
    /// only to those allowed to see it; anyone else is told whether one is set, and may set a new one.
    static func customFields(_ view: TicketQueries.View, canSeeSecure: Bool) -> [[String: Any]] {
        let ticket = view.details.ticket
        let fields = view.details.customFields.values.sorted { $0.position < $1.position }
        return Self.customFieldInputs(fields, stored: ticket.customFields).map { entry in
            guard entry["secure"] as? Bool == true, let name = entry["name"] as? String else { return entry }
            var entry = entry
            let isSet = view.secureFieldsSet.contains(name)
            entry["placeholder"] = isSet && !canSeeSecure ? "•••• (set)" : ""
            entry["hint"] =
                canSeeSecure
                ? "Kept under a key of its own; destroyed when the ticket is resolved or closed."
                : isSet
                    ? "Set, and hidden: only supervisors and admins see it. Type to replace it."
                    : "Only supervisors and admins see it once set; destroyed when the ticket is resolved or closed."
            return entry
        }
    }

    /// The form inputs of custom fields (tickets', contacts', companies'), each with its stored value, for the
    /// `custom_field_inputs` partial; `invalid` names fields to mark.
    static func customFieldInputs<Field: CustomFieldDefinition>(_ fields: [Field], stored: JSONObject, invalid: Set<String> = [])
        -> [[String: Any]]
    {
        fields.sorted { $0.position < $1.position }.compactMap { field -> [String: Any]? in
            guard let type = field.customType else { return nil }
            let value = stored[field.name] ?? .null
            var entry: [String: Any] = [
                "input": "cf-" + field.name, "name": field.name, "label": field.label, Self.templateKey(type): true,
                "invalid": invalid.contains(field.name) || invalid.contains("custom_fields.\(field.name)"),
            ]
            switch value {
            case .string(let text): entry["value"] = text
            case .int(let number): entry["value"] = String(number)
            case .bool(let flag): entry["checked"] = flag
            default: break
            }
            if type == .dropdown {
                entry["choices"] = field.choices.map { ["choice": $0, "selected": value == .string($0)] }
            }
            return entry
        }
    }

    static func templateKey(_ type: TicketField.CustomType) -> String {
        switch type {
        case .text: return "text"
        case .paragraph: return "paragraph"
        case .number: return "number"
        case .checkbox: return "checkbox"
        case .dropdown: return "dropdown"
        case .date: return "date"
        case .secure: return "secure"
        }
    }

    /// The form's custom fields as the API's `custom_fields`: an empty field clears its value, except a secure one,
    /// whose empty field leaves it as it is (its value is not in the form of someone who may not see it).
    static func customValues<Field: CustomFieldDefinition>(_ form: FormBody, definitions: [Field]) -> JSONObject {
        var values = JSONObject()
        for field in definitions {
            guard let type = field.customType else { continue }
            let text = form.text("cf-" + field.name)
            switch type {
            case .checkbox: values.append(field.name, .bool(form["cf-" + field.name] == "yes"))
            case .number: values.append(field.name, text.map { Int64($0).map(JSONValue.int) ?? .string($0) } ?? .null)
            case .secure: if let text { values.append(field.name, .string(text)) }
            default: values.append(field.name, text.map(JSONValue.string) ?? .null)
            }
        }
        return values
    }

    /// A conversation's author as the console names them: by name while the person exists (an empty name reads as
    /// their e-mail's absence, "Contact #N"), "Deleted agent #N" or "Deleted contact #N" once erased (an agent's
    /// messages are never incoming).
    static func author(_ conversation: Conversation, _ names: [UserID: String]) -> String {
        guard let id = conversation.userID else { return "Someone" }
        if let name = names[id] { return name.isEmpty ? "Contact #\(id.rawValue)" : name }
        return conversation.incoming ? "Deleted contact #\(id.rawValue)" : "Deleted agent #\(id.rawValue)"
    }

    /// A message's files for a page: `has_files` and each file's id, name and size.
    static func files(_ attachments: [Attachment]) -> [String: Any] {
        [
            "has_files": !attachments.isEmpty,
            "files": attachments.map { file -> [String: Any] in
                [
                    "file_id": String(file.id.rawValue), "name": file.unreadable == nil ? file.name : "(erased file)",
                    "size": Self.byteCount(file.size),
                ]
            },
        ]
    }

    static func byteCount(_ bytes: Int64) -> String {
        if bytes < 1_024 { return "\(bytes) bytes" }
        if bytes < 1_024 * 1_024 { return "\((bytes + 512) / 1_024) KB" }
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// `/files/{id}`: a ticket file as a download, for agents and (their own, public ones) for customers.
    func fileDownload(_ request: WebRequest, _ signedIn: SignedIn, id: AttachmentID) async throws -> WebResponse {
        let (attachment, data) = try await AttachmentQueries(self.helpdesk).download(id, by: signedIn.principal)
        return WebResponse(
            status: .ok,
            headers: [
                (.contentType, attachment.servedContentType),
                (.contentDisposition, ContentDisposition.attachment(filename: attachment.name)),
            ],
            data: data)
    }
}
