public import HavenCore

/// A record as the audit log sees it: its fields by name (the names the API documents) computed from the domain
/// value, and which of them may appear with values. Deny by default (`AuditChanges`): workflow state, references,
/// flags and configuration names are revealed; anything a person wrote or anything about a person (names,
/// addresses, subjects, bodies, tags, custom fields) is recorded only as changed, because the log must outlive
/// erasing that person. Every channel records the same entry for the same change, since the snapshot comes from
/// the domain value, not from a wire format.
public struct AuditSnapshot: Sendable {
    public let fields: JSONObject
    public let revealed: Set<String>

    public static func ticket(_ t: Ticket) -> AuditSnapshot {
        AuditSnapshot(
            fields: JSONObject([
                ("subject", .optional(t.subject)), ("description", .string(t.description)),
                ("status", .int(t.status.rawValue)), ("priority", .int(t.priority.rawValue)), ("source", .int(t.source.rawValue)),
                ("type", .optional(t.type)), ("tags", .strings(t.tags)), ("requester_id", .id(t.requesterID)),
                ("responder_id", .optional(t.responderID)), ("group_id", .optional(t.groupID)),
                ("company_id", .optional(t.companyID)), ("product_id", .optional(t.productID)),
                ("email_config_id", .optional(t.emailConfigID)), ("cc_emails", .strings(t.ccEmails)),
                ("fwd_emails", .strings(t.fwdEmails)), ("reply_cc_emails", .strings(t.replyCCEmails)),
                ("ticket_cc_emails", .strings(t.ticketCCEmails)), ("custom_fields", .object(t.customFields)),
                ("spam", .bool(t.spam)), ("deleted", .bool(t.deleted)), ("fr_escalated", .bool(t.frEscalated)),
                ("is_escalated", .bool(t.isEscalated)), ("nr_escalated", .bool(t.nrEscalated)),
                ("due_by", .optional(t.dueBy)), ("fr_due_by", .optional(t.frDueBy)), ("nr_due_by", .optional(t.nrDueBy)),
            ]),
            revealed: [
                "status", "priority", "source", "type", "requester_id", "responder_id", "group_id", "company_id",
                "product_id", "email_config_id", "spam", "deleted", "is_escalated", "fr_escalated", "nr_escalated",
                "due_by", "fr_due_by", "nr_due_by",
            ]
        )
    }

    public static func conversation(_ c: Conversation) -> AuditSnapshot {
        AuditSnapshot(
            fields: JSONObject([
                ("ticket_id", .id(c.ticketID)), ("user_id", .optional(c.userID)), ("body", .string(c.body)),
                ("incoming", .bool(c.incoming)), ("private", .bool(c.isPrivate)), ("source", .int(c.source)),
                ("category", .int(c.category)), ("from_email", .optional(c.fromEmail)), ("to_emails", .strings(c.toEmails)),
                ("cc_emails", .strings(c.ccEmails)), ("bcc_emails", .strings(c.bccEmails)),
            ]),
            revealed: ["ticket_id", "user_id", "incoming", "private", "source", "category"]
        )
    }

    public static func contact(_ c: Contact) -> AuditSnapshot {
        AuditSnapshot(
            fields: JSONObject([
                ("name", .string(c.name)), ("email", .optional(c.email)), ("phone", .optional(c.phone)),
                ("mobile", .optional(c.mobile)), ("twitter_id", .optional(c.twitterID)),
                ("unique_external_id", .optional(c.uniqueExternalID)), ("other_emails", .strings(c.otherEmails)),
                ("company_id", .optional(c.companyID)), ("view_all_tickets", .bool(c.viewAllTickets)),
                ("other_companies", .ids(c.otherCompanies)), ("address", .optional(c.address)),
                ("custom_fields", .object(c.customFields)), ("description", .optional(c.description)),
                ("job_title", .optional(c.jobTitle)), ("language", .string(c.language)), ("tags", .strings(c.tags)),
                ("time_zone", .optional(c.timeZone)), ("active", .bool(c.active)), ("deleted", .bool(c.deleted)),
            ]),
            revealed: ["company_id", "view_all_tickets", "language", "time_zone", "active", "deleted"]
        )
    }

    public static func agent(_ profile: AgentProfile, roleIDs: [RoleID]) -> AuditSnapshot {
        let a = profile.agent
        let c = profile.contact
        return AuditSnapshot(
            fields: JSONObject([
                ("available", .bool(a.available)), ("occasional", .bool(a.occasional)), ("signature", .optional(a.signature)),
                ("ticket_scope", .int(a.ticketScope)), ("type", .string(a.type)), ("group_ids", .ids(a.groupIDs)),
                ("role_ids", .ids(roleIDs)), ("focus_mode", .bool(a.focusMode)), ("active", .bool(c.active)),
                ("email", .optional(c.email)), ("name", .string(c.name)), ("phone", .optional(c.phone)),
                ("mobile", .optional(c.mobile)), ("job_title", .optional(c.jobTitle)), ("language", .string(c.language)),
                ("time_zone", .optional(c.timeZone)),
            ]),
            revealed: [
                "available", "occasional", "ticket_scope", "type", "group_ids", "role_ids", "focus_mode", "active",
                "language", "time_zone",
            ]
        )
    }

    public static func group(_ g: AgentGroup) -> AuditSnapshot {
        AuditSnapshot(
            fields: JSONObject([
                ("name", .string(g.name)), ("description", .optional(g.description)),
                ("business_hour_id", .optional(g.businessHourID)), ("escalate_to", .optional(g.escalateTo)),
                ("unassigned_for", .optional(g.unassignedFor)), ("agent_ids", .ids(g.agentIDs)),
                ("auto_ticket_assign", .int(g.autoTicketAssign)),
            ]),
            revealed: ["name", "description", "business_hour_id", "escalate_to", "unassigned_for", "agent_ids", "auto_ticket_assign"]
        )
    }

    public static func company(_ c: Company) -> AuditSnapshot {
        AuditSnapshot(
            fields: JSONObject([
                ("name", .string(c.name)), ("description", .optional(c.description)), ("domains", .strings(c.domains)),
                ("note", .optional(c.note)), ("custom_fields", .object(c.customFields)),
                ("health_score", .optional(c.healthScore)), ("account_tier", .optional(c.accountTier)),
                ("renewal_date", .optional(c.renewalDate)), ("industry", .optional(c.industry)),
            ]),
            revealed: ["health_score", "account_tier", "renewal_date", "industry"]
        )
    }

    public static func ticketField(_ f: TicketField) -> AuditSnapshot {
        AuditSnapshot(
            fields: JSONObject([
                ("name", .string(f.name)), ("label", .string(f.label)), ("description", .optional(f.description)),
                ("position", .int(f.position)), ("required_for_closure", .bool(f.requiredForClosure)),
                ("required_for_agents", .bool(f.requiredForAgents)), ("type", .string(f.type)), ("default", .bool(f.isDefault)),
                ("customers_can_edit", .bool(f.customersCanEdit)), ("label_for_customers", .string(f.labelForCustomers)),
                ("required_for_customers", .bool(f.requiredForCustomers)),
                ("displayed_to_customers", .bool(f.displayedToCustomers)), ("choices", .strings(f.choices)),
            ]),
            revealed: [
                "name", "label", "description", "position", "required_for_closure", "required_for_agents", "type", "default",
                "customers_can_edit", "label_for_customers", "required_for_customers", "displayed_to_customers", "choices",
            ]
        )
    }

    public static func timeEntry(_ e: TimeEntry) -> AuditSnapshot {
        AuditSnapshot(
            fields: JSONObject([
                ("ticket_id", .id(e.ticketID)), ("agent_id", .id(e.agentID)), ("billable", .bool(e.billable)),
                ("note", .optional(e.note)), ("timer_running", .bool(e.timerRunning)),
                ("time_spent_seconds", .int(e.accumulatedSeconds)), ("start_time", .timestamp(e.startTime)),
                ("executed_at", .timestamp(e.executedAt)),
            ]),
            revealed: ["ticket_id", "agent_id", "billable", "timer_running", "time_spent_seconds", "start_time", "executed_at"]
        )
    }
}
