/// Reads a JSON object's members by name, collecting every problem as a `FieldError` named by its path
/// (`sla_target.priority_4.respond_within`): the SLA and business-hours shapes are nested, and a client should see
/// every problem of a body at once.
struct JSONReader {
    let object: JSONObject
    let path: String
    var errors: [FieldError]

    init(_ value: JSONValue, path: String, errors: [FieldError]) {
        self.path = path
        self.errors = errors
        if case .object(let object) = value {
            self.object = object
        } else {
            self.object = JSONObject()
            self.errors.append(.wrongType(path, "key/value pair"))
        }
    }

    func name(_ key: String) -> String { self.path.isEmpty ? key : "\(self.path).\(key)" }

    /// Members not in `allowed` are refused, each by name.
    mutating func only(_ allowed: Set<String>) {
        for key in self.object.keys where !allowed.contains(key) { self.errors.append(.unexpected(self.name(key))) }
    }

    mutating func int(_ key: String, required: Bool) -> Int64? {
        guard let value = self.object[key], !value.isNull else {
            if required { self.errors.append(.missing(self.name(key))) }
            return nil
        }
        guard let int = value.intValue else {
            self.errors.append(.wrongType(self.name(key), "Integer"))
            return nil
        }
        return int
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = self.object[key], !value.isNull else { return nil }
        guard let bool = value.boolValue else {
            self.errors.append(.wrongType(self.name(key), "Boolean"))
            return nil
        }
        return bool
    }

    mutating func string(_ key: String, required: Bool) -> String? {
        guard let value = self.object[key], !value.isNull else {
            if required { self.errors.append(.missing(self.name(key))) }
            return nil
        }
        guard let string = value.stringValue else {
            self.errors.append(.wrongType(self.name(key), "String"))
            return nil
        }
        return string
    }

    mutating func array(_ key: String) -> [JSONValue]? {
        guard let value = self.object[key], !value.isNull else { return nil }
        guard let array = value.arrayValue else {
            self.errors.append(.wrongType(self.name(key), "Array"))
            return nil
        }
        return array
    }

    /// A list of positive integer ids, without repeats.
    mutating func ids(_ key: String, allowing extra: Set<Int64> = []) -> [Int64] {
        guard let array = self.array(key) else { return [] }
        var ids: [Int64] = []
        for item in array {
            guard let id = item.intValue, id > 0 || extra.contains(id) else {
                self.errors.append(.invalid(self.name(key), "It should contain only positive integers"))
                return []
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}
