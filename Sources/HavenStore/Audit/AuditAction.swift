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
    public static let groupUpdated = AuditAction(rawValue: "group.updated")
    public static let groupDeleted = AuditAction(rawValue: "group.deleted")

    public static let companyCreated = AuditAction(rawValue: "company.created")
    public static let companyUpdated = AuditAction(rawValue: "company.updated")
    public static let companyDeleted = AuditAction(rawValue: "company.deleted")

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

    public static let tenantCreated = AuditAction(rawValue: "tenant.created")
    public static let tenantTerminated = AuditAction(rawValue: "tenant.terminated")
    public static let tenantReactivated = AuditAction(rawValue: "tenant.reactivated")
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
    public static func ticketField(_ id: TicketFieldID) -> AuditTarget { AuditTarget(type: "ticket_field", id: id) }
    public static func timeEntry(_ id: TimeEntryID) -> AuditTarget { AuditTarget(type: "time_entry", id: id) }
    public static func job(_ id: String) -> AuditTarget { AuditTarget(type: "job", id: id) }
    public static func customDomain(_ id: Int64) -> AuditTarget { AuditTarget(type: "custom_domain", id: id) }
    public static func domainCertificate(_ id: Int64) -> AuditTarget { AuditTarget(type: "domain_certificate", id: id) }
    public static func tenant(_ id: TenantID) -> AuditTarget { AuditTarget(type: "tenant", id: id) }
}
