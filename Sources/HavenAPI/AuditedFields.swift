/// Per resource, the fields whose before/after values an audit entry may hold: workflow state, references and
/// flags, and the names of configuration objects (groups, ticket fields). Everything else — anything a person
/// wrote or anything about a person (names, e-mail addresses, subjects, bodies, tags, custom fields) — is recorded
/// only as "changed", because the log must outlive erasing that person (`AuditChanges`).
enum AuditedFields {
    static let ticket: Set<String> = [
        "status", "priority", "source", "type", "requester_id", "responder_id", "group_id", "company_id", "product_id",
        "email_config_id", "spam", "deleted", "is_escalated", "fr_escalated", "nr_escalated", "urgent", "due_by",
        "fr_due_by", "nr_due_by",
    ]
    static let conversation: Set<String> = ["ticket_id", "user_id", "incoming", "private", "source", "category"]
    static let contact: Set<String> = [
        "company_id", "view_all_tickets", "language", "time_zone", "active", "deleted", "contact_type",
    ]
    static let agent: Set<String> = [
        "available", "occasional", "ticket_scope", "type", "group_ids", "role_ids", "skill_ids", "focus_mode", "active",
        "language", "time_zone",
    ]
    static let group: Set<String> = [
        "name", "description", "business_hour_id", "escalate_to", "unassigned_for", "agent_ids", "auto_ticket_assign",
    ]
    static let company: Set<String> = ["health_score", "account_tier", "renewal_date", "industry"]
    static let ticketField: Set<String> = [
        "name", "label", "description", "position", "required_for_closure", "required_for_agents", "type", "default",
        "customers_can_edit", "label_for_customers", "required_for_customers", "displayed_to_customers", "portal_cc",
        "portal_cc_to", "choices", "archived",
    ]
}
