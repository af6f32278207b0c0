import HTTPTypes
import HavenApp
import HavenCore

/// Admin → Retention: the tenant's retention rules, as `haven retention` sets them — the rules typed, then a preview
/// of what they would delete now, then "Save these rules" with the preview's counts (refused, with the form again,
/// when more would go by then).
extension WebPages {
    func retention(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let retention = Retention(self.helpdesk)
        let principal = signedIn.principal
        let current = try await retention.rules(by: principal)
        var values: [String: Any] = [
            "closed_ticket_days": current.closedTicketDays.map(String.init) ?? "",
            "inactive_contact_days": current.inactiveContactDays.map(String.init) ?? "",
        ]
        guard request.isPost else { return self.render("retention", request, current: "/admin/retention", values) }
        var problems: [FieldError] = []
        var rules = RetentionRules()
        for (field, text) in [
            ("closed_ticket_days", request.form.text("closed_ticket_days")),
            ("inactive_contact_days", request.form.text("inactive_contact_days")),
        ] {
            values[field] = text ?? ""
            guard let text else { continue }
            guard let days = Int64(text) else {
                problems.append(.invalid(field, "is not a number of days"))
                continue
            }
            if field == "closed_ticket_days" { rules.closedTicketDays = days } else { rules.inactiveContactDays = days }
        }
        do {
            if !problems.isEmpty { throw HavenError.validation(problems) }
            if request.form["action"] == "save", let tickets = request.form["expect_tickets"].flatMap({ Int64($0) }),
                let contacts = request.form["expect_contacts"].flatMap({ Int64($0) })
            {
                try await retention.update(rules, previewed: Retention.Preview(tickets: tickets, contacts: contacts), by: principal)
                return .redirect(request.site.prefix + "/admin/retention?notice=done")
            }
            let preview = try await retention.preview(rules, by: principal)
            values["previewed"] = true
            values["tickets"] = Self.count(Int(preview.tickets), "ticket")
            values["contacts"] = Self.count(Int(preview.contacts), "contact")
            values["expect_tickets"] = String(preview.tickets)
            values["expect_contacts"] = String(preview.contacts)
            return self.render("retention", request, current: "/admin/retention", values)
        } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
            for field in problems.map(\.field) { values["invalid_\(field)"] = true }
            return self.render(
                "retention", request, current: "/admin/retention", error: Self.describe(problems), status: .unprocessableContent, values)
        }
    }
}
