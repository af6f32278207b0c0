import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore

/// The customer portal (people.md §3): the home page, the new-ticket form (signed in, or as a visitor when the
/// tenant allows it, with the consent checkbox when the tenant requires it), "my tickets", a ticket's public
/// thread and the customer's reply — all through `PortalTickets`, with the customer as the audit entries' actor.
extension WebPages {
    static let customerStatusNames: [TicketStatus: String] = [
        .open: "Open", .pending: "Awaiting your reply", .resolved: "Resolved", .closed: "Closed", .waitingOnCustomer: "Awaiting your reply",
    ]

    /// The portal's home: a welcome and the way in, for visitors and signed-in customers alike.
    func portalHome(_ request: WebRequest) async throws -> WebResponse {
        let form = try await PortalTickets(self.helpdesk).form(tenant: request.tenant.id)
        return self.render(
            "portal_home", request, current: "/",
            [
                "welcome": form.settings.welcome, "portal_title": Self.portalTitle(form.settings, request),
                "anonymous": form.settings.anonymousTickets, "signed_in": request.signedIn != nil,
            ])
    }

    static func portalTitle(_ settings: PortalSettings, _ request: WebRequest) -> String {
        settings.name.isEmpty ? "\(request.tenant.name) support" : settings.name
    }

    func portalNewTicket(_ request: WebRequest) async throws -> WebResponse {
        let portal = PortalTickets(self.helpdesk)
        let form = try await portal.form(tenant: request.tenant.id)
        let contact = request.signedIn.map(\.person.id)
        guard contact != nil || form.settings.anonymousTickets else { return .redirect("/sign-in?notice=sign-in-to-write") }
        guard request.isPost else { return self.withFormToken(request) { self.newTicketPage($0, form) } }
        let input = Self.newTicket(request.form, fields: form.fields)
        if contact == nil, let wait = self.visitorThrottle.take(request.tenant.id, address: request.sourceIP) {
            var response = self.newTicketPage(
                request, form, input: input,
                problems: [
                    FieldError(
                        field: "visitor", message: "Too many requests from your network. Try again in \(max(1, wait / 60)) minutes",
                        code: .inconsistentState)
                ])
            response.status = .tooManyRequests
            response.headers.append((.retryAfter, String(wait)))
            return response
        }
        do {
            let ticket = try await portal.open(
                input, channel: .portal, contact: contact, tenant: request.tenant.id, sourceIP: request.sourceIP, form: form)
            if request.signedIn != nil { return .redirect("/tickets/\(ticket.id)?notice=ticket-opened") }
            return self.render(
                "message", request, status: .ok,
                [
                    "heading": "Thank you", "text": "Your request is ticket #\(ticket.id). We will answer by e-mail.",
                    "link": ["href": "/", "label": "Back to the portal"],
                ])
        } catch HavenError.validation(let problems) {
            if contact == nil { self.visitorThrottle.giveBack(request.tenant.id, address: request.sourceIP) }
            return self.newTicketPage(request, form, input: input, problems: problems)
        }
    }

    /// The new-ticket form, re-shown with what was typed and each problem marked.
    func newTicketPage(
        _ request: WebRequest, _ form: PortalTickets.Form, input: PortalTickets.NewTicket? = nil, problems: [FieldError] = [],
        template: String = "portal_new_ticket", extra: [String: Any] = [:]
    ) -> WebResponse {
        let invalid = Set(problems.map(\.field))
        var values: [String: Any] = [
            "visitor": request.signedIn == nil, "name": input?.name ?? "", "email": input?.email ?? "",
            "subject": input?.subject ?? "", "description": input?.description ?? "",
            "fields": form.fields.map { Self.customerField($0, value: input?.customFields[$0.name], invalid: invalid.contains($0.name)) },
        ]
        for field in invalid { values["invalid_\(field)"] = true }
        if form.settings.consentRequired, let text = form.consentText {
            values["consent"] = ["text": text.text, "version": String(text.version), "checked": input?.consent ?? false]
        }
        // The portal's form suggests help articles while the subject is typed (its script fetches them from here).
        let suggesting = template == "portal_new_ticket"
        values["suggest"] = suggesting
        values.merge(extra) { _, new in new }
        var response = self.render(
            template, request, current: "/tickets/new", error: problems.isEmpty ? nil : Self.describe(problems, naming: false),
            status: problems.isEmpty ? .ok : .unprocessableContent, values)
        if suggesting { response.contentSecurityPolicy = PagePolicy.withSuggestions }
        return response
    }

    /// One custom field as the form shows it: its input kind, choices, and the value typed.
    static func customerField(_ field: TicketField, value: JSONValue?, invalid: Bool) -> [String: Any] {
        let typed: String =
            switch value {
            case .string(let text): text
            case .int(let number): String(number)
            case .bool(let flag): flag ? "true" : ""
            default: ""
            }
        var entry: [String: Any] = [
            "name": field.name, "label": field.labelForCustomers, "required": field.requiredForCustomers, "value": typed,
            "invalid": invalid,
        ]
        switch field.customType {
        case .paragraph: entry["paragraph"] = true
        case .checkbox:
            entry["checkbox"] = true
            entry["checked"] = value == .bool(true)
        case .dropdown:
            entry["dropdown"] = true
            entry["choices"] = field.choices.map { ["value": $0, "selected": $0 == typed] }
        case .number: entry["input_type"] = "number"
        case .date: entry["input_type"] = "date"
        default: entry["input_type"] = "text"
        }
        return entry
    }

    /// The form's values as `PortalTickets` takes them: custom values typed per field (numbers as numbers,
    /// checkboxes as booleans), empty ones left out.
    static func newTicket(_ form: FormBody, fields: [TicketField]) -> PortalTickets.NewTicket {
        var custom = JSONObject()
        for field in fields {
            let raw = form["cf_" + field.name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            switch field.customType {
            case .checkbox: if !raw.isEmpty { custom[field.name] = .bool(true) }
            case .number where !raw.isEmpty: custom[field.name] = Int64(raw).map { .int($0) } ?? .string(raw)
            default: if !raw.isEmpty { custom[field.name] = .string(raw) }
            }
        }
        return PortalTickets.NewTicket(
            name: form["name"] ?? "", email: form["email"] ?? "", subject: form["subject"] ?? "", description: form["description"] ?? "",
            customFields: custom, consent: form["consent"] == "yes", consentVersion: form["consent_version"].flatMap { Int64($0) })
    }

    func portalTickets(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let page = max(1, min(request.query["page"].flatMap(Int.init) ?? 1, 1_000))
        let tickets = try await PortalTickets(self.helpdesk).mine(page: PageRequest(page: page, perPage: 30), by: signedIn.principal)
        var values: [String: Any] = [
            "tickets": tickets.items.map { ticket -> [String: Any] in
                [
                    "id": String(ticket.id.rawValue), "subject": ticket.subject ?? "(no subject)",
                    "status": Self.customerStatusNames[ticket.status] ?? "", "status_class": Self.statusClass(ticket.status),
                    "updated": Self.date(ticket.updatedAt),
                ]
            },
            "page": String(page),
        ]
        if page > 1 { values["previous"] = "/tickets?page=\(page - 1)" }
        if tickets.hasMore { values["next"] = "/tickets?page=\(page + 1)" }
        return self.render("portal_tickets", request, current: "/tickets", values)
    }

    func portalTicket(_ request: WebRequest, _ signedIn: SignedIn, id: TicketID, error: String? = nil, typed: String? = nil)
        async throws -> WebResponse
    {
        let thread: PortalTickets.Thread
        do {
            thread = try await PortalTickets(self.helpdesk).thread(id, by: signedIn.principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Ticket not found", "You have no ticket #\(id).")
        }
        let ticket = thread.ticket
        let (survey, latest) = try await Surveys(self.helpdesk).forCustomer(id, by: signedIn.principal)
        var values: [String: Any] = [
            "id": String(id.rawValue), "subject": ticket.subject ?? "(no subject)", "created": Self.date(ticket.createdAt),
            "status": Self.customerStatusNames[ticket.status] ?? "", "status_class": Self.statusClass(ticket.status),
            "description": HTMLText.plainText(ticket.description), "you": signedIn.person.name,
            "version": thread.version, "typed": typed ?? "",
            "conversations": thread.conversations.map { conversation -> [String: Any] in
                let mine = conversation.userID == signedIn.person.id
                return [
                    "author": mine ? "You" : conversation.userID.flatMap { thread.authors[$0] } ?? "Support",
                    "created": Self.date(conversation.createdAt), "body": HTMLText.plainText(conversation.body), "incoming": mine,
                ].merging(Self.files(thread.attachments.filter { $0.conversationID == conversation.id })) { a, _ in a }
            },
            "ticket_files": Self.files(thread.attachments.filter { $0.conversationID == nil }),
        ]
        // The active survey, once an agent has answered: each question's scale as choices.
        if let survey, ticket.stats.agentRespondedAt != nil {
            let questions = [("default_question", Survey.defaultQuestion)] + survey.questions.map { ("question_\($0.id)", $0.label) }
            values["survey"] = true
            values["questions"] = questions.map { key, label -> [String: Any] in
                [
                    "label": label,
                    "choices": survey.acceptedRatings.reversed().map { value -> [String: Any] in
                        ["input": "\(key)_\(value)", "name": key, "value": String(value), "label": survey.label(for: value)]
                    },
                ]
            }
            if let latest, let overall = latest.ratings.first(where: { $0.key == "default_question" }) {
                values["rated"] = true
                values["rated_label"] = survey.label(for: overall.value)
            }
        }
        return self.render(
            "portal_ticket", request, current: "/tickets", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    /// The customer's answer to the survey about their ticket (`Surveys.rateAsCustomer`).
    func portalRate(_ request: WebRequest, _ signedIn: SignedIn, id: TicketID) async throws -> WebResponse {
        var ratings: [(key: String, value: Int64)] = []
        for (name, value) in request.form.values.sorted(by: { $0.key < $1.key })
        where name == "default_question" || name.hasPrefix("question_") {
            guard let number = Int64(value) else { continue }
            ratings.append((name, number))
        }
        do {
            _ = try await Surveys(self.helpdesk).rateAsCustomer(
                id, ratings: ratings, feedback: request.form.text("feedback"), by: signedIn.principal)
            return .redirect("/tickets/\(id)?notice=done#rate")
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Ticket not found", "You have no ticket #\(id).")
        } catch HavenError.validation(let problems) {
            let missing = problems.contains { $0.field == "ratings.default_question" }
            return try await self.portalTicket(
                request.showing("/tickets/\(id)"), signedIn, id: id,
                error: missing ? "Choose how happy you are with our answer first." : Self.describe(problems, naming: false))
        }
    }

    func portalReply(_ request: WebRequest, _ signedIn: SignedIn, id: TicketID) async throws -> WebResponse {
        do {
            _ = try await PortalTickets(self.helpdesk).reply(
                request.form["body"] ?? "", to: id, ifVersion: request.form["version"], by: signedIn.principal)
            return .redirect("/tickets/\(id)?notice=done")
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Ticket not found", "You have no ticket #\(id).")
        } catch HavenError.validation(let problems) {
            return try await self.portalTicket(
                request.showing("/tickets/\(id)"), signedIn, id: id, error: Self.describe(problems, naming: false))
        }
    }
}

/// The customer's privacy page: what they agreed to and when, and withdrawing (or giving again) their consent.
extension WebPages {
    func portalPrivacy(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let ledger = ConsentLedger(self.helpdesk)
        if request.isPost {
            _ = try await ledger.decide(given: request.form["decision"] == "give", by: signedIn.principal)
            return .redirect("/privacy?notice=done")
        }
        let (entries, current) = try await ledger.mine(by: signedIn.principal)
        let standing = entries.first?.record.given ?? false
        return self.render(
            "portal_privacy", request, current: "/privacy",
            Self.present([
                "entries": entries.map { entry -> [String: Any] in
                    [
                        "recorded": Self.date(entry.record.recordedAt), "action": entry.record.given ? "You agreed" : "You withdrew",
                        "text": entry.text?.text ?? "", "version": String(entry.record.version), "channel": entry.record.channel.rawValue,
                    ]
                },
                "given": standing, "current_text": current?.text, "can_give": current != nil && !standing,
            ]))
    }
}
