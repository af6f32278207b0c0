import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenStore

/// The agent console's contacts: list and "Deleted contacts", one contact with edit, soft delete and restore, and
/// "Delete forever" behind a confirmation naming what goes and a recent password or code — the API's use cases and
/// audit entries throughout.
extension WebPages {
    func contacts(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let page = max(1, min(request.query["page"].flatMap(Int.init) ?? 1, 1_000))
        let deleted = request.query["state"] == "deleted"
        var filter = ContactFilter()
        if deleted { filter.state = .deleted }
        filter.email = request.query.text("email")
        let found = try await ContactQueries(self.helpdesk).list(filter, page: PageRequest(page: page, perPage: 30), by: signedIn.principal)
        func link(_ page: Int) -> String {
            request.site.prefix + "/contacts?page=\(page)" + (deleted ? "&state=deleted" : "")
                + (filter.email.map { "&email=" + Self.percentEncode($0) } ?? "")
        }
        var values: [String: Any] = [
            "contacts": found.items.map { contact -> [String: Any] in
                [
                    "id": String(contact.id.rawValue), "name": contact.name, "email": contact.email ?? "—", "phone": contact.phone ?? "—",
                    "updated": Self.date(contact.updatedAt),
                ]
            },
            "views": [
                ["href": request.site.prefix + "/contacts", "label": "Contacts", "current": !deleted],
                ["href": request.site.prefix + "/contacts?state=deleted", "label": "Deleted contacts", "current": deleted],
            ],
            "page": String(page),
        ]
        if deleted { values["state"] = "deleted" }
        if let email = filter.email { values["email"] = email }
        if page > 1 { values["previous"] = link(page - 1) }
        if found.hasMore { values["next"] = link(page + 1) }
        values["can_export"] = signedIn.role.map { PermissionPolicy.allows($0, .exportData) } ?? false
        return self.render("contacts", request, current: "/contacts", values)
    }

    func contact(_ request: WebRequest, _ signedIn: SignedIn, id: UserID, error: String? = nil, invalid: Set<String> = []) async throws
        -> WebResponse
    {
        let contact: Contact
        do {
            contact = try await ContactQueries(self.helpdesk).view(id, by: signedIn.principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Contact not found", "There is no contact with this address.")
        }
        let role = signedIn.role ?? .agent
        var values: [String: Any] = [
            "id": String(id.rawValue), "name": contact.name, "deleted": contact.deleted, "version": RecordVersion.of(contact),
            "can_delete": PermissionPolicy.allows(role, .deleteContacts), "can_erase": PermissionPolicy.allows(role, .eraseContacts),
            "can_export": PermissionPolicy.allows(role, .exportData),
        ]
        for (key, value) in [("email", contact.email), ("phone", contact.phone), ("job_title", contact.jobTitle)] {
            if let value { values[key] = value }
        }
        for field in invalid { values["invalid_\(field)"] = true }
        values["custom_fields"] = Self.customFieldInputs(
            try await RecordFields(self.helpdesk).all(.contact, by: signedIn.principal), stored: contact.customFields, invalid: invalid)
        values["consents"] = try await ConsentLedger(self.helpdesk).list(id, by: signedIn.principal).map { entry -> [String: Any] in
            let record = entry.record
            return Self.present([
                "recorded": Self.date(record.recordedAt), "action": record.given ? "given" : "withdrawn",
                "class": record.given ? "green" : "amber", "version": String(record.version),
                "sha256": String(record.sha256.prefix(12)) + "…", "text": entry.text?.text, "channel": record.channel.rawValue,
                "address": record.sourceIP.map(ClientAddress.display) ?? "—",
            ])
        }
        return self.render(
            "contact", request, current: "/contacts", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    func contactAction(_ request: WebRequest, _ signedIn: SignedIn, id: UserID, action: String) async throws -> WebResponse {
        let principal = signedIn.principal
        let back = request.site.prefix + "/contacts/\(id)"
        do {
            switch (action, request.isPost) {
            case ("edit", true):
                var body = JSONObject()
                body.append("name", .string(request.form.text("name") ?? ""))
                for field in ["email", "phone", "job_title"] {
                    body.append(field, request.form.text(field).map { .string($0) } ?? .null)
                }
                let fields = try await RecordFields(self.helpdesk).all(.contact, by: principal)
                if !fields.isEmpty { body.append("custom_fields", .object(Self.customValues(request.form, definitions: fields))) }
                do {
                    _ = try await UpdateContact(self.helpdesk)(
                        id, try ChannelInput.contactChanges(body), ifVersion: request.form["version"], by: principal)
                } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
                    // The form again, with each problem named and its field marked.
                    return try await self.contact(
                        request.showing("/contacts/\(id)"), signedIn, id: id,
                        error: Self.describe(problems),
                        invalid: Set(problems.map(\.field)))
                }
                return .redirect(back + "?notice=done")
            case ("delete", true):
                try await DeleteContact(self.helpdesk)(id, by: principal)
                return .redirect(back + "?notice=done")
            case ("restore", true):
                try await RestoreContact(self.helpdesk)(id, by: principal)
                return .redirect(back + "?notice=done")
            case ("erase", _):
                return try await self.erase(request, signedIn, id: id)
            case ("data-package", true):
                let job = try await DataSubjectPackages(self.helpdesk).request(id, by: principal)
                return .redirect(request.site.prefix + "/exports/\(job.id)")
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Contact not found", "There is no contact with this address.")
        } catch HavenError.forbidden(_, let message) {
            return self.message(request, status: .forbidden, "Not allowed", message)
        }
    }

    /// "Delete forever": a confirmation that names what goes (the person, their tickets, their key), then the erase —
    /// both only with the password or a code from the last five minutes.
    private func erase(_ request: WebRequest, _ signedIn: SignedIn, id: UserID) async throws -> WebResponse {
        let principal = signedIn.principal
        try principal.require(.eraseContacts)
        let path = request.site.prefix + "/contacts/\(id)/erase"
        if let redirect = self.requireRecentAuthentication(request, signedIn, returnTo: path) { return redirect }
        guard request.isPost else {
            let contact = try await ContactQueries(self.helpdesk).view(id, by: principal)
            var list = TicketQueries.ListRequest()
            list.requesterID = id
            let tickets = try await TicketQueries(self.helpdesk).list(
                list, page: PageRequest(page: 1, perPage: 100), including: [], by: principal)
            let count = tickets.tickets.items.count
            let described = tickets.tickets.hasMore ? "more than 100 tickets" : count == 1 ? "1 ticket" : "\(count) tickets"
            var values: [String: Any] = ["id": String(id.rawValue), "name": contact.name, "tickets": described]
            if let email = contact.email { values["email"] = email }
            return self.render("erase_confirm", request, current: "/contacts", values)
        }
        try await EraseContact(self.helpdesk)(id, force: true, by: principal)
        return .redirect(request.site.prefix + "/contacts?notice=erased")
    }
}
