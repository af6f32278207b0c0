import HavenCore

/// The response shapes of `/api/v2`, as `Presenters` writes them (freshdesk-api-v2.md §8).
enum ResourceSchemas {
    typealias S = Schema

    static var all: [(String, JSONValue)] {
        [
            ("Ticket", self.ticket), ("Conversation", self.conversation), ("Contact", self.contact), ("Agent", self.agent),
            ("Group", self.group), ("Role", self.role), ("Company", self.company), ("TicketField", self.ticketField),
            ("AdminTicketField", self.adminTicketField), ("Job", self.job), ("TimeEntry", self.timeEntry),
            ("CustomDomain", self.customDomain), ("DomainCertificate", self.domainCertificate), ("AuditEntry", self.auditEntry),
            ("Account", self.account), ("ContactField", self.contactField), ("NamedRecord", self.namedRecord),
            ("Consent", self.consent), ("CannedResponse", self.cannedResponse),
            ("BusinessHours", self.businessHours), ("SLAPolicy", self.slaPolicy), ("Survey", self.survey),
            ("SatisfactionRating", self.satisfactionRating), ("EmailConfig", self.emailConfig), ("Mailbox", self.mailbox),
            ("TicketSummary", self.ticketSummary), ("Scenario", self.scenario),
            ("SolutionCategory", self.solutionCategory), ("SolutionFolder", self.solutionFolder),
            ("SolutionArticle", self.solutionArticle), ("Skill", self.skill),
            ("ForumCategory", self.forumCategory), ("Forum", self.forum), ("Topic", self.topic), ("ForumComment", self.forumComment),
            ("ValidationError", self.validationError), ("CodedError", self.codedError), ("RateLimited", self.rateLimited),
        ]
    }

    static let ids = S.array(S.integer)
    static let strings = S.array(S.string)
    static let optionalString = S.nullable(S.string)
    static let optionalID = S.nullable(S.integer)
    static let optionalTime = S.nullable(S.dateTime)
    static let unavailable = S.oneOf(["erased", "damaged"])

    static let ticket = S.object(
        [
            ("id", S.integer), ("subject", optionalString), ("description", S.string), ("description_text", S.string),
            ("status", S.oneOf(TicketStatus.allCases.map(\.rawValue))), ("priority", S.oneOf(TicketPriority.allCases.map(\.rawValue))),
            ("source", S.oneOf(TicketSource.allCases.map(\.rawValue))), ("type", optionalString), ("tags", strings),
            ("requester_id", S.integer), ("responder_id", optionalID), ("group_id", optionalID), ("company_id", optionalID),
            ("product_id", optionalID), ("email_config_id", optionalID), ("cc_emails", strings), ("fwd_emails", strings),
            ("reply_cc_emails", strings), ("ticket_cc_emails", strings), ("to_emails", S.nullable(strings)),
            ("custom_fields", S.anyObject), ("spam", S.boolean), ("deleted", S.boolean), ("fr_escalated", S.boolean),
            ("is_escalated", S.boolean), ("nr_escalated", S.boolean), ("urgent", S.boolean), ("due_by", optionalTime),
            ("fr_due_by", optionalTime), ("nr_due_by", optionalTime), ("attachments", S.array(S.anyObject)),
            ("created_at", S.dateTime), ("updated_at", S.dateTime), ("content_unavailable", unavailable),
            ("conversations", S.array(S.reference("Conversation"))), ("requester", S.nullable(S.anyObject)),
            ("company", S.anyObject), ("stats", S.anyObject),
        ],
        required: [
            "id", "subject", "status", "priority", "source", "type", "tags", "requester_id", "responder_id", "group_id",
            "company_id", "custom_fields", "spam", "deleted", "created_at", "updated_at",
        ]
    )

    static let conversation = S.object(
        [
            ("id", S.integer), ("ticket_id", S.integer), ("user_id", optionalID), ("body", S.string), ("body_text", S.string),
            ("incoming", S.boolean), ("private", S.boolean), ("source", S.integer), ("category", S.integer),
            ("support_email", optionalString), ("from_email", optionalString), ("to_emails", strings), ("cc_emails", strings),
            ("bcc_emails", strings), ("attachments", S.array(S.anyObject)), ("created_at", S.dateTime), ("updated_at", S.dateTime),
            ("last_edited_at", optionalTime), ("last_edited_user_id", optionalID), ("content_unavailable", unavailable),
            ("replied_to", strings), ("notified_to", strings),
        ],
        required: ["id", "ticket_id", "user_id", "body", "body_text", "incoming", "private", "source", "created_at", "updated_at"]
    )

    static let contact = S.object(
        [
            ("id", S.integer), ("name", S.string), ("email", optionalString), ("phone", optionalString),
            ("mobile", optionalString), ("twitter_id", optionalString), ("unique_external_id", optionalString),
            ("other_emails", strings), ("company_id", optionalID), ("view_all_tickets", S.boolean), ("other_companies", ids),
            ("address", optionalString), ("custom_fields", S.anyObject), ("description", optionalString),
            ("job_title", optionalString), ("language", S.string), ("tags", strings), ("time_zone", optionalString),
            ("active", S.boolean), ("deleted", S.boolean), ("created_at", S.dateTime), ("updated_at", S.dateTime),
            ("content_unavailable", unavailable), ("agent", S.anyObject),
        ],
        required: ["id", "name", "email", "phone", "mobile", "company_id", "active", "deleted", "created_at", "updated_at"]
    )

    static let agent = S.object(
        [
            ("id", S.integer), ("available", S.boolean), ("occasional", S.boolean), ("signature", optionalString),
            ("ticket_scope", S.oneOf(Agent.ticketScopes)), ("type", S.string), ("group_ids", ids), ("role_ids", ids),
            ("skill_ids", ids), ("focus_mode", S.boolean), ("created_at", S.dateTime), ("updated_at", S.dateTime),
            ("contact", S.anyObject),
        ],
        required: ["id", "occasional", "ticket_scope", "group_ids", "role_ids", "created_at", "updated_at", "contact"]
    )

    static let group = S.record([
        ("id", S.integer), ("name", S.string), ("description", optionalString), ("business_hour_id", optionalID),
        ("escalate_to", optionalID), ("unassigned_for", optionalString), ("agent_ids", ids),
        ("auto_ticket_assign", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime),
    ])

    static let role = S.record([
        ("id", S.integer), ("name", S.string), ("description", S.string), ("default", S.boolean), ("created_at", S.dateTime),
        ("updated_at", S.dateTime),
    ])

    static let company = S.object(
        [
            ("id", S.integer), ("name", S.string), ("description", optionalString), ("domains", strings),
            ("note", optionalString), ("custom_fields", S.anyObject), ("health_score", optionalString),
            ("account_tier", optionalString), ("renewal_date", optionalTime), ("industry", optionalString),
            ("created_at", S.dateTime), ("updated_at", S.dateTime), ("content_unavailable", unavailable),
        ],
        required: ["id", "name", "domains", "created_at", "updated_at"]
    )

    static let ticketField = S.object(
        [
            ("id", S.integer), ("name", S.string), ("label", S.string), ("description", optionalString),
            ("position", S.integer), ("required_for_closure", S.boolean), ("required_for_agents", S.boolean),
            ("type", S.string), ("default", S.boolean), ("choices", S.array(S.string)), ("created_at", S.dateTime),
            ("updated_at", S.dateTime),
        ],
        required: ["id", "name", "label", "position", "type", "default", "created_at", "updated_at"]
    )

    static let adminTicketField = S.object(
        [
            ("id", S.integer), ("name", S.string), ("type", S.string), ("description", optionalString), ("label", S.string),
            ("position", S.integer), ("choices", S.array(S.string)), ("default", S.boolean), ("created_at", S.dateTime),
            ("updated_at", S.dateTime), ("required_for_closure", S.boolean), ("required_for_agents", S.boolean),
        ],
        required: ["id", "name", "type", "label", "position", "default", "created_at", "updated_at"]
    )

    static let job = S.object(
        [
            ("id", S.string), ("name", S.string), ("status", S.string), ("progress", S.integer), ("created_at", S.dateTime),
            ("updated_at", S.dateTime), ("status_updated_at", S.dateTime), ("result", S.anyObject),
        ],
        required: ["id", "name", "status", "progress", "created_at", "updated_at"]
    )

    static let timeEntry = S.object(
        [
            ("id", S.integer), ("billable", S.boolean), ("note", optionalString), ("timer_running", S.boolean),
            ("agent_id", S.integer), ("ticket_id", S.integer),
            ("time_spent", ["type": "string", "pattern": "^[0-9]{2,}:[0-5][0-9]$"]), ("executed_at", S.dateTime),
            ("start_time", S.dateTime), ("created_at", S.dateTime), ("updated_at", S.dateTime),
            ("content_unavailable", unavailable),
        ],
        required: [
            "id", "billable", "note", "timer_running", "agent_id", "ticket_id", "time_spent", "executed_at", "start_time",
            "created_at", "updated_at",
        ]
    )

    static let customDomain = S.record([
        ("id", S.integer), ("domain", S.string), ("cname_target", S.string), ("status", S.string), ("reason", optionalString),
        ("next_check_at", S.dateTime), ("certificate_expires_at", optionalTime), ("created_at", S.dateTime),
        ("updated_at", S.dateTime),
    ])

    static let domainCertificate = S.record([
        ("id", S.integer), ("domain", S.string), ("fingerprint_sha256", S.string), ("subject_alt_names", strings),
        ("not_before", S.dateTime), ("not_after", S.dateTime), ("created_at", S.dateTime), ("updated_at", S.dateTime),
    ])

    static let auditEntry = S.object(
        [
            ("id", S.integer), ("occurred_at", S.dateTime), ("actor", S.anyObject), ("source_ip", optionalString),
            ("action", S.string), ("target_type", optionalString), ("target_id", optionalString),
            ("details", S.nullable(S.anyObject)), ("hash", S.string), ("details_unavailable", S.string),
        ],
        required: ["id", "occurred_at", "actor", "action", "details", "hash"]
    )

    static let account = S.object(
        [("account_id", S.integer), ("account_name", S.string), ("total_agents", S.anyObject), ("data_center", S.string)],
        required: ["account_id", "account_name", "total_agents"]
    )

    static let contactField = S.object(
        [("id", S.integer), ("name", S.string), ("label", S.string), ("position", S.integer), ("type", S.string)],
        required: ["id", "name", "label", "position", "type"]
    )

    static let solutionCategoryInput: [(String, JSONValue)] = [
        ("name", S.string), ("description", S.nullable(S.string)), ("visible_in_portals", S.array(S.integer)),
    ]

    static let solutionCategory = S.object(
        solutionCategoryInput + [("id", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime)],
        required: ["id", "name", "description", "visible_in_portals", "created_at", "updated_at"])

    static let solutionFolderInput: [(String, JSONValue)] = [
        ("name", S.string), ("description", S.nullable(S.string)), ("visibility", S.oneOf(FolderVisibility.allCases.map(\.rawValue))),
        ("company_ids", S.array(S.integer)),
    ]

    static let solutionFolder = S.object(
        solutionFolderInput + [
            ("id", S.integer), ("category_id", S.integer), ("parent_folder_id", S.nullable(S.integer)), ("articles_count", S.integer),
            ("sub_folders_count", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: [
            "id", "name", "description", "visibility", "category_id", "parent_folder_id", "articles_count", "sub_folders_count",
            "created_at", "updated_at",
        ])

    static let seoData = S.object([
        ("meta_title", S.nullable(S.string)), ("meta_description", S.nullable(S.string)), ("meta_keywords", S.nullable(S.string)),
    ])

    static let solutionArticleInput: [(String, JSONValue)] = [
        ("title", S.string), ("description", S.string), ("status", S.oneOf(SolutionArticle.Status.allCases.map(\.rawValue))),
        ("type", S.oneOf(SolutionArticle.Kind.allCases.map(\.rawValue))), ("tags", S.array(S.string)), ("seo_data", seoData),
        ("agent_id", S.nullable(S.integer)),
    ]

    static let solutionArticle = S.object(
        solutionArticleInput + [
            ("id", S.integer), ("category_id", S.integer), ("folder_id", S.integer), ("description_text", S.string), ("hits", S.integer),
            ("thumbs_up", S.integer), ("thumbs_down", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: [
            "id", "type", "category_id", "folder_id", "title", "description", "description_text", "status", "agent_id", "tags", "seo_data",
            "hits", "thumbs_up", "thumbs_down", "created_at", "updated_at",
        ])

    static let skillInput: [(String, JSONValue)] = [
        ("name", S.string), ("rank", S.integer), ("match_type", S.oneOf(["all", "any"])),
        (
            "conditions",
            S.array(
                S.object(
                    [
                        ("resource_type", S.oneOf(["ticket"])), ("field_name", S.oneOf(SkillCondition.Field.allCases.map(\.rawValue))),
                        ("operator", S.oneOf(SkillCondition.operators)), ("value", S.array(S.string)),
                    ], required: ["field_name", "value"], closed: true))
        ),
        ("agents", S.array(S.object([("id", S.integer)], required: ["id"], closed: true))),
    ]

    static let skill = S.object(
        skillInput + [("id", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime)],
        required: ["id", "name", "rank", "match_type", "conditions", "agents", "created_at", "updated_at"])

    static let forumCategoryInput: [(String, JSONValue)] = [("name", S.string), ("description", S.nullable(S.string))]

    static let forumCategory = S.object(
        forumCategoryInput + [("id", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime)],
        required: ["id", "name", "description", "created_at", "updated_at"])

    static let forumInput: [(String, JSONValue)] = [
        ("name", S.string), ("description", S.nullable(S.string)), ("forum_type", S.oneOf(Forum.Kind.allCases.map(\.rawValue))),
        ("forum_visibility", S.oneOf(FolderVisibility.allCases.map(\.rawValue))), ("company_ids", S.array(S.integer)),
        ("position", S.integer),
    ]

    static let forum = S.object(
        forumInput + [
            ("id", S.integer), ("forum_category_id", S.integer), ("topics_count", S.integer), ("posts_count", S.integer),
            ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: [
            "id", "name", "description", "position", "forum_category_id", "forum_type", "forum_visibility", "topics_count", "posts_count",
        ])

    static let topicInput: [(String, JSONValue)] = [
        ("title", S.string), ("message", S.string), ("sticky", S.boolean), ("locked", S.boolean),
    ]

    static let topic = S.object(
        [
            ("id", S.integer), ("title", S.nullable(S.string)), ("message", S.nullable(S.string)), ("forum_id", S.integer),
            ("user_id", S.integer), ("sticky", S.boolean), ("locked", S.boolean), ("published", S.boolean), ("stamp_type", [:]),
            ("replied_at", S.nullable(S.dateTime)), ("replied_by", S.nullable(S.integer)), ("posts_count", S.integer), ("hits", S.integer),
            ("user_votes", S.integer), ("merged_topic_id", [:]), ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: ["id", "title", "forum_id", "user_id", "locked", "sticky", "posts_count", "hits", "created_at", "updated_at"])

    static let forumComment = S.object(
        [
            ("id", S.integer), ("body", S.nullable(S.string)), ("body_text", S.nullable(S.string)), ("answer", S.boolean),
            ("user_id", S.integer), ("topic_id", S.integer), ("forum_id", S.integer), ("published", S.boolean), ("spam", S.boolean),
            ("trash", S.boolean), ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: ["id", "body", "user_id", "topic_id", "forum_id", "created_at", "updated_at"])

    static let scenarioInput: [(String, JSONValue)] = [
        ("name", S.string), ("description", S.nullable(S.string)),
        ("actions", S.array(S.object([("name", S.oneOf(ScenarioAction.names)), ("value", [:])], required: ["name"]))),
    ]

    static let scenario = S.object(
        scenarioInput + [("id", S.integer), ("private", S.boolean), ("created_at", S.dateTime), ("updated_at", S.dateTime)],
        required: ["id", "name", "actions", "created_at", "updated_at"])

    static let ticketSummary = S.object(
        [
            ("id", S.integer), ("body", S.string), ("body_text", S.string), ("ticket_id", S.integer), ("user_id", S.integer),
            ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: ["id", "body", "body_text", "ticket_id", "user_id", "created_at", "updated_at"])

    static let emailConfig = S.object(
        [
            ("id", S.integer), ("name", S.string), ("to_email", S.string), ("reply_email", S.string), ("primary_role", S.boolean),
            ("active", S.boolean), ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: ["id", "name", "to_email", "reply_email", "primary_role", "active"])

    static let mailbox = S.object(
        [
            ("id", S.integer), ("name", S.string), ("support_email", S.string), ("default_reply_email", S.boolean), ("active", S.boolean),
            ("mailbox_type", S.string), ("freshdesk_mailbox", S.anyObject), ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: ["id", "name", "support_email", "mailbox_type", "active"])

    static let surveyInput: [(String, JSONValue)] = [
        ("title", S.string), ("scale", S.oneOf([2, 3, 5, 7])), ("active", S.boolean), ("questions", S.array(S.string)),
    ]

    static let survey = S.object(
        [
            ("id", S.integer), ("title", S.string), ("active", S.boolean), ("questions", S.array(S.anyObject)), ("created_at", S.dateTime),
            ("updated_at", S.dateTime),
        ],
        required: ["id", "title", "active", "questions", "created_at", "updated_at"])

    static let satisfactionRating = S.object(
        [
            ("id", S.integer), ("survey_id", S.integer), ("user_id", S.integer), ("agent_id", optionalID), ("feedback", optionalString),
            ("group_id", optionalID), ("ticket_id", S.integer), ("ratings", S.anyObject), ("created_at", S.dateTime),
            ("updated_at", S.dateTime),
        ],
        required: ["id", "survey_id", "user_id", "ticket_id", "ratings", "created_at", "updated_at"])

    static let recordFieldInput: [(String, JSONValue)] = [
        ("label", S.string), ("label_for_customers", S.string), ("position", S.integer), ("required_for_agents", S.boolean),
        ("required_for_customers", S.boolean), ("customers_can_edit", S.boolean), ("displayed_for_customers", S.boolean),
        ("editable_in_signup", S.boolean), ("choices", S.array(S.string)),
    ]

    static let namedRecord = S.record([("id", S.integer), ("name", S.string)])

    static let consent = S.object(
        [
            ("id", S.integer), ("contact_id", S.integer), ("given", S.boolean), ("version", S.integer), ("text_sha256", S.string),
            ("text", optionalString), ("channel", S.oneOf(ConsentChannel.allCases.map(\.rawValue))), ("source_ip", optionalString),
            ("recorded_at", S.dateTime),
        ],
        required: ["id", "contact_id", "given", "version", "text_sha256", "channel", "recorded_at"])

    static let cannedResponse = S.object(
        [
            ("id", S.integer), ("title", S.string), ("folder_id", S.integer), ("content", S.string), ("content_html", S.string),
            ("attachments", S.array(S.record([]))), ("created_at", S.dateTime), ("updated_at", S.dateTime),
        ],
        required: ["id", "title", "folder_id", "content", "content_html", "attachments", "created_at", "updated_at"])

    static let businessHoursInput: [(String, JSONValue)] = [
        ("name", S.string), ("description", S.nullable(S.string)), ("time_zone", S.string), ("business_hours", S.anyObject),
        ("holidays", S.array(S.record([("name", S.string), ("date", S.string)]))), ("is_default", S.boolean),
    ]

    static let businessHours = S.object(
        businessHoursInput + [("id", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime)],
        required: ["id", "name", "time_zone", "business_hours", "holidays", "is_default", "created_at", "updated_at"])

    static let slaPolicyInput: [(String, JSONValue)] = [
        ("name", S.string), ("description", S.nullable(S.string)), ("active", S.boolean), ("is_default", S.boolean),
        ("position", S.integer), ("sla_target", S.anyObject), ("applicable_to", S.anyObject), ("escalation", S.anyObject),
    ]

    static let slaPolicy = S.object(
        slaPolicyInput + [("id", S.integer), ("created_at", S.dateTime), ("updated_at", S.dateTime)],
        required: [
            "id", "name", "active", "is_default", "position", "sla_target", "applicable_to", "escalation", "created_at", "updated_at",
        ])

    static let validationError = S.record([
        ("description", S.string),
        (
            "errors",
            S.array(
                S.object(
                    [("field", S.string), ("message", S.string), ("code", S.string), ("additional_info", S.anyObject)],
                    required: ["field", "message", "code"]))
        ),
    ])

    static let codedError = S.record([("code", S.string), ("message", S.string)])
    static let rateLimited = S.record([("message", S.string)])
}
