import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/ticket_fields` (read) and `/admin/ticket_fields` (read, and managing custom fields).
struct TicketFieldController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/ticket_fields", .readHelpdesk, handler: self.publicList),
            Route(.get, "/admin/ticket_fields", .manageFields, handler: self.adminList),
            Route(.get, "/admin/ticket_fields/:id", .manageFields, handler: self.adminView),
            Route(.post, "/admin/ticket_fields", .manageFields, body: .json, handler: self.create),
            Route(.put, "/admin/ticket_fields/:id", .manageFields, body: .json, handler: self.update),
            Route(.delete, "/admin/ticket_fields/:id", .manageFields, handler: self.delete),
        ]
    }

    @Sendable func publicList(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["type", "page", "per_page"])
        let type = request.query["type"]
        let fields = try await TicketFieldQueries(self.helpdesk).all(by: request.principal)
        return .ok(.array(fields.filter { type == nil || $0.type == type }.map { .object(Presenters.ticketField($0)) }))
    }

    @Sendable func adminList(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let fields = try await TicketFieldQueries(self.helpdesk).all(needs: .manageFields, by: request.principal)
        return .ok(.array(fields.map { .object(Presenters.adminTicketField($0)) }))
    }

    @Sendable func adminView(_ request: APIRequest) async throws -> APIResponse {
        .ok(.object(Presenters.adminTicketField(try await TicketFieldQueries(self.helpdesk).view(try request.id(), by: request.principal))))
    }

    static let editable: Set<String> = [
        "label", "label_for_customers", "description", "position", "required_for_closure", "required_for_agents",
        "required_for_customers", "customers_can_edit", "displayed_to_customers", "choices",
    ]

    static func changes(_ fields: inout BodyFields) -> TicketFieldChanges {
        var changes = TicketFieldChanges()
        changes.label = fields.nonNullString("label")
        changes.labelForCustomers = fields.nonNullString("label_for_customers")
        changes.description = fields.string("description", maxLength: 1000)
        changes.position = fields.nonNullInteger("position")
        changes.requiredForClosure = fields.boolean("required_for_closure")
        changes.requiredForAgents = fields.boolean("required_for_agents")
        changes.requiredForCustomers = fields.boolean("required_for_customers")
        changes.customersCanEdit = fields.boolean("customers_can_edit")
        changes.displayedToCustomers = fields.boolean("displayed_to_customers")
        changes.choices = fields.stringArray("choices", itemMaxLength: 255, maxCount: 500)
        return changes
    }

    /// Creates a custom field; its name is `cf_` plus the label in lower case with non-alphanumerics as `_`.
    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.editable.union(["type"]))
        fields.require("label")
        fields.require("type")
        let type = fields.nonNullString("type")
        let customType = type.flatMap(TicketField.CustomType.init(rawValue:))
        if type != nil, customType == nil {
            fields.fail(.notOneOf("type", TicketField.CustomType.allCases.map(\.rawValue)))
        }
        let changes = Self.changes(&fields)
        let field = try await CreateTicketField(self.helpdesk)(
            type: customType, changes, fieldErrors: fields.errors, by: request.principal)
        return .created(.object(Presenters.adminTicketField(field)), location: "\(request.baseURL)/api/v2/admin/ticket_fields/\(field.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.editable)
        let changes = Self.changes(&fields)
        let field = try await UpdateTicketField(self.helpdesk)(
            try request.id(), changes, fieldErrors: fields.errors, by: request.principal)
        return .ok(.object(Presenters.adminTicketField(field)))
    }

    /// Deletes a custom field. Values already stored on tickets stay in their rows but are no longer shown.
    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await DeleteTicketField(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }
}
