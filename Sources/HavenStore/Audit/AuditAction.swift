public import HavenCore

/// What an audit entry records, by name (`family.verb`). The names are part of the product: filters
/// (`action=ticket.*`), exports and operators' alerts depend on them, so each is written once, here.
public struct AuditAction: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { self.rawValue }

    public static let ticketCreated = AuditAction(rawValue: "ticket.created")
    public static let ticketUpdated = AuditAction(rawValue: "ticket.updated")
    public static let ticketDeleted = AuditAction(rawValue: "ticket.deleted")
    public static let ticketRestored = AuditAction(rawValue: "ticket.restored")
    public static let ticketPurged = AuditAction(rawValue: "ticket.purged")
    public static let ticketBulkDeleteRequested = AuditAction(rawValue: "ticket.bulk_delete_requested")
    public static let ticketReplied = AuditAction(rawValue: "ticket.replied")
    public static let ticketNoteAdded = AuditAction(rawValue: "ticket.note_added")
    public static let ticketSummaryWritten = AuditAction(rawValue: "ticket.summary_written")
    public static let ticketSummaryDeleted = AuditAction(rawValue: "ticket.summary_deleted")
    public static let conversationUpdated = AuditAction(rawValue: "conversation.updated")
    public static let conversationDeleted = AuditAction(rawValue: "conversation.deleted")

    public static let contactCreated = AuditAction(rawValue: "contact.created")
    public static let contactUpdated = AuditAction(rawValue: "contact.updated")
    public static let contactDeleted = AuditAction(rawValue: "contact.deleted")
    public static let contactRestored = AuditAction(rawValue: "contact.restored")
    public static let contactHardDeleted = AuditAction(rawValue: "contact.hard_deleted")
    public static let contactMadeAgent = AuditAction(rawValue: "contact.made_agent")

    public static let agentCreated = AuditAction(rawValue: "agent.created")
    public static let agentUpdated = AuditAction(rawValue: "agent.updated")
    public static let agentRoleChanged = AuditAction(rawValue: "agent.role_changed")
    public static let agentDeleted = AuditAction(rawValue: "agent.deleted")

    public static let groupCreated = AuditAction(rawValue: "group.created")
    public static let cannedFolderCreated = AuditAction(rawValue: "canned_folder.created")
    public static let cannedFolderUpdated = AuditAction(rawValue: "canned_folder.updated")
    public static let cannedResponseCreated = AuditAction(rawValue: "canned_response.created")
    public static let cannedResponseUpdated = AuditAction(rawValue: "canned_response.updated")
    public static let cannedResponseDeleted = AuditAction(rawValue: "canned_response.deleted")
    public static let businessHoursCreated = AuditAction(rawValue: "business_hours.created")
    public static let businessHoursUpdated = AuditAction(rawValue: "business_hours.updated")
    public static let businessHoursDeleted = AuditAction(rawValue: "business_hours.deleted")
    public static let slaPolicyCreated = AuditAction(rawValue: "sla_policy.created")
    public static let slaPolicyUpdated = AuditAction(rawValue: "sla_policy.updated")
    public static let slaPolicyDeleted = AuditAction(rawValue: "sla_policy.deleted")
    public static let solutionCategoryCreated = AuditAction(rawValue: "solution_category.created")
    public static let solutionCategoryUpdated = AuditAction(rawValue: "solution_category.updated")
    public static let solutionCategoryDeleted = AuditAction(rawValue: "solution_category.deleted")
    public static let solutionFolderCreated = AuditAction(rawValue: "solution_folder.created")
    public static let solutionFolderUpdated = AuditAction(rawValue: "solution_folder.updated")
    public static let solutionFolderDeleted = AuditAction(rawValue: "solution_folder.deleted")
    public static let solutionArticleCreated = AuditAction(rawValue: "solution_article.created")
    public static let solutionArticleUpdated = AuditAction(rawValue: "solution_article.updated")
    public static let solutionArticleDeleted = AuditAction(rawValue: "solution_article.deleted")
    public static let skillCreated = AuditAction(rawValue: "skill.created")
    public static let skillUpdated = AuditAction(rawValue: "skill.updated")
    public static let skillDeleted = AuditAction(rawValue: "skill.deleted")
    public static let forumCategoryCreated = AuditAction(rawValue: "forum_category.created")
    public static let forumCategoryUpdated = AuditAction(rawValue: "forum_category.updated")
    public static let forumCategoryDeleted = AuditAction(rawValue: "forum_category.deleted")
    public static let forumCreated = AuditAction(rawValue: "forum.created")
    public static let forumUpdated = AuditAction(rawValue: "forum.updated")
    public static let forumDeleted = AuditAction(rawValue: "forum.deleted")
    public static let topicCreated = AuditAction(rawValue: "topic.created")
    public static let topicUpdated = AuditAction(rawValue: "topic.updated")
    public static let topicDeleted = AuditAction(rawValue: "topic.deleted")
    public static let postCreated = AuditAction(rawValue: "post.created")
    public static let postUpdated = AuditAction(rawValue: "post.updated")
    public static let postDeleted = AuditAction(rawValue: "post.deleted")
    public static let scenarioCreated = AuditAction(rawValue: "scenario.created")
    public static let scenarioUpdated = AuditAction(rawValue: "scenario.updated")
    public static let scenarioDeleted = AuditAction(rawValue: "scenario.deleted")
    /// A scenario ran on a ticket: its changes and note have entries of their own in the same transaction.
    public static let ticketScenarioExecuted = AuditAction(rawValue: "ticket.scenario_executed")
    public static let surveyCreated = AuditAction(rawValue: "survey.created")
    public static let surveyUpdated = AuditAction(rawValue: "survey.updated")
    public static let satisfactionRatingCreated = AuditAction(rawValue: "satisfaction_rating.created")
    /// SLA targets of a ticket passed (the escalation service): which, and who was told.
    public static let ticketEscalated = AuditAction(rawValue: "ticket.escalated")
    public static let groupUpdated = AuditAction(rawValue: "group.updated")
    public static let groupDeleted = AuditAction(rawValue: "group.deleted")

    public static let companyCreated = AuditAction(rawValue: "company.created")
    public static let companyUpdated = AuditAction(rawValue: "company.updated")
    public static let companyDeleted = AuditAction(rawValue: "company.deleted")
    public static let companyRestored = AuditAction(rawValue: "company.restored")
    public static let companyPurged = AuditAction(rawValue: "company.purged")

    public static let contactFieldCreated = AuditAction(rawValue: "contact_field.created")
    public static let contactFieldUpdated = AuditAction(rawValue: "contact_field.updated")
    public static let contactFieldDeleted = AuditAction(rawValue: "contact_field.deleted")
    public static let companyFieldCreated = AuditAction(rawValue: "company_field.created")
    public static let companyFieldUpdated = AuditAction(rawValue: "company_field.updated")
    public static let companyFieldDeleted = AuditAction(rawValue: "company_field.deleted")
    public static let ticketFieldCreated = AuditAction(rawValue: "ticket_field.created")
    public static let ticketFieldUpdated = AuditAction(rawValue: "ticket_field.updated")
    public static let ticketFieldDeleted = AuditAction(rawValue: "ticket_field.deleted")

    public static let timeEntryCreated = AuditAction(rawValue: "time_entry.created")
    public static let timeEntryUpdated = AuditAction(rawValue: "time_entry.updated")
    public static let timeEntryTimerToggled = AuditAction(rawValue: "time_entry.timer_toggled")
    public static let timeEntryDeleted = AuditAction(rawValue: "time_entry.deleted")

    public static let customDomainAdded = AuditAction(rawValue: "custom_domain.added")
    public static let customDomainRemoved = AuditAction(rawValue: "custom_domain.removed")
    public static let customDomainIssuanceFailed = AuditAction(rawValue: "custom_domain.issuance_failed")
    public static let domainCertificateUploaded = AuditAction(rawValue: "domain_certificate.uploaded")
    public static let domainCertificateReplaced = AuditAction(rawValue: "domain_certificate.replaced")
    public static let domainCertificateIssued = AuditAction(rawValue: "domain_certificate.issued")
    public static let domainCertificateRenewed = AuditAction(rawValue: "domain_certificate.renewed")
    public static let domainCertificateRemoved = AuditAction(rawValue: "domain_certificate.removed")

    /// Sign-in and sessions (failed sign-ins are counted per minute by the channel, as for the API).
    public static let signedIn = AuditAction(rawValue: "auth.signed_in")
    public static let signedOut = AuditAction(rawValue: "auth.signed_out")
    public static let sessionsEnded = AuditAction(rawValue: "auth.sessions_ended")
    public static let sessionExpired = AuditAction(rawValue: "auth.session_expired")
    public static let signInLocked = AuditAction(rawValue: "auth.locked")
    public static let signInUnlocked = AuditAction(rawValue: "auth.unlocked")
    public static let passwordChanged = AuditAction(rawValue: "auth.password_changed")
    public static let passwordSet = AuditAction(rawValue: "auth.password_set")
    public static let accountLinkIssued = AuditAction(rawValue: "auth.link_issued")
    public static let twoFactorEnrolled = AuditAction(rawValue: "auth.two_factor_enrolled")
    public static let twoFactorReset = AuditAction(rawValue: "auth.two_factor_reset")
    public static let recoveryCodeUsed = AuditAction(rawValue: "auth.recovery_code_used")
    public static let reauthenticated = AuditAction(rawValue: "auth.reauthenticated")
    public static let securityPolicyChanged = AuditAction(rawValue: "security.policy_changed")
    public static let allowlistCleared = AuditAction(rawValue: "security.allowlist_cleared")
    public static let apiKeyCreated = AuditAction(rawValue: "api_key.created")
    public static let apiKeyRevoked = AuditAction(rawValue: "api_key.revoked")
    public static let occasionalAgentInvited = AuditAction(rawValue: "agent.occasional_invited")
    public static let agentAccessEnded = AuditAction(rawValue: "agent.access_ended")

    public static let tenantCreated = AuditAction(rawValue: "tenant.created")
    public static let tenantTerminated = AuditAction(rawValue: "tenant.terminated")
    public static let tenantReactivated = AuditAction(rawValue: "tenant.reactivated")

    public static let auditExported = AuditAction(rawValue: "audit.exported")
    public static let ticketExportRequested = AuditAction(rawValue: "ticket.export_requested")
    public static let contactExportRequested = AuditAction(rawValue: "contact.export_requested")
    public static let exportDownloaded = AuditAction(rawValue: "export.downloaded")
    public static let dataPackageRequested = AuditAction(rawValue: "contact.data_package_requested")
    public static let dataPackageProduced = AuditAction(rawValue: "contact.data_package_produced")

    public static let portalSettingsChanged = AuditAction(rawValue: "portal.settings_changed")
    public static let portalLogoChanged = AuditAction(rawValue: "portal.logo_changed")
    public static let consentTextChanged = AuditAction(rawValue: "consent.text_changed")
    public static let consentGiven = AuditAction(rawValue: "consent.given")
    public static let consentWithdrawn = AuditAction(rawValue: "consent.withdrawn")

    public static let mailAddressAdded = AuditAction(rawValue: "mail.address_added")
    public static let mailAddressRemoved = AuditAction(rawValue: "mail.address_removed")
    public static let mailRelayTokenIssued = AuditAction(rawValue: "mail.relay_token_issued")
    public static let mailSettingsChanged = AuditAction(rawValue: "mail.settings_changed")
    public static let retentionRulesChanged = AuditAction(rawValue: "retention.rules_changed")
}

/// What an audit entry is about: a type and an id, both clear (they name records, never people's data).
public struct AuditTarget: Sendable, Equatable {
    public let type: String
    public let id: String

    public init(type: String, id: some CustomStringConvertible) {
        self.type = type
        self.id = id.description
    }

    public static func ticket(_ id: TicketID) -> AuditTarget { AuditTarget(type: "ticket", id: id) }
    public static func conversation(_ id: ConversationID) -> AuditTarget { AuditTarget(type: "conversation", id: id) }
    public static func contact(_ id: UserID) -> AuditTarget { AuditTarget(type: "contact", id: id) }
    public static func agent(_ id: UserID) -> AuditTarget { AuditTarget(type: "agent", id: id) }
    public static func group(_ id: GroupID) -> AuditTarget { AuditTarget(type: "group", id: id) }
    public static func company(_ id: CompanyID) -> AuditTarget { AuditTarget(type: "company", id: id) }
    public static func recordField(_ field: RecordField) -> AuditTarget {
        AuditTarget(type: field.entity == .contact ? "contact_field" : "company_field", id: field.id)
    }
    public static func ticketField(_ id: TicketFieldID) -> AuditTarget { AuditTarget(type: "ticket_field", id: id) }
    public static func timeEntry(_ id: TimeEntryID) -> AuditTarget { AuditTarget(type: "time_entry", id: id) }
    public static func job(_ id: String) -> AuditTarget { AuditTarget(type: "job", id: id) }
    public static func cannedFolder(_ id: CannedFolderID) -> AuditTarget { AuditTarget(type: "canned_folder", id: id) }
    public static func cannedResponse(_ id: CannedResponseID) -> AuditTarget { AuditTarget(type: "canned_response", id: id) }
    public static func businessHours(_ id: BusinessHoursID) -> AuditTarget { AuditTarget(type: "business_hours", id: id) }
    public static func solutionCategory(_ id: SolutionCategoryID) -> AuditTarget { AuditTarget(type: "solution_category", id: id) }
    public static func solutionFolder(_ id: SolutionFolderID) -> AuditTarget { AuditTarget(type: "solution_folder", id: id) }
    public static func solutionArticle(_ id: SolutionArticleID) -> AuditTarget { AuditTarget(type: "solution_article", id: id) }
    public static func skill(_ id: SkillID) -> AuditTarget { AuditTarget(type: "skill", id: id) }
    public static func forumCategory(_ id: ForumCategoryID) -> AuditTarget { AuditTarget(type: "forum_category", id: id) }
    public static func forum(_ id: ForumID) -> AuditTarget { AuditTarget(type: "forum", id: id) }
    public static func topic(_ id: TopicID) -> AuditTarget { AuditTarget(type: "topic", id: id) }
    public static func post(_ id: PostID) -> AuditTarget { AuditTarget(type: "post", id: id) }
    public static func scenario(_ id: ScenarioID) -> AuditTarget { AuditTarget(type: "scenario", id: id) }
    public static func survey(_ id: SurveyID) -> AuditTarget { AuditTarget(type: "survey", id: id) }
    public static func satisfactionRating(_ id: SatisfactionRatingID) -> AuditTarget { AuditTarget(type: "satisfaction_rating", id: id) }
    public static func slaPolicy(_ id: SLAPolicyID) -> AuditTarget { AuditTarget(type: "sla_policy", id: id) }
    public static func customDomain(_ id: Int64) -> AuditTarget { AuditTarget(type: "custom_domain", id: id) }
    public static func domainCertificate(_ id: Int64) -> AuditTarget { AuditTarget(type: "domain_certificate", id: id) }
    public static func tenant(_ id: TenantID) -> AuditTarget { AuditTarget(type: "tenant", id: id) }
    public static func apiKey(_ id: APIKeyID) -> AuditTarget { AuditTarget(type: "api_key", id: id) }
    public static func session(_ id: Int64) -> AuditTarget { AuditTarget(type: "session", id: id) }
    /// A person who signs in: an agent or a contact.
    public static func person(_ id: UserID, _ audience: Audience) -> AuditTarget {
        audience == .agent ? .agent(id) : .contact(id)
    }
}
