public import HavenCore

/// A contact's state as the list filter names it.
public enum ContactState: String, Sendable, CaseIterable {
    case blocked, deleted, unverified, verified
}

/// What a contact list filters by (all conditions combine with AND).
public struct ContactFilter: Sendable {
    public var email: String?
    public var phone: String?
    public var mobile: String?
    public var companyID: CompanyID?
    public var state: ContactState?
    public var updatedSince: Timestamp?
    /// Only contacts with a greater id (the list is in id order): an export pages by key, not by offset.
    public var afterID: UserID?

    public init() {}
}

/// Which phone column a phone lookup matches.
public enum PhoneField: Sendable { case phone, mobile, either }
