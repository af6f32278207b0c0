import HavenCore

/// The checks the team's named settings share (business hours, SLA policies, scenarios): a name of 1 to 255
/// characters, unique in the tenant, and an optional description of at most 1,000.
enum SettingText {
    static func problems(name: String?, description: String??) -> [FieldError] {
        var errors: [FieldError] = []
        if let name = name?.trimmingWhitespace(), name.isEmpty || name.count > 255 {
            errors.append(.invalid("name", "It should be 1 to 255 characters"))
        }
        if let description = description ?? nil, description.count > 1000 {
            errors.append(.invalid("description", "It should be at most 1,000 characters"))
        }
        return errors
    }

    /// The 409 for a name another record of the kind has, naming that record.
    static func taken(by id: Int64) -> HavenError {
        .conflict([FieldError(field: "name", message: "It should be a unique value", code: .duplicateValue, additionalInfo: ["id": id])])
    }
}
