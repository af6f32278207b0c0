import HavenApp
import HavenCore

/// Freshdesk-shaped JSON for each resource. Every documented key is always present, `null` when empty, arrays as
/// `[]`, `custom_fields` as an object, timestamps as `YYYY-MM-DDTHH:MM:SSZ` (freshdesk-api-v2.md §3, §8).
enum Presenters {
    /// `custom_fields` lists every defined custom field, `null` when unset.
    static func ticket(_ t: Ticket, customFields definitions: [String: TicketField], includeDescription: Bool = true) -> JSONObject {
        var o = JSONObject()
        o.append("id", .id(t.id))
        o.append("subject", .optional(t.subject))
        if includeDescription {
            o.append("description", .string(t.description))
            o.append("description_text", .string(HTMLText.plainText(t.description)))
        }
        o.append("status", .int(t.status.rawValue))
        o.append("priority", .int(t.priority.rawValue))
        o.append("source", .int(t.source.rawValue))
        o.append("type", .optional(t.type))
        o.append("tags", .strings(t.tags))
        o.append("requester_id", .id(t.requesterID))
        o.append("responder_id", .optional(t.responderID))
        o.append("group_id", .optional(t.groupID))
        o.append("company_id", .optional(t.companyID))
        o.append("product_id", .optional(t.productID))
        o.append("email_config_id", .optional(t.emailConfigID))
        o.append("cc_emails", .strings(t.ccEmails))
        o.append("fwd_emails", .strings(t.fwdEmails))
        o.append("reply_cc_emails", .strings(t.replyCCEmails))
        o.append("ticket_cc_emails", .strings(t.ticketCCEmails))
        o.append("to_emails", .null)
        o.append("custom_fields", .object(CustomFieldValidator.present(t.customFields, definitions: definitions)))
        o.append("spam", .bool(t.spam))
        o.append("deleted", .bool(t.deleted))
        o.append("fr_escalated", .bool(t.frEscalated))
        o.append("is_escalated", .bool(t.isEscalated))
        o.append("nr_escalated", .bool(t.nrEscalated))
        o.append("urgent", .bool(t.priority == .urgent))
        o.append("due_by", .optional(t.dueBy))
        o.append("fr_due_by", .optional(t.frDueBy))
        o.append("nr_due_by", .optional(t.nrDueBy))
        o.append("attachments", [])
        o.append("association_type", .null)
        o.append("support_email", .null)
        o.append("source_additional_info", .null)
        o.append("created_at", .timestamp(t.createdAt))
        o.append("updated_at", .timestamp(t.updatedAt))
        return self.marked(o, t)
    }

    static func stats(_ s: TicketStats) -> JSONValue {
        .object(
            JSONObject([
                ("agent_responded_at", .optional(s.agentRespondedAt)),
                ("requester_responded_at", .optional(s.requesterRespondedAt)),
                ("first_responded_at", .optional(s.firstRespondedAt)),
                ("status_updated_at", .optional(s.statusUpdatedAt)),
                ("reopened_at", .optional(s.reopenedAt)),
                ("resolved_at", .optional(s.resolvedAt)),
                ("closed_at", .optional(s.closedAt)),
                ("pending_since", .optional(s.pendingSince)),
            ])
        )
    }

    static func requester(_ c: Contact) -> JSONValue {
        .object(
            JSONObject([
                ("id", .id(c.id)), ("name", .string(c.name)), ("email", .optional(c.email)),
                ("mobile", .optional(c.mobile)), ("phone", .optional(c.phone)),
            ])
        )
    }

    static func companyEmbed(_ c: Company?) -> JSONValue {
        guard let c else { return .object(JSONObject()) }
        return .object(JSONObject([("id", .id(c.id)), ("name", .string(c.name))]))
    }

    /// A record whose sealed content could not be read is listed with its clear fields, its sealed ones empty, and
    /// `content_unavailable` saying why ("erased" or "damaged") — so one such record never breaks a page, and a
    /// client never mistakes the empty fields for content.
    static func marked(_ object: JSONObject, _ record: some SealedRecord) -> JSONObject {
        guard let reason = record.unreadable else { return object }
        var marked = object
        marked.append("content_unavailable", .string(reason.rawValue))
        return marked
    }

    static func conversation(_ c: Conversation, attachments: [Attachment] = [], baseURL: String = "") -> JSONObject {
        var object = self.marked(self.conversationFields(c), c)
        if !attachments.isEmpty { object["attachments"] = .array(attachments.map { .object(Self.attachment($0, baseURL: baseURL)) }) }
        return object
    }

    /// A file as Freshdesk lists one; `attachment_url` is Haven's authenticated download (never a public link).
    static func attachment(_ a: Attachment, baseURL: String) -> JSONObject {
        var object = JSONObject([
            ("id", .id(a.id)),
            ("name", .string(a.name)),
            ("content_type", .string(a.contentType)),
            ("size", .int(a.size)),
            ("created_at", .timestamp(a.createdAt)),
            ("updated_at", .timestamp(a.createdAt)),
            ("attachment_url", .string("\(baseURL)/api/v2/attachments/\(a.id)")),
        ])
        if let reason = a.unreadable { object.append("content_unavailable", .string(reason.rawValue)) }
        return object
    }

    private static func conversationFields(_ c: Conversation) -> JSONObject {
        JSONObject([
            ("id", .id(c.id)),
            ("ticket_id", .id(c.ticketID)),
            ("user_id", .optional(c.userID)),
            ("body", .string(c.body)),
            ("body_text", .string(HTMLText.plainText(c.body))),
            ("incoming", .bool(c.incoming)),
            ("private", .bool(c.isPrivate)),
            ("source", .int(c.source)),
            ("category", .int(c.category)),
            ("support_email", .optional(c.supportEmail)),
            ("from_email", .optional(c.fromEmail)),
            ("to_emails", .strings(c.toEmails)),
            ("cc_emails", .strings(c.ccEmails)),
            ("bcc_emails", .strings(c.bccEmails)),
            ("attachments", []),
            ("created_at", .timestamp(c.createdAt)),
            ("updated_at", .timestamp(c.updatedAt)),
            ("last_edited_at", .optional(c.lastEditedAt)),
            ("last_edited_user_id", .optional(c.lastEditedUserID)),
            ("email_failure_count", .null),
            ("outgoing_failures", .null),
            ("auto_response", false),
            ("thread_id", .null),
            ("thread_message_id", .null),
            ("automation_id", .null),
            ("automation_type_id", .null),
            ("source_additional_info", .null),
        ])
    }

    /// One consent ledger record, with its wording when known.
    static func consent(_ record: ConsentRecord, text: ConsentText?) -> JSONObject {
        record.json(text: text)
    }

    static func contact(_ c: Contact) -> JSONObject {
        self.marked(self.contactFields(c), c)
    }

    private static func contactFields(_ c: Contact) -> JSONObject {
        JSONObject([
            ("id", .id(c.id)),
            ("name", .string(c.name)),
            ("email", .optional(c.email)),
            ("phone", .optional(c.phone)),
            ("mobile", .optional(c.mobile)),
            ("twitter_id", .optional(c.twitterID)),
            ("unique_external_id", .optional(c.uniqueExternalID)),
            ("other_emails", .strings(c.otherEmails)),
            ("company_id", .optional(c.companyID)),
            ("view_all_tickets", .bool(c.viewAllTickets)),
            ("other_companies", .ids(c.otherCompanies)),
            ("address", .optional(c.address)),
            ("avatar", .null),
            ("custom_fields", .object(c.customFields)),
            ("description", .optional(c.description)),
            ("job_title", .optional(c.jobTitle)),
            ("language", .string(c.language)),
            ("tags", .strings(c.tags)),
            ("time_zone", .optional(c.timeZone)),
            ("active", .bool(c.active)),
            ("deleted", .bool(c.deleted)),
            ("contact_type", "contact"),
            ("social_handler", []),
            ("created_at", .timestamp(c.createdAt)),
            ("updated_at", .timestamp(c.updatedAt)),
        ])
    }

    static func agent(_ details: AgentDetails) -> JSONObject {
        self.agent(details.profile, roleIDs: details.roleIDs)
    }

    static func agent(_ profile: AgentProfile, roleIDs: [RoleID]) -> JSONObject {
        let a = profile.agent
        let c = profile.contact
        return JSONObject([
            ("id", .id(a.id)),
            ("available", .bool(a.available)),
            ("available_since", .optional(a.availableSince)),
            ("occasional", .bool(a.occasional)),
            ("signature", .optional(a.signature)),
            ("ticket_scope", .int(a.ticketScope)),
            ("type", .string(a.type)),
            ("group_ids", .ids(a.groupIDs)),
            ("role_ids", .ids(roleIDs)),
            ("skill_ids", .ids(a.skillIDs)),
            ("focus_mode", .bool(a.focusMode)),
            ("created_at", .timestamp(a.createdAt)),
            ("updated_at", .timestamp(a.updatedAt)),
            ("last_active_at", .optional(a.lastActiveAt)),
            ("freshcaller_agent", false),
            (
                "contact",
                .object(
                    // Exactly these keys: pyfreshdesk's Contact(**json) fails on a missing or extra one.
                    JSONObject([
                        ("active", .bool(c.active)),
                        ("email", .optional(c.email)),
                        ("job_title", .optional(c.jobTitle)),
                        ("language", .string(c.language)),
                        ("last_login_at", .null),
                        ("mobile", .optional(c.mobile)),
                        ("name", .string(c.name)),
                        ("phone", .optional(c.phone)),
                        ("time_zone", .optional(c.timeZone)),
                        ("created_at", .timestamp(c.createdAt)),
                        ("updated_at", .timestamp(c.updatedAt)),
                    ])
                )
            ),
        ])
    }

    static func group(_ g: AgentGroup) -> JSONObject {
        JSONObject([
            ("id", .id(g.id)),
            ("name", .string(g.name)),
            ("description", .optional(g.description)),
            ("business_hour_id", .optional(g.businessHourID)),
            ("escalate_to", .optional(g.escalateTo)),
            ("unassigned_for", .optional(g.unassignedFor)),
            ("agent_ids", .ids(g.agentIDs)),
            ("auto_ticket_assign", .int(g.autoTicketAssign)),
            ("created_at", .timestamp(g.createdAt)),
            ("updated_at", .timestamp(g.updatedAt)),
        ])
    }

    static func role(_ r: Role) -> JSONObject {
        JSONObject([
            ("id", .id(r.id)),
            ("name", .string(r.name)),
            ("description", .string(r.description)),
            ("default", .bool(r.isDefault)),
            ("created_at", .timestamp(r.createdAt)),
            ("updated_at", .timestamp(r.updatedAt)),
        ])
    }

    static func company(_ c: Company) -> JSONObject {
        self.marked(self.companyFields(c), c)
    }

    private static func companyFields(_ c: Company) -> JSONObject {
        JSONObject([
            ("id", .id(c.id)),
            ("name", .string(c.name)),
            ("description", .optional(c.description)),
            ("domains", .strings(c.domains)),
            ("note", .optional(c.note)),
            ("custom_fields", .object(c.customFields)),
            ("health_score", .optional(c.healthScore)),
            ("account_tier", .optional(c.accountTier)),
            ("renewal_date", .optional(c.renewalDate)),
            ("industry", .optional(c.industry)),
            ("created_at", .timestamp(c.createdAt)),
            ("updated_at", .timestamp(c.updatedAt)),
        ])
    }

    /// `GET /ticket_fields`.
    static func ticketField(_ f: TicketField) -> JSONObject {
        JSONObject([
            ("id", .id(f.id)),
            ("name", .string(f.name)),
            ("label", .string(f.label)),
            ("description", .optional(f.description)),
            ("position", .int(f.position)),
            ("required_for_closure", .bool(f.requiredForClosure)),
            ("required_for_agents", .bool(f.requiredForAgents)),
            ("type", .string(f.type)),
            ("default", .bool(f.isDefault)),
            ("customers_can_edit", .bool(f.customersCanEdit)),
            ("label_for_customers", .string(f.labelForCustomers)),
            ("required_for_customers", .bool(f.requiredForCustomers)),
            ("displayed_to_customers", .bool(f.displayedToCustomers)),
            ("portal_cc", false),
            ("portal_cc_to", "company"),
            ("choices", .strings(f.choices)),
            ("created_at", .timestamp(f.createdAt)),
            ("updated_at", .timestamp(f.updatedAt)),
        ])
    }

    /// `GET /admin/ticket_fields`: exactly the keys pyfreshdesk's `TicketField(**json)` accepts.
    static func adminTicketField(_ f: TicketField) -> JSONObject {
        JSONObject([
            ("id", .id(f.id)),
            ("name", .string(f.name)),
            ("type", .string(f.type)),
            ("description", .optional(f.description)),
            ("label", .string(f.label)),
            ("position", .int(f.position)),
            ("portal_cc", false),
            ("portal_cc_to", "company"),
            ("choices", .strings(f.choices)),
            ("dependent_fields", []),
            ("section_mappings", []),
            ("default", .bool(f.isDefault)),
            ("archived", false),
            ("has_section", false),
            ("is_fsm", false),
            ("field_update_in_progress", false),
            ("displayed_to_customers", .bool(f.displayedToCustomers)),
            ("customers_can_edit", .bool(f.customersCanEdit)),
            ("label_for_customers", .string(f.labelForCustomers)),
            ("created_at", .timestamp(f.createdAt)),
            ("updated_at", .timestamp(f.updatedAt)),
            ("required_for_closure", .bool(f.requiredForClosure)),
            ("required_for_agents", .bool(f.requiredForAgents)),
            ("required_for_customers", .bool(f.requiredForCustomers)),
        ])
    }

    static func job(_ j: Job) -> JSONObject {
        var o = JSONObject([
            ("id", .string(j.id)),
            ("name", .string(j.name)),
            ("status", .string(j.status.rawValue)),
            ("progress", .int(j.progress)),
            ("created_at", .timestamp(j.createdAt)),
            ("updated_at", .timestamp(j.updatedAt)),
            ("status_updated_at", .timestamp(j.statusUpdatedAt)),
        ])
        if let result = j.result {
            o.append("result", .object(result))
        }
        return o
    }
}
