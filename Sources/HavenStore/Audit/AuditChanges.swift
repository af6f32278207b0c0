public import HavenCore

/// The "changed fields, before and after" of an audit entry, computed from the record as presented before and after
/// the change. Deny by default: a field's values are written only when the field is named in `revealing` (status,
/// ids, flags — configuration, not people); any other field that changed is listed with `"withheld": true`, so the
/// log says *what* changed without holding personal data that erasing a person must be able to destroy (the
/// details are sealed under the tenant's key, which outlives any one person). Secrets are never revealed.
public enum AuditChanges {
    /// Bookkeeping every record carries; the entry's own time says when.
    static let ignored: Set<String> = ["created_at", "updated_at"]
    /// Names that hold secrets whatever a caller reveals.
    static let secretMarkers = ["api_key", "private_key", "password", "secret", "token"]

    /// `before` nil: a creation (fields with a value are listed); `after` nil: a deletion (nothing listed — the
    /// target names what went).
    public static func between(_ before: JSONObject?, _ after: JSONObject?, revealing: Set<String>) -> JSONObject {
        guard let after else { return JSONObject() }
        var changes = JSONObject()
        var keys = after.keys
        for key in before?.keys ?? [] where after[key] == nil { keys.append(key) }
        for key in keys where !self.ignored.contains(key) {
            let old = before?[key] ?? .null
            let new = after[key] ?? .null
            guard old != new, !(before == nil && Self.isEmpty(new)) else { continue }
            if revealing.contains(key), !Self.isSecret(key) {
                changes.append(key, before == nil ? ["after": new] : ["before": old, "after": new])
            } else {
                changes.append(key, ["withheld": true])
            }
        }
        return changes
    }

    /// The details object of an entry: the changes, plus any context the caller adds.
    public static func details(_ changes: JSONObject, _ context: [(String, JSONValue)] = []) -> JSONObject {
        var details = JSONObject(context)
        if !changes.isEmpty { details.append("changes", .object(changes)) }
        return details
    }

    /// A byte-wise search: field names are ASCII, and Foundation's locale-aware `contains` cost more than the rest of
    /// the entry together on the create path.
    static func isSecret(_ key: String) -> Bool {
        let name = Array(key.utf8)
        return self.secretMarkers.contains { marker in
            let needle = Array(marker.utf8)
            guard needle.count <= name.count else { return false }
            return (0...(name.count - needle.count)).contains { name[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
    }

    static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .array(let items): return items.isEmpty
        case .object(let object): return object.isEmpty
        case .string(let text): return text.isEmpty
        default: return false
        }
    }
}
