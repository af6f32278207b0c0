/// Ticket status codes. 2–5 are Freshdesk's built-ins; 6 is the common custom "Waiting on Customer". We stop at 6
/// because pyfreshdesk's `TicketStatus` raises on 7 and above.
public enum TicketStatus: Int64, Sendable, CaseIterable {
    case open = 2
    case pending = 3
    case resolved = 4
    case closed = 5
    case waitingOnCustomer = 6

    public static var allowedValues: [String] { allCases.map { String($0.rawValue) } }
    /// The search language's validator accepts 7 ("Waiting on Third Party") as Freshdesk's does.
    public static let searchableValues: [Int64] = [2, 3, 4, 5, 6, 7]

    /// The name people read (the console, exports).
    public var displayName: String {
        switch self {
        case .open: return "Open"
        case .pending: return "Pending"
        case .resolved: return "Resolved"
        case .closed: return "Closed"
        case .waitingOnCustomer: return "Waiting on customer"
        }
    }
}

public enum TicketPriority: Int64, Sendable, CaseIterable {
    case low = 1
    case medium = 2
    case high = 3
    case urgent = 4

    public static var allowedValues: [String] { allCases.map { String($0.rawValue) } }

    public var displayName: String {
        switch self {
        case .low: return "Low"
        case .medium: return "Medium"
        case .high: return "High"
        case .urgent: return "Urgent"
        }
    }
}

public enum TicketSource: Int64, Sendable, CaseIterable {
    case email = 1
    case portal = 2
    case phone = 3
    case chat = 7
    case feedbackWidget = 9
    case outboundEmail = 10

    public static var allowedValues: [String] { allCases.map { String($0.rawValue) } }

    public var displayName: String {
        switch self {
        case .email: return "Email"
        case .portal: return "Portal"
        case .phone: return "Phone"
        case .chat: return "Chat"
        case .feedbackWidget: return "Feedback widget"
        case .outboundEmail: return "Outbound email"
        }
    }
}

/// The built-in ticket types (choices of the default `ticket_type` field).
public enum TicketTypes {
    public static let defaults = ["Question", "Incident", "Problem", "Feature Request", "Refund"]
}
