import HavenCore

/// Reads a JSON request body field by field and collects every problem, so one 400 names them all (as Freshdesk's
/// "Validation failed" list does). Unknown keys are errors. Getters distinguish an absent key (`nil`) from an
/// explicit `null` (`.some(nil)`), which updates need: absent leaves a value alone, null clears it.
struct BodyFields {
    let object: JSONObject
    private(set) var errors: [FieldError] = []

    init(_ object: JSONObject, allowed: Set<String>) {
        self.object = object
        var seen = Set<String>()
        for key in object.keys where !allowed.contains(key) && seen.insert(key).inserted {
            self.errors.append(.unexpected(key))
        }
    }

    func has(_ key: String) -> Bool { self.object[key] != nil }

    mutating func fail(_ error: FieldError) {
        if !self.errors.contains(where: { $0.field == error.field }) {
            self.errors.append(error)
        }
    }

    mutating func require(_ key: String) {
        if self.object[key] == nil || self.object[key] == .null {
            self.fail(.missing(key))
        }
    }

    func finish() throws(HavenError) {
        if !self.errors.isEmpty {
            throw HavenError.validation(self.errors)
        }
    }

    mutating func string(_ key: String, maxLength: Int = 255, allowEmpty: Bool = true) -> String?? {
        guard let value = self.object[key] else { return nil }
        switch value {
        case .null: return .some(nil)
        case .string(let text):
            if text.count > maxLength {
                self.fail(.invalid(key, "Has \(text.count) characters, it can have maximum of \(maxLength) characters"))
                return nil
            }
            if !allowEmpty && text.trimmingWhitespace().isEmpty {
                self.fail(.invalid(key, "It should not be blank as this is a mandatory field"))
                return nil
            }
            return .some(text)
        default:
            self.fail(.wrongType(key, "String"))
            return nil
        }
    }

    /// A required-when-present string that may not be null.
    mutating func nonNullString(_ key: String, maxLength: Int = 255, allowEmpty: Bool = false) -> String? {
        switch self.string(key, maxLength: maxLength, allowEmpty: allowEmpty) {
        case nil: return nil
        case .some(nil):
            self.fail(.wrongType(key, "String"))
            return nil
        case .some(.some(let text)): return text
        }
    }

    mutating func email(_ key: String) -> String?? {
        guard let value = self.string(key, maxLength: 254) else { return nil }
        guard let text = value else { return .some(nil) }
        let trimmed = text.trimmingWhitespace()
        guard EmailAddress.isValid(trimmed) else {
            self.fail(.invalid(key, "It should be in the 'valid email address' format"))
            return nil
        }
        return .some(trimmed)
    }

    mutating func integer(_ key: String, allowed: [Int64]? = nil, positive: Bool = false) -> Int64?? {
        guard let value = self.object[key] else { return nil }
        if value == .null { return .some(nil) }
        guard case .int(let number) = value else {
            self.fail(.wrongType(key, positive ? "Positive Integer" : "Integer"))
            return nil
        }
        if let allowed, !allowed.contains(number) {
            self.fail(.notOneOf(key, allowed.map(String.init)))
            return nil
        }
        if positive && number <= 0 {
            self.fail(.wrongType(key, "Positive Integer"))
            return nil
        }
        return .some(number)
    }

    mutating func nonNullInteger(_ key: String, allowed: [Int64]? = nil) -> Int64? {
        switch self.integer(key, allowed: allowed) {
        case nil: return nil
        case .some(nil):
            if let allowed {
                self.fail(.notOneOf(key, allowed.map(String.init)))
            } else {
                self.fail(.wrongType(key, "Integer"))
            }
            return nil
        case .some(.some(let number)): return number
        }
    }

    mutating func id<K>(_ key: String) -> Identifier<K>?? {
        guard let value = self.integer(key, positive: true) else { return nil }
        return .some(value.map { Identifier($0) })
    }

    mutating func boolean(_ key: String) -> Bool? {
        guard let value = self.object[key] else { return nil }
        guard case .bool(let flag) = value else {
            self.fail(.wrongType(key, "Boolean"))
            return nil
        }
        return flag
    }

    mutating func timestamp(_ key: String) -> Timestamp?? {
        guard let value = self.object[key] else { return nil }
        if value == .null { return .some(nil) }
        guard case .string(let text) = value, let time = TimestampParser.parse(text.trimmingWhitespace()) else {
            self.fail(.invalid(key, "It should be in the 'YYYY-MM-DDTHH:MM:SSZ' format"))
            return nil
        }
        return .some(time)
    }

    mutating func stringArray(_ key: String, itemMaxLength: Int = 255, maxCount: Int = 100) -> [String]? {
        guard let value = self.object[key] else { return nil }
        guard case .array(let items) = value else {
            self.fail(.wrongType(key, "Array"))
            return nil
        }
        guard items.count <= maxCount else {
            self.fail(.invalid(key, "It can have a maximum of \(maxCount) values"))
            return nil
        }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else {
                self.fail(.invalid(key, "It should contain elements of type String only"))
                return nil
            }
            guard text.count <= itemMaxLength else {
                self.fail(.invalid(key, "Each value can have a maximum of \(itemMaxLength) characters"))
                return nil
            }
            result.append(text)
        }
        return result
    }

    mutating func emailArray(_ key: String) -> [String]? {
        guard let items = self.stringArray(key, itemMaxLength: 254, maxCount: 50) else { return nil }
        let trimmed = items.map { $0.trimmingWhitespace() }
        guard trimmed.allSatisfy(EmailAddress.isValid) else {
            self.fail(.invalid(key, "It should contain elements that are in the 'valid email address' format"))
            return nil
        }
        return trimmed
    }

    /// Tags: non-empty strings of at most 32 characters without commas (a comma would split them on the wire).
    mutating func tags(_ key: String) -> [String]? {
        guard let items = self.stringArray(key, itemMaxLength: 32, maxCount: 100) else { return nil }
        let cleaned = items.map { $0.trimmingWhitespace() }
        guard cleaned.allSatisfy({ !$0.isEmpty && !$0.contains(",") }) else {
            self.fail(.invalid(key, "Tags must be non-empty and must not contain commas"))
            return nil
        }
        var seen = Set<String>()
        return cleaned.filter { seen.insert($0.lowercased()).inserted }
    }

    mutating func idArray<K>(_ key: String) -> [Identifier<K>]? {
        guard let value = self.object[key] else { return nil }
        guard case .array(let items) = value else {
            self.fail(.wrongType(key, "Array"))
            return nil
        }
        var result: [Identifier<K>] = []
        for item in items {
            guard case .int(let number) = item, number > 0 else {
                self.fail(.invalid(key, "It should contain elements of type Positive Integer only"))
                return nil
            }
            result.append(Identifier(number))
        }
        return result
    }

    /// Dropdown choices as Freshdesk's clients send them: strings, or objects with `value` (or `label`) and an
    /// optional `position` that orders them.
    mutating func choices(_ key: String) -> [String]? {
        guard let value = self.object[key] else { return nil }
        guard case .array(let items) = value, items.count <= 500 else {
            self.fail(.invalid(key, "It should be an array of at most 500 choices"))
            return nil
        }
        var choices: [(position: Int64, text: String)] = []
        for (index, item) in items.enumerated() {
            let text = item.stringValue ?? item.objectValue.flatMap { ($0["value"] ?? $0["label"])?.stringValue }
            guard let text, text.count <= 255 else {
                self.fail(.invalid(key, "Each choice should be a string of at most 255 characters, or {\"value\": …, \"position\": …}"))
                return nil
            }
            choices.append((item.objectValue?["position"]?.intValue ?? Int64(index + 1), text))
        }
        return choices.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element.text)
    }

    mutating func objectValue(_ key: String) -> JSONObject? {
        guard let value = self.object[key] else { return nil }
        guard case .object(let object) = value else {
            self.fail(.wrongType(key, "key/value pair"))
            return nil
        }
        return object
    }
}
