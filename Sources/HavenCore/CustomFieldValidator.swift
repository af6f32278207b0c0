/// Checks a record's `custom_fields` (a ticket's, contact's or company's) against the tenant's field definitions: known names only, each value of
/// its field's type (text ≤ 255 characters, paragraph, integer number, boolean checkbox, a dropdown choice, a
/// `YYYY-MM-DD` date). `null` clears a value.
public enum CustomFieldValidator {
    public static func validate<Field: CustomFieldDefinition>(
        _ input: JSONObject,
        definitions: [String: Field],
        errors: inout [FieldError]
    ) -> JSONObject {
        var accepted = JSONObject()
        for (name, value) in input {
            guard let field = definitions[name], let type = field.customType else {
                errors.append(.unexpected(name))
                continue
            }
            if value == .null {
                accepted[name] = .null
            } else if let problem = self.problem(value, type: type, field: field) {
                errors.append(problem)
            } else {
                accepted[name] = value
            }
        }
        return accepted
    }

    /// Why `value` does not fit a field of `type`, or nil when it does.
    static func problem(_ value: JSONValue, type: TicketField.CustomType, field: some CustomFieldDefinition) -> FieldError? {
        let name = field.name
        switch type {
        case .text, .secure:
            guard case .string(let text) = value else { return .wrongType(name, "String") }
            return text.count <= 255 ? nil : .invalid(name, "Has \(text.count) characters, it can have maximum of 255 characters")
        case .paragraph:
            guard case .string(let text) = value else { return .wrongType(name, "String") }
            return text.count <= 65_535 ? nil : .invalid(name, "It is too long")
        case .number:
            guard case .int = value else { return .wrongType(name, "Integer") }
            return nil
        case .checkbox:
            guard case .bool = value else { return .wrongType(name, "Boolean") }
            return nil
        case .dropdown:
            guard case .string(let text) = value, field.choices.contains(text) else { return .notOneOf(name, field.choices) }
            return nil
        case .date:
            guard case .string(let text) = value, TimestampParser.parseDay(text) != nil else {
                return .invalid(name, "It should be in the 'YYYY-MM-DD' format")
            }
            return nil
        }
    }

    /// Merges an update into stored values: present keys replace, `null` removes.
    public static func merge(_ stored: JSONObject, _ update: JSONObject) -> JSONObject {
        var merged = stored
        for (name, value) in update {
            // Spelled out: `nil` alone would be read as JSON's null (`JSONValue` takes the nil literal) and kept.
            merged[name] = value == .null ? JSONValue?.none : value
        }
        return merged
    }

    /// Every custom field value as the API shows it: all defined custom fields present, `null` when unset.
    public static func present<Field: CustomFieldDefinition>(_ stored: JSONObject, definitions: [String: Field]) -> JSONObject {
        var result = JSONObject()
        for field in definitions.values.sorted(by: { $0.position < $1.position }) {
            result.append(field.name, stored[field.name] ?? .null)
        }
        return result
    }
}
