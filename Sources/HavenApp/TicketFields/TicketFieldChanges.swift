import HavenCore

/// The ticket field settings a create or update may set, already checked for shape by the channel that read them.
public struct TicketFieldChanges: Sendable {
    public var label: String?
    public var labelForCustomers: String?
    public var description: String??
    public var position: Int64?
    public var requiredForClosure: Bool?
    public var requiredForAgents: Bool?
    public var requiredForCustomers: Bool?
    public var customersCanEdit: Bool?
    public var displayedToCustomers: Bool?
    public var choices: [String]?

    public init() {}

    /// Applies the settings; choices only to dropdowns (and the default `ticket_type`), non-empty and distinct.
    func apply(to field: inout TicketField, errors: inout [FieldError]) {
        if let label = self.label { field.label = label.trimmingWhitespace() }
        if let label = self.labelForCustomers { field.labelForCustomers = label }
        if let description = self.description { field.description = description }
        if let position = self.position, position > 0 { field.position = position }
        if let flag = self.requiredForClosure { field.requiredForClosure = flag }
        if let flag = self.requiredForAgents { field.requiredForAgents = flag }
        if let flag = self.requiredForCustomers { field.requiredForCustomers = flag }
        if let flag = self.customersCanEdit { field.customersCanEdit = flag }
        if let flag = self.displayedToCustomers { field.displayedToCustomers = flag }
        if let choices = self.choices {
            if field.customType != .dropdown && !(field.isDefault && field.name == "ticket_type") {
                errors.add(.invalid("choices", "Only dropdown fields have choices"))
            } else if choices.isEmpty || Set(choices).count != choices.count {
                errors.add(.invalid("choices", "It should contain at least one value and no duplicates"))
            } else {
                field.choices = choices
            }
        }
    }
}
