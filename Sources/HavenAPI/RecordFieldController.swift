import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/contact_fields` and `/company_fields` in Freshdesk's shapes: the built-in fields (ids 1–999, read-only) then the
/// tenant's custom ones, which administrators create, change and delete (`RecordFields`).
struct RecordFieldController: Sendable {
    let helpdesk: Helpdesk
    let entity: RecordField.Entity

    var collection: String { self.entity == .contact ? "/contact_fields" : "/company_fields" }

    var routes: [Route] {
        [
            Route(.get, self.collection, .readHelpdesk, handler: self.list),
            Route(.get, self.collection + "/:id", .readHelpdesk, handler: self.view),
            Route(.post, self.collection, .manageFields, body: .json, handler: self.create),
            Route(.put, self.collection + "/:id", .manageFields, body: .json, handler: self.update),
            Route(.delete, self.collection + "/:id", .manageFields, handler: self.delete),
        ]
    }

    /// The built-in fields: name, label, Freshdesk's type, and (companies) the dropdowns' choices.
    static let builtIn: [RecordField.Entity: [(String, String, String)]] = [
        .contact: [
            ("name", "Full name", "default_name"), ("job_title", "Title", "default_job_title"), ("email", "Email", "default_email"),
            ("phone", "Work phone", "default_phone"), ("mobile", "Mobile phone", "default_mobile"),
            ("twitter_id", "Twitter", "default_twitter_id"), ("unique_external_id", "Unique external ID", "default_unique_external_id"),
            ("company_name", "Company", "default_company_name"), ("address", "Address", "default_address"),
            ("time_zone", "Time zone", "default_time_zone"), ("language", "Language", "default_language"),
            ("tag_names", "Tags", "default_tag_names"), ("description", "About", "default_description"),
        ],
        .company: [
            ("name", "Company name", "default_name"), ("description", "Description", "default_description"),
            ("note", "Notes", "default_note"), ("domains", "Domains for this company", "default_domains"),
            ("health_score", "Health score", "default_health_score"), ("account_tier", "Account tier", "default_account_tier"),
            ("renewal_date", "Renewal date", "default_renewal_date"), ("industry", "Industry", "default_industry"),
        ],
    ]

    func builtInFields(_ created: Timestamp) -> [JSONObject] {
        Self.builtIn[self.entity]!.enumerated().map { index, field in
            var object: JSONObject = [
                "id": .int(Int64(index + 1)), "name": .string(field.0), "label": .string(field.1), "position": .int(Int64(index + 1)),
                "type": .string(field.2), "default": true, "required_for_agents": .bool(field.0 == "name"),
            ]
            if self.entity == .contact {
                object.append("customers_can_edit", true)
                object.append("label_for_customers", .string(field.1))
                object.append("required_for_customers", .bool(field.0 == "name"))
                object.append("displayed_for_customers", true)
                object.append("editable_in_signup", .bool(field.0 == "name" || field.0 == "email"))
            }
            object.append("created_at", .timestamp(created))
            object.append("updated_at", .timestamp(created))
            return object
        }
    }

    func present(_ f: RecordField) -> JSONObject {
        var object: JSONObject = [
            "id": .id(f.id), "name": .string(f.name), "label": .string(f.label), "position": .int(f.position + 100),
            "type": .string(f.type.rawValue), "default": false, "required_for_agents": .bool(f.requiredForAgents),
        ]
        if self.entity == .contact {
            object.append("customers_can_edit", .bool(f.customersCanEdit))
            object.append("label_for_customers", .string(f.labelForCustomers))
            object.append("required_for_customers", .bool(f.requiredForCustomers))
            object.append("displayed_for_customers", .bool(f.displayedForCustomers))
            object.append("editable_in_signup", .bool(f.editableInSignup))
        }
        if f.type == .dropdown { object.append("choices", .strings(f.choices)) }
        object.append("created_at", .timestamp(f.createdAt))
        object.append("updated_at", .timestamp(f.updatedAt))
        return object
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let custom = try await RecordFields(self.helpdesk).all(self.entity, by: request.principal)
        return .ok(.array((self.builtInFields(request.tenant.createdAt) + custom.map(self.present)).map { .object($0) }))
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let id = try (request.id() as RecordFieldID).rawValue
        if id < RecordField.firstCustomID {
            let builtIn = self.builtInFields(request.tenant.createdAt)
            guard id >= 1, id <= Int64(builtIn.count) else { throw HavenError.notFound }
            return .ok(.object(builtIn[Int(id) - 1]))
        }
        return .ok(.object(self.present(try await RecordFields(self.helpdesk).find(RecordFieldID(id), self.entity, by: request.principal))))
    }

    static let settings: Set<String> = [
        "label", "label_for_customers", "position", "required_for_agents", "required_for_customers", "customers_can_edit",
        "displayed_for_customers", "editable_in_signup", "choices",
    ]

    static func changes(_ fields: inout BodyFields) -> RecordFields.Changes {
        var changes = RecordFields.Changes()
        changes.label = fields.nonNullString("label")
        changes.labelForCustomers = fields.nonNullString("label_for_customers", allowEmpty: true)
        changes.position = fields.nonNullInteger("position")
        changes.requiredForAgents = fields.boolean("required_for_agents")
        changes.requiredForCustomers = fields.boolean("required_for_customers")
        changes.customersCanEdit = fields.boolean("customers_can_edit")
        changes.displayedForCustomers = fields.boolean("displayed_for_customers")
        changes.editableInSignup = fields.boolean("editable_in_signup")
        changes.choices = fields.choices("choices")
        return changes
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.settings.union(["type"]))
        let typeName = fields.nonNullString("type", maxLength: 64)
        let type = typeName.flatMap(TicketField.CustomType.init(rawValue:))
        if typeName != nil, type == nil || type == .secure { fields.fail(.notOneOf("type", RecordFields.types)) }
        let changes = Self.changes(&fields)
        let field = try await RecordFields(self.helpdesk).create(
            self.entity, type: type == .secure ? nil : type, changes, fieldErrors: fields.errors, by: request.principal)
        return .created(.object(self.present(field)), location: "\(request.baseURL)/api/v2\(self.collection)/\(field.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        let id = try (request.id() as RecordFieldID).rawValue
        if id < RecordField.firstCustomID {
            throw HavenError.methodNotAllowed(message: "A built-in field cannot be changed", allow: ["GET"])
        }
        var fields = BodyFields(request.object, allowed: Self.settings)
        let changes = Self.changes(&fields)
        let field = try await RecordFields(self.helpdesk).update(
            RecordFieldID(id), self.entity, changes, fieldErrors: fields.errors, by: request.principal)
        return .ok(.object(self.present(field)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id = try (request.id() as RecordFieldID).rawValue
        if id < RecordField.firstCustomID {
            throw HavenError.methodNotAllowed(message: "A built-in field cannot be deleted", allow: ["GET"])
        }
        try await RecordFields(self.helpdesk).delete(RecordFieldID(id), self.entity, by: request.principal)
        return .noContent
    }
}
