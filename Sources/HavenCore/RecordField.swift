public enum RecordFieldKind {}
public typealias RecordFieldID = Identifier<RecordFieldKind>

/// A custom field of contacts or of companies (Freshdesk's `contact_fields` / `company_fields` beyond the built-in
/// ones): the same six types as ticket fields, its values kept in the record's `custom_fields`, sealed with it.
public struct RecordField: Sendable, Equatable, CustomFieldDefinition {
    /// Which records the field belongs to.
    public enum Entity: String, Sendable {
        case contact, company
    }

    /// The built-in fields' ids are 1–999 (shown, never stored); custom fields' ids start above.
    public static let firstCustomID: Int64 = 1000

    public var tenantID: TenantID
    public var id: RecordFieldID
    public var entity: Entity
    public var name: String
    public var label: String
    public var labelForCustomers: String
    public var type: TicketField.CustomType
    public var position: Int64
    public var requiredForAgents = false
    public var requiredForCustomers = false
    public var customersCanEdit = false
    public var displayedForCustomers = false
    public var editableInSignup = false
    public var choices: [String] = []
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        tenantID: TenantID, id: RecordFieldID, entity: Entity, name: String, label: String, type: TicketField.CustomType, position: Int64,
        at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.entity = entity
        self.name = name
        self.label = label
        self.labelForCustomers = label
        self.type = type
        self.position = position
        self.createdAt = now
        self.updatedAt = now
    }

    public var customType: TicketField.CustomType? { self.type }
}

/// What `CustomFieldValidator` needs of a field definition: ticket, contact and company fields alike.
public protocol CustomFieldDefinition: Sendable {
    var name: String { get }
    var label: String { get }
    var customType: TicketField.CustomType? { get }
    var choices: [String] { get }
    var position: Int64 { get }
}

extension TicketField: CustomFieldDefinition {}
