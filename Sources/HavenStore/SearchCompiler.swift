import HavenCore
import HavenCrypto

/// Turns a parsed search expression into a SQL condition for one resource, checking every field and value type on
/// the way. Every value travels as a bind; field names only ever select from the fixed tables below.
public struct SearchCompiler: Sendable {
    public enum Resource: Sendable {
        case tickets(customFields: [String: TicketField])
        case contacts
        case companies
    }

    enum FieldKind {
        case integer(column: String, allowed: [Int64]?, nullable: Bool)
        case date(column: String)
        case string(column: String)
        case boolean(column: String)
        case ticketTag
        case jsonListContains(column: String)
        case email
        case phone(column: String)
        case customString(path: String)
        case customInteger(path: String)
        case customBoolean(path: String)
        case customDate(path: String)
    }

    let resource: Resource
    let index: any LookupIndex
    let tenant: TenantID

    public init(resource: Resource, index: any LookupIndex, tenant: TenantID) {
        self.resource = resource
        self.index = index
        self.tenant = tenant
    }

    public func compile(_ expression: SearchExpression) throws -> SQL {
        switch expression {
        case .and(let left, let right):
            return "(" + (try self.compile(left)) + ") AND (" + (try self.compile(right)) + ")"
        case .or(let left, let right):
            return "(" + (try self.compile(left)) + ") OR (" + (try self.compile(right)) + ")"
        case .condition(let condition):
            return try self.compile(condition)
        }
    }

    func kind(of field: String) -> FieldKind? {
        switch self.resource {
        case .tickets(let customFields):
            switch field {
            case "agent_id": return .integer(column: "responder_id", allowed: nil, nullable: true)
            case "group_id": return .integer(column: "group_id", allowed: nil, nullable: true)
            case "priority": return .integer(column: "priority", allowed: [1, 2, 3, 4], nullable: false)
            case "status": return .integer(column: "status", allowed: TicketStatus.searchableValues, nullable: false)
            case "tag": return .ticketTag
            case "type": return .string(column: "ticket_type")
            case "due_by", "fr_due_by", "created_at", "updated_at": return .date(column: field)
            default:
                guard let custom = customFields[field], let type = custom.customType else { return nil }
                let path = "$.\"\(field)\""
                switch type {
                case .text, .paragraph, .dropdown: return .customString(path: path)
                case .number: return .customInteger(path: path)
                case .checkbox: return .customBoolean(path: path)
                case .date: return .customDate(path: path)
                }
            }
        case .contacts:
            switch field {
            case "active": return .boolean(column: "active")
            case "company_id": return .integer(column: "company_id", allowed: nil, nullable: true)
            case "twitter_id": return .string(column: "twitter_id")
            case "email": return .email
            case "phone": return .phone(column: "phone_index")
            case "mobile": return .phone(column: "mobile_index")
            case "tag": return .jsonListContains(column: "tags")
            case "language": return .string(column: "language")
            case "time_zone": return .string(column: "time_zone")
            case "created_at", "updated_at": return .date(column: field)
            default: return nil
            }
        case .companies:
            switch field {
            case "domain": return .jsonListContains(column: "domains")
            case "created_at", "updated_at": return .date(column: field)
            default: return nil
            }
        }
    }

    private func compile(_ condition: SearchCondition) throws -> SQL {
        let field = condition.field
        guard let kind = self.kind(of: field) else {
            throw HavenError.validation([FieldError(field: field, message: "Unexpected/invalid field in request", code: .invalidField)])
        }
        func mismatch(_ expected: String) -> HavenError {
            .validation([.wrongType(field, expected)])
        }
        func rangeNotAllowed() throws {
            if condition.op != .equals {
                throw HavenError.validation([
                    .invalid(field, "The operators :> and :< apply only to number and date fields")
                ])
            }
        }
        switch kind {
        case .integer(let column, let allowed, let nullable):
            switch condition.value {
            case .null where nullable && condition.op == .equals:
                return SQL(raw: "\(column) IS NULL")
            case .integer(let value):
                if let allowed, !allowed.contains(value) {
                    throw HavenError.validation([.notOneOf(field, allowed.map(String.init))])
                }
                return SQL(raw: column) + self.comparison(condition.op, .int(value))
            default:
                throw mismatch("Integer")
            }
        case .date(let column):
            switch condition.value {
            case .null where condition.op == .equals:
                return SQL(raw: "\(column) IS NULL")
            case .string(let text):
                guard let day = TimestampParser.parseDay(text) else {
                    throw HavenError.validation([.invalid(field, "It should be a date in the format 'yyyy-mm-dd'")])
                }
                let start = day.secondsSince1970
                let end = start + 86_400
                switch condition.op {
                case .equals: return SQL(raw: "\(column) >= ") + .bind(.int(start)) + SQL(raw: " AND \(column) < ") + .bind(.int(end))
                case .atLeast: return SQL(raw: "\(column) >= ") + .bind(.int(start))
                case .atMost: return SQL(raw: "\(column) < ") + .bind(.int(end))
                }
            default:
                throw mismatch("date in the format 'yyyy-mm-dd'")
            }
        case .string(let column):
            try rangeNotAllowed()
            switch condition.value {
            case .null: return SQL(raw: "\(column) IS NULL")
            case .string(let text): return SQL(raw: "\(column) = ") + .bind(.text(text)) + " COLLATE NOCASE"
            default: throw mismatch("String")
            }
        case .boolean(let column):
            try rangeNotAllowed()
            guard case .boolean(let flag) = condition.value else { throw mismatch("Boolean") }
            return SQL(raw: "\(column) = ") + .bind(.bool(flag))
        case .ticketTag:
            try rangeNotAllowed()
            switch condition.value {
            case .null:
                return "NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tenant_id = tickets.tenant_id AND g.ticket_id = tickets.id)"
            case .string(let tag):
                return "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tenant_id = tickets.tenant_id AND g.ticket_id = tickets.id AND g.tag = "
                    + .bind(.text(tag)) + " COLLATE NOCASE)"
            default: throw mismatch("String")
            }
        case .jsonListContains(let column):
            try rangeNotAllowed()
            switch condition.value {
            case .null: return SQL(raw: "json_array_length(\(column)) = 0")
            case .string(let text):
                return SQL(raw: "EXISTS (SELECT 1 FROM json_each(\(column)) j WHERE j.value = ") + .bind(.text(text))
                    + " COLLATE NOCASE)"
            default: throw mismatch("String")
            }
        case .email:
            try rangeNotAllowed()
            switch condition.value {
            case .null: return "email_index IS NULL"
            case .string(let text):
                return "id IN (SELECT user_id FROM user_emails e WHERE e.tenant_id = users.tenant_id AND e.email_index = "
                    + .bind(.text(self.index.email(self.tenant, text))) + ")"
            default: throw mismatch("String")
            }
        case .phone(let column):
            try rangeNotAllowed()
            switch condition.value {
            case .null: return SQL(raw: "\(column) IS NULL")
            case .string(let text): return SQL(raw: "\(column) = ") + .bind(.text(self.index.phone(self.tenant, text)))
            default: throw mismatch("String")
            }
        case .customString(let path):
            try rangeNotAllowed()
            switch condition.value {
            case .null: return "json_extract(custom_fields, " + .bind(.text(path)) + ") IS NULL"
            case .string(let text):
                return "json_extract(custom_fields, " + .bind(.text(path)) + ") = " + .bind(.text(text)) + " COLLATE NOCASE"
            default: throw mismatch("String")
            }
        case .customInteger(let path):
            switch condition.value {
            case .null where condition.op == .equals:
                return "json_extract(custom_fields, " + .bind(.text(path)) + ") IS NULL"
            case .integer(let value):
                return "json_extract(custom_fields, " + .bind(.text(path)) + ")" + self.comparison(condition.op, .int(value))
            default: throw mismatch("Integer")
            }
        case .customBoolean(let path):
            try rangeNotAllowed()
            guard case .boolean(let flag) = condition.value else { throw mismatch("Boolean") }
            return "coalesce(json_extract(custom_fields, " + .bind(.text(path)) + "), 0) = " + .bind(.bool(flag))
        case .customDate(let path):
            switch condition.value {
            case .null where condition.op == .equals:
                return "json_extract(custom_fields, " + .bind(.text(path)) + ") IS NULL"
            case .string(let text):
                guard TimestampParser.parseDay(text) != nil else {
                    throw HavenError.validation([.invalid(field, "It should be a date in the format 'yyyy-mm-dd'")])
                }
                return "json_extract(custom_fields, " + .bind(.text(path)) + ")" + self.comparison(condition.op, .text(text))
            default: throw mismatch("date in the format 'yyyy-mm-dd'")
            }
        }
    }

    private func comparison(_ op: SearchCondition.Operator, _ value: DBValue) -> SQL {
        switch op {
        case .equals: return " = " + .bind(value)
        case .atLeast: return " >= " + .bind(value)
        case .atMost: return " <= " + .bind(value)
        }
    }
}
