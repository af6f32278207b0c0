/// A tenant's retention rules: tickets closed more than `closedTicketDays` ago are deleted for good; contacts with no
/// ticket, no message and no activity (edit, sign-in) for `inactiveContactDays` are erased with their key. Nil: the
/// rule is off. Each rule is previewed (how many would go) before it is turned on.
public struct RetentionRules: Sendable, Equatable {
    public var closedTicketDays: Int64?
    public var inactiveContactDays: Int64?

    /// From a day to a hundred years: 0 or fewer days would delete what was just closed; more is a typo.
    public static let days: ClosedRange<Int64> = 1...36_500

    public init(closedTicketDays: Int64? = nil, inactiveContactDays: Int64? = nil) {
        self.closedTicketDays = closedTicketDays
        self.inactiveContactDays = inactiveContactDays
    }

    /// Throws `validation` naming each rule out of bounds.
    public func validate() throws {
        var problems: [FieldError] = []
        for (field, value) in [("closed_ticket_days", self.closedTicketDays), ("inactive_contact_days", self.inactiveContactDays)] {
            if let value, !Self.days.contains(value) {
                problems.append(
                    .invalid(
                        field, "must be a whole number of days from \(Self.days.lowerBound) to \(Self.days.upperBound), or empty for off"))
            }
        }
        if !problems.isEmpty { throw HavenError.validation(problems) }
    }

    public var isEmpty: Bool { self.closedTicketDays == nil && self.inactiveContactDays == nil }
}
