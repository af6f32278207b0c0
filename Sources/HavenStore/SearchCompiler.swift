public import HavenCore
import HavenCrypto

/// Turns a parsed search expression into a search plan for one resource, checking every field and value type on the
/// way. Conditions on clear columns become SQL; conditions on sealed values (e-mail, phone, ticket text, custom
/// fields, company domains) become a SQL superset — blind-index candidates, or every row — plus a check on the
/// decrypted record (`CompiledSearch`). Every value travels as a bind; field names only select from the tables below.
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
        case custom(CompiledSearch.CustomType)
        case domain
        case text
    }

    let resource: Resource
    let indexes: TenantIndexes
    let tenant: TenantID
    /// The executor the compiled conditions will run on: its dialect writes the JSON and case-insensitive parts.
    let sql: SQLExecutor

    public init(resource: Resource, indexes: TenantIndexes, tenant: TenantID, on sql: SQLExecutor) {
        self.resource = resource
        self.indexes = indexes
        self.tenant = tenant
        self.sql = sql
    }

    public func compile(_ expression: SearchExpression) throws -> CompiledSearch {
        var leaves: [CompiledSearch.Leaf] = []
        func walk(_ expression: SearchExpression) throws -> CompiledSearch.Node {
            switch expression {
            case .and(let left, let right): return .and(try walk(left), try walk(right))
            case .or(let left, let right): return .or(try walk(left), try walk(right))
            case .condition(let condition):
                leaves.append(try self.compile(condition))
                return .leaf(leaves.count - 1)
            }
        }
        let root = try walk(expression)
        return CompiledSearch(root: root, leaves: leaves)
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
            case "text": return .text
            default:
                guard let custom = customFields[field], let type = custom.customType else { return nil }
                switch type {
                case .text, .paragraph, .dropdown: return .custom(.string)
                case .number: return .custom(.integer)
                case .checkbox: return .custom(.boolean)
                case .date: return .custom(.date)
                // A secure value is never searchable: it is not with the ticket, and a search is an oracle.
                case .secure: return nil
                }
            }
        case .contacts:
            switch field {
            case "active": return .boolean(column: "active")
            case "company_id": return .integer(column: "company_id", allowed: nil, nullable: true)
            case "twitter_id": return .string(column: "twitter_id")
            case "email": return .email
            case "phone": return .phone(column: "phone")
            case "mobile": return .phone(column: "mobile")
            case "tag": return .jsonListContains(column: "tags")
            case "language": return .string(column: "language")
            case "time_zone": return .string(column: "time_zone")
            case "created_at", "updated_at": return .date(column: field)
            default: return nil
            }
        case .companies:
            switch field {
            case "domain": return .domain
            case "created_at", "updated_at": return .date(column: field)
            default: return nil
            }
        }
    }

    private func compile(_ condition: SearchCondition) throws -> CompiledSearch.Leaf {
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
                return .exact(SQL(raw: "\(column) IS NULL"))
            case .integer(let value):
                if let allowed, !allowed.contains(value) {
                    throw HavenError.validation([.notOneOf(field, allowed.map(String.init))])
                }
                return .exact(SQL(raw: column) + self.comparison(condition.op, .int(value)))
            default:
                throw mismatch("Integer")
            }
        case .date(let column):
            switch condition.value {
            case .null where condition.op == .equals:
                return .exact(SQL(raw: "\(column) IS NULL"))
            case .string(let text):
                guard let day = TimestampParser.parseDay(text) else {
                    throw HavenError.validation([.invalid(field, "It should be a date in the format 'yyyy-mm-dd'")])
                }
                let start = day.secondsSince1970
                let end = start + 86_400
                switch condition.op {
                case .equals:
                    return .exact(SQL(raw: "\(column) >= ") + .bind(.int(start)) + SQL(raw: " AND \(column) < ") + .bind(.int(end)))
                case .atLeast: return .exact(SQL(raw: "\(column) >= ") + .bind(.int(start)))
                case .atMost: return .exact(SQL(raw: "\(column) < ") + .bind(.int(end)))
                }
            default:
                throw mismatch("date in the format 'yyyy-mm-dd'")
            }
        case .string(let column):
            try rangeNotAllowed()
            switch condition.value {
            case .null: return .exact(SQL(raw: "\(column) IS NULL"))
            case .string(let text): return .exact(SQL(raw: "\(column) = ") + .bind(.text(text)) + self.sql.caseInsensitive)
            default: throw mismatch("String")
            }
        case .boolean(let column):
            try rangeNotAllowed()
            guard case .boolean(let flag) = condition.value else { throw mismatch("Boolean") }
            return .exact(SQL(raw: "\(column) = ") + .bind(.bool(flag)))
        case .ticketTag:
            try rangeNotAllowed()
            switch condition.value {
            case .null:
                return .exact("NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tenant_id = tickets.tenant_id AND g.ticket_id = tickets.id)")
            case .string(let tag):
                return .exact(
                    "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tenant_id = tickets.tenant_id AND g.ticket_id = tickets.id AND g.tag = "
                        + .bind(.text(tag)) + self.sql.caseInsensitive + ")"
                )
            default: throw mismatch("String")
            }
        case .jsonListContains(let column):
            try rangeNotAllowed()
            switch condition.value {
            case .null: return .exact(self.sql.jsonLength(column) + " = 0")
            case .string(let text):
                return .exact(
                    "EXISTS (SELECT 1 FROM \(self.sql.jsonElements(SQL(raw: column))) j WHERE j.value = \(text)\(self.sql.caseInsensitive))"
                )
            default: throw mismatch("String")
            }
        case .email:
            try rangeNotAllowed()
            switch condition.value {
            case .null: return .exact("email IS NULL")
            case .string(let text):
                let token = self.indexes.email.token(TextNormalizer.email(text))
                return .sealed(.email(text), prefilter: "id IN (" + IndexTokens.candidateQuery(.email, self.tenant, tokens: [token]) + ")")
            default: throw mismatch("String")
            }
        case .phone(let column):
            try rangeNotAllowed()
            switch condition.value {
            case .null: return .exact(SQL(raw: "\(column) IS NULL"))
            case .string(let text):
                let token = self.indexes.phone.token(TextNormalizer.phone(text))
                return .sealed(
                    .phone(field: column, text),
                    prefilter: "id IN (" + IndexTokens.candidateQuery(.phone, self.tenant, tokens: [token]) + ")"
                )
            default: throw mismatch("String")
            }
        case .domain:
            try rangeNotAllowed()
            switch condition.value {
            case .null: return .sealed(.domain(nil), prefilter: nil)
            case .string(let text): return .sealed(.domain(text), prefilter: nil)
            default: throw mismatch("String")
            }
        case .text:
            try rangeNotAllowed()
            guard case .string(let text) = condition.value else { throw mismatch("String") }
            let words = TextNormalizer.words(text)
            guard !words.isEmpty else {
                throw HavenError.validation([.invalid(field, "It should contain at least one word of two or more letters or digits")])
            }
            let tokens = Set(words.map { self.indexes.word.token($0) })
            return .sealed(.text(words), prefilter: "id IN (" + IndexTokens.candidateQuery(.ticketTerms, self.tenant, tokens: tokens) + ")")
        case .custom(let type):
            switch (type, condition.value) {
            case (_, .null) where condition.op == .equals: break
            case (.string, .string): try rangeNotAllowed()
            case (.integer, .integer): break
            case (.boolean, .boolean): try rangeNotAllowed()
            case (.date, .string(let text)):
                guard TimestampParser.parseDay(text) != nil else {
                    throw HavenError.validation([.invalid(field, "It should be a date in the format 'yyyy-mm-dd'")])
                }
            case (.string, _): throw mismatch("String")
            case (.integer, _): throw mismatch("Integer")
            case (.boolean, _): throw mismatch("Boolean")
            case (.date, _): throw mismatch("date in the format 'yyyy-mm-dd'")
            }
            return .sealed(.custom(name: field, type: type, op: condition.op, value: condition.value), prefilter: nil)
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
