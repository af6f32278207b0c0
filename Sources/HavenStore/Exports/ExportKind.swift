import HavenCore

/// What an export holds: the tenant's contacts or its tickets, each with the fields it may carry (in the file's column
/// order) and the name of its job.
public enum ExportKind: String, Sendable, CaseIterable {
    case contacts
    case tickets
    /// Everything about one contact (`DataSubjectPackages`): a zip, not rows of chosen fields.
    case package

    public static let formats = ["csv", "json"]

    public var jobName: String {
        switch self {
        case .contacts: return "contact_export"
        case .tickets: return "ticket_export"
        case .package: return "contact_package"
        }
    }

    public init?(jobName: String) {
        guard let kind = Self.allCases.first(where: { $0.jobName == jobName }) else { return nil }
        self = kind
    }

    public var fields: [String] {
        switch self {
        case .contacts: return ContactExportRows.fields
        case .tickets: return TicketExportRows.fields
        case .package: return []
        }
    }

    /// The singular noun of a row, for the pages ("1 ticket").
    public var noun: String {
        switch self {
        case .contacts: return "contact"
        case .tickets: return "ticket"
        case .package: return "data package"
        }
    }
}
