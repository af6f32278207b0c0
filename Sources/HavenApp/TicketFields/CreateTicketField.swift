public import HavenCore
import HavenStore

/// Adds a custom ticket field, named `cf_` plus its label in lower case with every run of other characters as one
/// `_`. One transaction with its `ticket_field.created` entry; the tenant's field cache is refreshed.
public struct CreateTicketField: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(
        type: TicketField.CustomType?,
        _ changes: TicketFieldChanges,
        fieldErrors: [FieldError] = [],
        by principal: Principal
    ) async throws -> TicketField {
        let store = self.helpdesk.store
        let label = changes.label ?? ""
        let name = Self.name(forLabel: label)
        var errors = fieldErrors
        if name == "cf_" && !label.isEmpty {
            errors.add(.invalid("label", "It should contain at least one letter or digit"))
        }
        let field = try await self.helpdesk.change(by: principal, needs: .manageFields) { change in
            var field = TicketField(
                tenantID: change.tenant, id: TicketFieldID(0), name: name, label: label, type: type?.rawValue ?? "custom_text",
                position: try await store.ticketFields.nextPosition(change.tenant, on: change.sql), isDefault: false,
                createdAt: change.now)
            changes.apply(to: &field, errors: &errors)
            if type == .dropdown && field.choices.isEmpty { errors.add(.missing("choices")) }
            if !errors.isEmpty { throw HavenError.validation(errors) }
            if try await store.ticketFields.customFields(change.tenant, on: change.sql)[name] != nil {
                throw HavenError.conflict([
                    FieldError(field: "label", message: "A field named \(name) already exists", code: .duplicateValue)
                ])
            }
            field.id = TicketFieldID(try await IDSequences.next("ticket_fields", on: change.sql))
            try await store.ticketFields.insert(field, on: change.sql)
            try await change.record(.ticketFieldCreated, .ticketField(field.id), before: nil, after: .ticketField(field))
            return field
        }
        return field
    }

    static func name(forLabel label: String) -> String {
        let slug = String(label.lowercased().map { ($0.isLetter || $0.isNumber) && $0.isASCII ? $0 : "_" })
        return "cf_" + slug.split(separator: "_").joined(separator: "_")
    }
}
