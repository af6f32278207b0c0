public import HavenCore
import HavenStore

/// Contacts' and companies' custom fields (Freshdesk's `contact_fields` / `company_fields`): every agent reads them,
/// administrators define them. A field is named after its label (lower case, other characters as `_`), never a
/// built-in field's name; deleting one removes its values from every record in the same change. One transaction
/// with its audit entry each.
public struct RecordFields: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a create or update may set (nil: unchanged).
    public struct Changes: Sendable {
        public var label: String?
        public var labelForCustomers: String?
        public var position: Int64?
        public var requiredForAgents: Bool?
        public var requiredForCustomers: Bool?
        public var customersCanEdit: Bool?
        public var displayedForCustomers: Bool?
        public var editableInSignup: Bool?
        public var choices: [String]?

        public init() {}
    }

    /// The built-in fields' names: a custom field may not take one.
    public static let builtIn: [RecordField.Entity: [String]] = [
        .contact: [
            "name", "job_title", "email", "phone", "mobile", "twitter_id", "unique_external_id", "company_name", "address",
            "time_zone", "language", "tag_names", "description", "other_emails", "company_id", "view_all_tickets", "other_companies",
        ],
        .company: ["name", "description", "note", "domains", "health_score", "account_tier", "renewal_date", "industry"],
    ]

    public func all(_ entity: RecordField.Entity, by principal: Principal) async throws -> [RecordField] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.recordFields.all(principal.tenant, entity: entity, on: sql)
        }
    }

    public func find(_ id: RecordFieldID, _ entity: RecordField.Entity, by principal: Principal) async throws -> RecordField {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let field = try await store.recordFields.find(principal.tenant, id, entity: entity, on: sql) else {
                throw HavenError.notFound
            }
            return field
        }
    }

    public func create(
        _ entity: RecordField.Entity, type: TicketField.CustomType?, _ changes: Changes, fieldErrors: [FieldError] = [],
        by principal: Principal
    ) async throws -> RecordField {
        var errors = fieldErrors
        let label = changes.label?.trimmingWhitespace() ?? ""
        let name = Self.name(forLabel: label)
        if changes.label == nil {
            errors.append(.missing("label"))
        } else if name.isEmpty {
            errors.append(.invalid("label", "It should contain at least one letter or digit"))
        }
        if type == nil { errors.append(.missing("type")) }
        if type == .secure { errors.append(.notOneOf("type", Self.types)) }
        if type == .dropdown && (changes.choices ?? []).isEmpty { errors.append(.missing("choices")) }
        if type != .dropdown && changes.choices != nil { errors.append(.invalid("choices", "Only dropdown fields have choices")) }
        errors += Self.problems(changes)
        if Self.builtIn[entity]!.contains(name) {
            errors.append(.invalid("label", "\(name) is a built-in \(entity.rawValue) field"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageFields) { change in
            let existing = try await store.recordFields.all(change.tenant, entity: entity, on: change.sql)
            if let clash = existing.first(where: { $0.name == name }) {
                throw HavenError.conflict([
                    FieldError(
                        field: "label", message: "A field named \(name) already exists", code: .duplicateValue,
                        additionalInfo: ["id": clash.id.rawValue])
                ])
            }
            var field = RecordField(
                tenantID: change.tenant,
                id: RecordFieldID(RecordField.firstCustomID + (try await IDSequences.next("record_fields", on: change.sql))),
                entity: entity, name: name, label: label, type: type!,
                position: changes.position ?? ((existing.map(\.position).max() ?? 0) + 1), at: change.now)
            Self.apply(changes, to: &field)
            try await store.recordFields.insert(field, on: change.sql)
            try await change.record(
                entity == .contact ? .contactFieldCreated : .companyFieldCreated, .recordField(field),
                details: ["name": .string(name), "type": .string(field.type.rawValue)])
            return field
        }
    }

    public func update(
        _ id: RecordFieldID, _ entity: RecordField.Entity, _ changes: Changes, fieldErrors: [FieldError] = [], by principal: Principal
    )
        async throws -> RecordField
    {
        var errors = fieldErrors + Self.problems(changes)
        if let label = changes.label, Self.name(forLabel: label).isEmpty {
            errors.append(.invalid("label", "It should contain at least one letter or digit"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageFields) { change in
            guard var field = try await store.recordFields.find(change.tenant, id, entity: entity, on: change.sql) else {
                throw HavenError.notFound
            }
            if changes.choices != nil && field.type != .dropdown {
                throw HavenError.validation([.invalid("choices", "Only dropdown fields have choices")])
            }
            let before = field
            Self.apply(changes, to: &field)
            field.updatedAt = change.now
            try await store.recordFields.update(field, on: change.sql)
            let changed = [
                ("label", before.label != field.label), ("label_for_customers", before.labelForCustomers != field.labelForCustomers),
                ("position", before.position != field.position),
                ("required_for_agents", before.requiredForAgents != field.requiredForAgents),
                ("required_for_customers", before.requiredForCustomers != field.requiredForCustomers),
                ("customers_can_edit", before.customersCanEdit != field.customersCanEdit),
                ("displayed_for_customers", before.displayedForCustomers != field.displayedForCustomers),
                ("editable_in_signup", before.editableInSignup != field.editableInSignup), ("choices", before.choices != field.choices),
            ].filter(\.1).map(\.0)
            try await change.record(
                entity == .contact ? .contactFieldUpdated : .companyFieldUpdated, .recordField(field),
                details: ["changed": .strings(changed)])
            return field
        }
    }

    /// Deletes the field and its values on every record of the kind (sealed values are opened, cut and sealed again
    /// in the same change), so a later field of the same name starts empty.
    public func delete(_ id: RecordFieldID, _ entity: RecordField.Entity, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageFields) { change in
            guard let field = try await store.recordFields.find(change.tenant, id, entity: entity, on: change.sql) else {
                throw HavenError.notFound
            }
            try await store.recordFields.delete(change.tenant, id, on: change.sql)
            let cleared: Int
            switch entity {
            case .contact: cleared = try await store.contacts.removeCustomValue(field.name, change.tenant, on: change.sql)
            case .company: cleared = try await store.companies.removeCustomValue(field.name, change.tenant, on: change.sql)
            }
            try await change.record(
                entity == .contact ? .contactFieldDeleted : .companyFieldDeleted, .recordField(field),
                details: ["name": .string(field.name), "values_removed": .int(Int64(cleared))])
        }
    }

    public static let types: [String] = TicketField.CustomType.allCases.filter { $0 != .secure }.map(\.rawValue)

    /// `Departure date` → `departure_date`.
    static func name(forLabel label: String) -> String {
        let slug = String(label.lowercased().map { ($0.isLetter || $0.isNumber) && $0.isASCII ? $0 : "_" })
        return slug.split(separator: "_").joined(separator: "_")
    }

    static func problems(_ changes: Changes) -> [FieldError] {
        var errors: [FieldError] = []
        if let label = changes.label?.trimmingWhitespace(), label.isEmpty || label.count > 255 {
            errors.append(.invalid("label", "It should be 1 to 255 characters"))
        }
        if let label = changes.labelForCustomers, label.count > 255 {
            errors.append(.invalid("label_for_customers", "It should be at most 255 characters"))
        }
        if let position = changes.position, !(1...10_000).contains(position) {
            errors.append(.invalid("position", "It should be between 1 and 10000"))
        }
        if let choices = changes.choices, choices.isEmpty || Set(choices).count != choices.count || choices.contains(where: \.isEmpty) {
            errors.append(.invalid("choices", "It should contain at least one value, none empty and no duplicates"))
        }
        return errors
    }

    static func apply(_ changes: Changes, to field: inout RecordField) {
        if let label = changes.label?.trimmingWhitespace() { field.label = label }
        field.labelForCustomers = changes.labelForCustomers ?? (field.labelForCustomers.isEmpty ? field.label : field.labelForCustomers)
        if let position = changes.position { field.position = position }
        if let flag = changes.requiredForAgents { field.requiredForAgents = flag }
        if let flag = changes.requiredForCustomers { field.requiredForCustomers = flag }
        if let flag = changes.customersCanEdit { field.customersCanEdit = flag }
        if let flag = changes.displayedForCustomers { field.displayedForCustomers = flag }
        if let flag = changes.editableInSignup { field.editableInSignup = flag }
        if let choices = changes.choices { field.choices = choices }
    }

    /// A record's custom values after a create or update: each checked against its field, merged into what was
    /// stored; on create, fields required for agents must have one. The caller's input is nil when none was given.
    static func values(
        _ input: JSONObject?, stored: JSONObject, creating: Bool, entity: RecordField.Entity, store: Store, change: Change
    ) async throws -> JSONObject {
        guard input != nil || creating else { return stored }
        let fields = try await store.recordFields.all(change.tenant, entity: entity, on: change.sql)
        let definitions = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var errors: [FieldError] = []
        let accepted = input.map { CustomFieldValidator.validate($0, definitions: definitions, errors: &errors) } ?? JSONObject()
        let merged = CustomFieldValidator.merge(stored, accepted)
        for field in fields where field.requiredForAgents && (merged[field.name] ?? .null) == .null {
            if creating || accepted[field.name] != nil { errors.append(.missing(field.name)) }
        }
        if !errors.isEmpty {
            throw HavenError.validation(errors.map { FieldError(field: "custom_fields.\($0.field)", message: $0.message, code: $0.code) })
        }
        return merged
    }
}
