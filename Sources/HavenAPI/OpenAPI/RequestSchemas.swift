import HavenCore

/// The request bodies `/api/v2` accepts. Closed objects: the API answers an unknown field with 400.
enum RequestSchemas {
    typealias S = Schema

    static let email: JSONValue = ["type": "string", "format": "email", "maxLength": 255]
    static let emails = S.array(email)
    static let optionalID = S.nullable(S.positiveID)
    static let optionalTime = S.nullable(S.dateTime)
    static let tags = S.array(S.string(maxLength: 255))

    static func ticket(creating: Bool) -> JSONValue {
        S.object(
            [
                ("subject", S.nullable(S.string(maxLength: 255))), ("description", S.nullable(S.string)),
                ("status", S.oneOf(TicketStatus.allCases.map(\.rawValue))),
                ("priority", S.oneOf(TicketPriority.allCases.map(\.rawValue))),
                ("source", S.oneOf(TicketSource.allCases.map(\.rawValue))), ("type", S.nullable(S.string)), ("tags", tags),
                ("cc_emails", emails), ("custom_fields", S.anyObject), ("requester_id", S.positiveID), ("email", email),
                ("phone", S.string(maxLength: 255)), ("name", S.string(maxLength: 255)), ("twitter_id", S.string(maxLength: 255)),
                ("unique_external_id", S.string(maxLength: 255)), ("responder_id", optionalID), ("group_id", optionalID),
                ("company_id", optionalID), ("product_id", optionalID), ("email_config_id", optionalID), ("due_by", optionalTime),
                ("fr_due_by", optionalTime),
            ],
            required: creating ? ["email"] : [], closed: true)
    }

    static let bulkDelete = S.object(
        [("bulk_action", S.object([("ids", S.array(S.positiveID))], required: ["ids"], closed: true))], required: ["bulk_action"],
        closed: true)

    static let reply = S.object(
        [
            ("body", S.string), ("from_email", email), ("user_id", S.positiveID), ("cc_emails", emails), ("bcc_emails", emails),
        ], required: ["body"], closed: true)

    static let note = S.object(
        [
            ("body", S.string), ("private", S.boolean), ("incoming", S.boolean), ("notify_emails", emails),
            ("user_id", S.positiveID),
        ], required: ["body"], closed: true)

    static let conversationUpdate = S.object([("body", S.string)], required: ["body"], closed: true)

    static func contact(creating: Bool) -> JSONValue {
        S.object(
            [
                ("name", S.string(maxLength: 255)), ("email", S.nullable(email)), ("phone", S.nullable(S.string)),
                ("mobile", S.nullable(S.string)), ("twitter_id", S.nullable(S.string)), ("unique_external_id", S.nullable(S.string)),
                ("other_emails", emails), ("company_id", optionalID), ("view_all_tickets", S.boolean),
                ("other_companies", S.array(S.positiveID)), ("address", S.nullable(S.string(maxLength: 1000))),
                ("custom_fields", S.anyObject), ("description", S.nullable(S.string)), ("job_title", S.nullable(S.string)),
                ("language", S.string(maxLength: 10)), ("tags", tags), ("time_zone", S.nullable(S.string(maxLength: 100))),
            ],
            required: creating ? ["name"] : [], closed: true)
    }

    static let agentSettings: [(String, JSONValue)] = [
        ("occasional", S.boolean), ("signature", S.nullable(S.string)), ("ticket_scope", S.oneOf(Agent.ticketScopes)),
        ("skill_ids", S.array(S.positiveID)), ("group_ids", S.array(S.positiveID)), ("role_ids", S.array(S.positiveID)),
        ("type", S.oneOf(Agent.types)), ("focus_mode", S.boolean),
    ]

    static let makeAgent = S.object(agentSettings, closed: true)

    static func agent(creating: Bool) -> JSONValue {
        S.object(
            [
                ("email", email), ("name", S.string(maxLength: 255)), ("phone", S.nullable(S.string)), ("mobile", S.nullable(S.string)),
                ("job_title", S.nullable(S.string)), ("language", S.string(maxLength: 10)), ("time_zone", S.nullable(S.string)),
            ] + agentSettings,
            required: creating ? ["email", "ticket_scope"] : [], closed: true)
    }

    static func group(creating: Bool) -> JSONValue {
        S.object(
            [
                ("name", S.string(maxLength: 255)), ("description", S.nullable(S.string)), ("agent_ids", S.array(S.positiveID)),
                ("auto_ticket_assign", S.oneOf(AgentGroup.autoAssignValues)), ("escalate_to", optionalID),
                ("unassigned_for", S.nullable(S.oneOf(AgentGroup.unassignedForValues))), ("business_hour_id", optionalID),
            ],
            required: creating ? ["name"] : [], closed: true)
    }

    static func company(creating: Bool) -> JSONValue {
        S.object(
            [
                ("name", S.string(maxLength: 255)), ("description", S.nullable(S.string)), ("domains", S.array(S.string)),
                ("note", S.nullable(S.string)), ("custom_fields", S.anyObject), ("health_score", S.nullable(S.string)),
                ("account_tier", S.nullable(S.string)), ("renewal_date", optionalTime), ("industry", S.nullable(S.string)),
            ],
            required: creating ? ["name"] : [], closed: true)
    }

    static func ticketField(creating: Bool) -> JSONValue {
        var properties: [(String, JSONValue)] = [
            ("label", S.string(maxLength: 255)), ("label_for_customers", S.string(maxLength: 255)),
            ("description", S.nullable(S.string)), ("position", S.positiveID), ("required_for_closure", S.boolean),
            ("required_for_agents", S.boolean), ("required_for_customers", S.boolean), ("customers_can_edit", S.boolean),
            ("displayed_to_customers", S.boolean), ("choices", S.array(S.string(maxLength: 255))),
        ]
        if creating { properties.append(("type", S.oneOf(TicketField.CustomType.allCases.map(\.rawValue)))) }
        return S.object(properties, required: creating ? ["label", "type"] : [], closed: true)
    }

    static let timeEntry = S.object(
        [
            ("agent_id", S.positiveID), ("billable", S.boolean), ("executed_at", S.dateTime), ("note", S.nullable(S.string)),
            ("start_time", S.dateTime), ("time_spent", ["type": "string", "pattern": "^[0-9]{1,4}:[0-5][0-9]$"]),
            ("timer_running", S.boolean),
        ], closed: true)

    static let customDomain = S.object([("domain", S.string(maxLength: 1024))], required: ["domain"], closed: true)

    static let domainCertificate = S.object(
        [("domain", S.string(maxLength: 253)), ("certificate_chain", S.string), ("private_key", S.string)],
        required: ["domain", "certificate_chain", "private_key"], closed: true)
}
