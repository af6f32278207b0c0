import HavenCore
import HavenStore

/// `/ticket_fields` (read) and `/admin/ticket_fields` (read, and managing custom fields).
struct TicketFieldController: Sendable {
    let store: Store

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
        let fields = try await self.store.read { sql in try await self.store.ticketFields.all(request.tenantID, on: sql) }
        return .ok(.array(fields.filter { type == nil || $0.type == type }.map { .object(Presenters.ticketField($0)) }))
    }

    @Sendable func adminList(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let fields = try await self.store.read { sql in try await self.store.ticketFields.all(request.tenantID, on: sql) }
        return .ok(.array(fields.map { .object(Presenters.adminTicketField($0)) }))
    }

    @Sendable func adminView(_ request: APIRequest) async throws -> APIResponse {
        let id: TicketFieldID = try request.id()
        guard let field = try await self.store.read({ sql in try await self.store.ticketFields.find(request.tenantID, id, on: sql) })
        else { throw HavenError.notFound }
        return .ok(.object(Presenters.adminTicketField(field)))
    }

    static let editable: Set<String> = [
        "label", "label_for_customers", "description", "position", "required_for_closure", "required_for_agents",
        "required_for_customers", "customers_can_edit", "displayed_to_customers", "choices",
    ]

    private func edit(_ field: inout TicketField, _ fields: inout BodyFields) {
        if let label = fields.nonNullString("label") { field.label = label.trimmingWhitespace() }
        if let label = fields.nonNullString("label_for_customers") { field.labelForCustomers = label }
        if let description = fields.string("description", maxLength: 1000) { field.description = description }
        if let position = fields.nonNullInteger("position"), position > 0 { field.position = position }
        if let flag = fields.boolean("required_for_closure") { field.requiredForClosure = flag }
        if let flag = fields.boolean("required_for_agents") { field.requiredForAgents = flag }
        if let flag = fields.boolean("required_for_customers") { field.requiredForCustomers = flag }
        if let flag = fields.boolean("customers_can_edit") { field.customersCanEdit = flag }
        if let flag = fields.boolean("displayed_to_customers") { field.displayedToCustomers = flag }
        if let choices = fields.stringArray("choices", itemMaxLength: 255, maxCount: 500) {
            if field.customType != .dropdown && !(field.isDefault && field.name == "ticket_type") {
                fields.fail(.invalid("choices", "Only dropdown fields have choices"))
            } else if choices.isEmpty || Set(choices).count != choices.count {
                fields.fail(.invalid("choices", "It should contain at least one value and no duplicates"))
            } else {
                field.choices = choices
            }
        }
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
        let labelText = request.object["label"]?.stringValue ?? ""
        let slug = String(labelText.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "_" })
        let name = "cf_" + slug.split(separator: "_").joined(separator: "_")
        if name == "cf_" && !labelText.isEmpty {
            fields.fail(.invalid("label", "It should contain at least one letter or digit"))
        }
        let field = try await self.store.write { sql -> TicketField in
            var field = TicketField(
                tenantID: request.tenantID,
                id: TicketFieldID(0),
                name: name,
                label: labelText,
                type: customType?.rawValue ?? "custom_text",
                position: try await self.store.ticketFields.nextPosition(request.tenantID, on: sql),
                isDefault: false,
                createdAt: request.now
            )
            self.edit(&field, &fields)
            if customType == .dropdown && field.choices.isEmpty {
                fields.fail(.missing("choices"))
            }
            try fields.finish()
            if try await self.store.ticketFields.customFields(request.tenantID, on: sql)[name] != nil {
                throw HavenError.conflict([
                    FieldError(field: "label", message: "A field named \(name) already exists", code: .duplicateValue)
                ])
            }
            field.id = TicketFieldID(try await IDSequences.next("ticket_fields", on: sql))
            try await self.store.ticketFields.insert(field, on: sql)
            try await self.store.audit.record(
                request.event(
                    "ticket_field.created", "ticket_field", field.id, before: nil, after: Presenters.adminTicketField(field),
                    revealing: AuditedFields.ticketField),
                on: sql)
            return field
        }
        self.store.ticketFields.changed(request.tenantID)
        return .created(.object(Presenters.adminTicketField(field)), location: "\(request.baseURL)/api/v2/admin/ticket_fields/\(field.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.editable)
        let id: TicketFieldID = try request.id()
        let field = try await self.store.write { sql -> TicketField in
            guard var field = try await self.store.ticketFields.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            let previous = field
            self.edit(&field, &fields)
            try fields.finish()
            field.updatedAt = request.now
            try await self.store.ticketFields.update(field, on: sql)
            try await self.store.audit.record(
                request.event(
                    "ticket_field.updated", "ticket_field", id, before: Presenters.adminTicketField(previous),
                    after: Presenters.adminTicketField(field),
                    revealing: AuditedFields.ticketField),
                on: sql)
            return field
        }
        self.store.ticketFields.changed(request.tenantID)
        return .ok(.object(Presenters.adminTicketField(field)))
    }

    /// Deletes a custom field. Values already stored on tickets stay in their rows but are no longer shown.
    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id: TicketFieldID = try request.id()
        try await self.store.write { sql in
            guard let field = try await self.store.ticketFields.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            guard !field.isDefault else {
                throw HavenError.validation([
                    FieldError(field: "id", message: "Default ticket fields cannot be deleted", code: .inconsistentState)
                ])
            }
            try await self.store.ticketFields.delete(request.tenantID, id, on: sql)
            try await self.store.audit.record(
                request.event("ticket_field.deleted", "ticket_field", id, details: ["name": .string(field.name)]), on: sql)
        }
        self.store.ticketFields.changed(request.tenantID)
        return .noContent
    }
}
