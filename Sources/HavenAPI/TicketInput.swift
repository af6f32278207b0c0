import HavenApp
import HavenCore
import HavenStore

/// Reading ticket input from the wire: body fields into `TicketChanges` and a `RequesterReference`, list
/// parameters into a `TicketQueries.ListRequest`, `include` into embeds. Shape errors name the wire field.
enum TicketInput {
    static let writableFields: Set<String> = [
        "subject", "description", "status", "priority", "source", "type", "tags", "cc_emails", "custom_fields",
        "requester_id", "email", "phone", "name", "twitter_id", "unique_external_id", "responder_id", "group_id",
        "company_id", "product_id", "email_config_id", "due_by", "fr_due_by",
    ]

    static func embeds(_ query: QueryParameters, allowed: [TicketQueries.Embed]) throws -> Set<TicketQueries.Embed> {
        var embeds = Set<TicketQueries.Embed>()
        for value in query.list("include") ?? [] {
            guard let embed = TicketQueries.Embed(rawValue: value), allowed.contains(embed) else {
                throw HavenError.validation([.notOneOf("include", allowed.map(\.rawValue))])
            }
            embeds.insert(embed)
        }
        return embeds
    }

    static func changes(_ fields: inout BodyFields) -> TicketChanges {
        var changes = TicketChanges()
        changes.subject = fields.string("subject", maxLength: 255)
        changes.description = fields.string("description", maxLength: 1_000_000)
        changes.status = fields.nonNullInteger("status", allowed: TicketStatus.allCases.map(\.rawValue)).flatMap(TicketStatus.init)
        changes.priority =
            fields.nonNullInteger("priority", allowed: TicketPriority.allCases.map(\.rawValue)).flatMap(TicketPriority.init)
        changes.source = fields.nonNullInteger("source", allowed: TicketSource.allCases.map(\.rawValue)).flatMap(TicketSource.init)
        changes.type = fields.string("type")
        changes.tags = fields.tags("tags")
        changes.ccEmails = fields.emailArray("cc_emails")
        changes.responderID = fields.id("responder_id")
        changes.groupID = fields.id("group_id")
        changes.companyID = fields.id("company_id")
        changes.productID = fields.integer("product_id", positive: true)
        changes.emailConfigID = fields.integer("email_config_id", positive: true)
        changes.dueBy = fields.timestamp("due_by")
        changes.frDueBy = fields.timestamp("fr_due_by")
        changes.customFields = fields.objectValue("custom_fields")
        return changes
    }

    static func requester(_ fields: inout BodyFields, required: Bool) -> RequesterReference? {
        let requesterID: UserID?? = fields.id("requester_id")
        let email = fields.email("email")
        let phone = fields.string("phone", maxLength: 255)
        let twitter = fields.string("twitter_id", maxLength: 255)
        let external = fields.string("unique_external_id", maxLength: 255)
        let name = fields.string("name", maxLength: 255)
        if let id = requesterID ?? nil { return .id(id) }
        if let email = email ?? nil { return .email(email, name: name ?? nil) }
        if let phone = phone ?? nil {
            guard let name = name ?? nil, !name.trimmingWhitespace().isEmpty else {
                fields.fail(FieldError(field: "name", message: "It should be a/an String when phone is given", code: .missingField))
                return nil
            }
            return .phone(phone, name: name)
        }
        if let twitter = twitter ?? nil { return .twitter(twitter, name: name ?? nil) }
        if let external = external ?? nil { return .externalID(external, name: name ?? nil) }
        if required {
            fields.fail(
                FieldError(
                    field: "requester_id",
                    message: "Please fill at least 1 of requester_id, phone, email, twitter_id, unique_external_id fields",
                    code: .missingField
                )
            )
        }
        return nil
    }

    static func listRequest(_ q: QueryParameters, agent: UserID) throws -> TicketQueries.ListRequest {
        var request = TicketQueries.ListRequest()
        switch q["filter"] {
        case nil: break
        case "new_and_my_open": request.query.filter = .newAndMyOpen(agent)
        case "watching": request.query.filter = .watching
        case "spam": request.query.filter = .spam
        case "deleted": request.query.filter = .deleted
        default: throw HavenError.validation([.notOneOf("filter", ["new_and_my_open", "watching", "spam", "deleted"])])
        }
        if let order = q["order_by"] {
            guard let value = TicketListQuery.Order(rawValue: order) else {
                throw HavenError.validation([.notOneOf("order_by", TicketListQuery.Order.allCases.map(\.rawValue))])
            }
            request.query.order = value
        }
        switch q["order_type"] {
        case nil, "desc": request.query.descending = true
        case "asc": request.query.descending = false
        default: throw HavenError.validation([.notOneOf("order_type", ["asc", "desc"])])
        }
        request.query.updatedSince = try q.timestamp("updated_since")
        request.query.companyID = try q.integer("company_id", range: 1...Int64.max).map { CompanyID($0) }
        request.requesterID = try q.integer("requester_id", range: 1...Int64.max).map { UserID($0) }
        request.requesterEmail = q["email"]
        request.requesterExternalID = q["unique_external_id"]
        return request
    }
}
