/// The JSON form of `SecurityPolicy`, used for storage and by the console's form: every key optional on input
/// (a missing key keeps the current value), every value checked against its bounds, every problem named.
public enum SecurityPolicyCoding {
    public static func encode(_ policy: SecurityPolicy) -> JSONObject {
        func audience(_ value: SecurityPolicy.AudiencePolicy) -> JSONValue {
            [
                "password_minimum_length": .int(Int64(value.passwordMinimumLength)),
                "max_failures": .int(Int64(value.maxFailures)),
                "first_lock_minutes": .int(value.firstLockMinutes),
                "idle_timeout_minutes": .int(value.idleTimeoutMinutes),
                "absolute_timeout_hours": .int(value.absoluteTimeoutHours),
                "max_concurrent_sessions": .int(Int64(value.maxConcurrentSessions)),
            ]
        }
        var allowlists = JSONObject()
        for scope in SecurityPolicy.AllowlistScope.allCases {
            allowlists.append(scope.rawValue, .strings(policy.allowlist(scope)))
        }
        return [
            "agents": audience(policy.agents),
            "contacts": audience(policy.contacts),
            "two_factor": .string(policy.twoFactor.rawValue),
            "allowlists": .object(allowlists),
            "mask_card_numbers": .bool(policy.maskCardNumbers),
        ]
    }

    /// Applies `object` over `base`; throws `HavenError.validation` naming every bad field.
    public static func decode(_ object: JSONObject, over base: SecurityPolicy) throws -> SecurityPolicy {
        var policy = base
        var problems: [FieldError] = []
        for (key, value) in object {
            switch key {
            case "agents", "contacts":
                guard let settings = value.objectValue else {
                    problems.append(FieldError(field: key, message: "must be an object", code: .invalidValue))
                    continue
                }
                var audience = key == "agents" ? policy.agents : policy.contacts
                self.apply(settings, to: &audience, prefix: key, problems: &problems)
                if key == "agents" { policy.agents = audience } else { policy.contacts = audience }
            case "two_factor":
                guard let raw = value.stringValue, let requirement = SecurityPolicy.TwoFactorRequirement(rawValue: raw) else {
                    problems.append(FieldError(field: key, message: "must be optional, admins or all_agents", code: .invalidValue))
                    continue
                }
                policy.twoFactor = requirement
            case "mask_card_numbers":
                guard let on = value.boolValue else {
                    problems.append(FieldError(field: key, message: "must be true or false", code: .invalidValue))
                    continue
                }
                policy.maskCardNumbers = on
            case "allowlists":
                guard let lists = value.objectValue else {
                    problems.append(FieldError(field: key, message: "must be an object", code: .invalidValue))
                    continue
                }
                for (scopeName, entries) in lists {
                    guard let scope = SecurityPolicy.AllowlistScope(rawValue: scopeName) else {
                        problems.append(
                            FieldError(field: "allowlists.\(scopeName)", message: "is not console, portal or api", code: .invalidField))
                        continue
                    }
                    switch self.allowlistEntries(entries) {
                    // An empty list is stored as no list, so equal policies compare equal.
                    case .success(let list): policy.allowlists[scope] = list.isEmpty ? nil : list
                    case .failure(let message):
                        problems.append(FieldError(field: "allowlists.\(scopeName)", message: message.description, code: .invalidValue))
                    }
                }
            default:
                problems.append(FieldError(field: key, message: "Unexpected/invalid field in request", code: .invalidField))
            }
        }
        guard problems.isEmpty else { throw HavenError.validation(problems) }
        return policy
    }

    /// The most entries an allowlist may hold: enough for any organisation's ranges, bounded for the request path.
    public static let maximumAllowlistEntries = 2_000

    /// Checks a list of CIDR strings: every malformed entry named in one message.
    public static func allowlistEntries(_ value: JSONValue) -> Result<[String], AllowlistProblem> {
        guard let items = value.arrayValue else { return .failure(AllowlistProblem("must be a list of CIDR blocks")) }
        guard items.count <= self.maximumAllowlistEntries else {
            return .failure(AllowlistProblem("has more than \(self.maximumAllowlistEntries) entries"))
        }
        var entries: [String] = []
        for item in items {
            guard let text = item.stringValue else { return .failure(AllowlistProblem("must hold only strings")) }
            entries.append(text.trimmingWhitespace())
        }
        let problems = IPAllowlist.parse(entries).problems
        guard problems.isEmpty else { return .failure(AllowlistProblem(problems.joined(separator: "; "))) }
        return .success(entries)
    }

    public struct AllowlistProblem: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    private static func apply(
        _ settings: JSONObject, to audience: inout SecurityPolicy.AudiencePolicy, prefix: String, problems: inout [FieldError]
    ) {
        for (key, value) in settings {
            let field = "\(prefix).\(key)"
            guard let bounds = SecurityPolicy.AudiencePolicy.bounds[key] else {
                problems.append(FieldError(field: field, message: "Unexpected/invalid field in request", code: .invalidField))
                continue
            }
            guard let number = value.intValue, bounds.contains(number) else {
                problems.append(
                    FieldError(
                        field: field, message: "must be a whole number from \(bounds.lowerBound) to \(bounds.upperBound)",
                        code: .invalidValue))
                continue
            }
            switch key {
            case "password_minimum_length": audience.passwordMinimumLength = Int(number)
            case "max_failures": audience.maxFailures = Int(number)
            case "first_lock_minutes": audience.firstLockMinutes = number
            case "idle_timeout_minutes": audience.idleTimeoutMinutes = number
            case "absolute_timeout_hours": audience.absoluteTimeoutHours = number
            default: audience.maxConcurrentSessions = Int(number)
            }
        }
    }
}
