/// Checks a ticket's `custom_fields` against the tenant's custom field definitions: known names only, each value of
/// its field's type (text ≤ 255 characters, paragraph, integer number, boolean checkbox, a dropdown choice, a
/// `YYYY-MM-DD` date). `null` clears a value.
public enum CustomFieldValidator {
    public static func validate(
        _ input: JSONObject,
        definitions: [String: TicketField],
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
                continue
            }
            switch type {
            case .text:
                guard case .string(let text) = value else {
                    errors.append(.wrongType(name, "String"))
                    continue
                }
                guard text.count <= 255 else {
                    errors.append(.invalid(name, "Has \(text.count) characters, it can have maximum of 255 characters"))
                    continue
                }
                accepted[name] = value
            case .paragraph:
                guard case .string(let text) = value else {
                    errors.append(.wrongType(name, "String"))
                    continue
                }
                guard text.count <= 65_535 else {
                    errors.append(.invalid(name, "It is too long"))
                    continue
                }
                accepted[name] = value
            case .number:
                guard case .int = value else {
                    errors.append(.wrongType(name, "Integer"))
                    continue
                }
                accepted[name] = value
            case .checkbox:
                guard case .bool = value else {
                    errors.append(.wrongType(name, "Boolean"))
                    continue
                }
                accepted[name] = value
            case .dropdown:
                guard case .string(let text) = value, field.choices.contains(text) else {
                    errors.append(.notOneOf(name, field.choices))
                    continue
                }
                accepted[name] = value
            case .date:
                guard case .string(let text) = value, TimestampParser.parseDay(text) != nil else {
                    errors.append(.invalid(name, "It should be in the 'YYYY-MM-DD' format"))
                    continue
                }
                accepted[name] = value
            }
        }
        return accepted
    }

    /// Merges an update into stored values: present keys replace, `null` removes.
    public static func merge(_ stored: JSONObject, _ update: JSONObject) -> JSONObject {
        var merged = stored
        for (name, value) in update {
            merged[name] = value == .null ? nil : value
        }
        return merged
    }

    /// Every custom field value as the API shows it: all defined custom fields present, `null` when unset.
    public static func present(_ stored: JSONObject, definitions: [String: TicketField]) -> JSONObject {
        var result = JSONObject()
        for field in definitions.values.sorted(by: { $0.position < $1.position }) {
            result.append(field.name, stored[field.name] ?? .null)
        }
        return result
    }
}
