import HavenCore

/// A `multipart/form-data` body read as the JSON body it stands for, the way Freshdesk reads one (their docs and
/// python-freshdesk send tickets with files like this): `key[]` repeated is an array, `custom_fields[name]` a member
/// of `custom_fields`, numbers and booleans where the field takes one, and the `attachments[]` files apart.
enum FormBodyFields {
    /// Fields whose form text stands for a number or a boolean in JSON.
    static let integers: Set<String> = [
        "status", "priority", "source", "requester_id", "responder_id", "group_id", "company_id", "product_id", "email_config_id",
        "user_id",
    ]
    static let booleans: Set<String> = ["private", "incoming"]

    static func read(_ form: MultipartForm) throws -> (JSONObject, [FileUpload]) {
        var object = JSONObject()
        var arrays: [String: [JSONValue]] = [:]
        var custom = JSONObject()
        var files: [FileUpload] = []
        for part in form.parts {
            if let filename = part.filename {
                guard part.name == "attachments[]" || part.name == "attachments" else {
                    throw HavenError.validation([.invalid(part.name, "Only attachments[] may carry a file")])
                }
                // A file input the client left empty.
                if filename.isEmpty && part.data.isEmpty { continue }
                files.append(FileUpload(name: filename, contentType: part.contentType, data: part.data))
                continue
            }
            guard let text = String(validating: part.data, as: UTF8.self) else {
                throw HavenError.validation([.invalid(part.name, "The value is not UTF-8 text")])
            }
            if part.name.hasSuffix("[]") {
                arrays[String(part.name.dropLast(2)), default: []].append(.string(text))
            } else if part.name.hasPrefix("custom_fields["), part.name.hasSuffix("]") {
                custom[String(part.name.dropFirst("custom_fields[".count).dropLast())] = .string(text)
            } else if object[part.name] != nil {
                throw HavenError.validation([.invalid(part.name, "The field is given twice")])
            } else {
                object[part.name] = Self.value(text, field: part.name)
            }
        }
        for (name, values) in arrays { object[name] = .array(values) }
        if !custom.isEmpty { object["custom_fields"] = .object(custom) }
        return (object, files)
    }

    static func value(_ text: String, field: String) -> JSONValue {
        if Self.integers.contains(field), let number = Int64(text) { return .int(number) }
        if Self.booleans.contains(field), text == "true" || text == "false" { return .bool(text == "true") }
        return .string(text)
    }
}
