/// A typed 64-bit identifier. The phantom `Kind` keeps a ticket id from being passed where a contact id is
/// expected, which matters most for the tenant id: every repository call requires a `TenantID`, never an `Int64`.
public struct Identifier<Kind>: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int64

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    public var description: String { String(self.rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum TenantKind {}
/// Contacts and agents share one id space: in Freshdesk an agent's id is its contact (user) id.
public enum UserKind {}
public enum CompanyKind {}
public enum GroupKind {}
public enum RoleKind {}
public enum TicketKind {}
public enum ConversationKind {}
public enum TicketFieldKind {}
public enum APIKeyKind {}
public enum TimeEntryKind {}
public enum AttachmentKind {}
public enum CannedFolderKind {}
public enum CannedResponseKind {}
public enum SolutionCategoryKind {}
public enum SolutionFolderKind {}
public enum SolutionArticleKind {}
public enum SkillKind {}
public enum ForumCategoryKind {}
public enum ForumKind {}
public enum TopicKind {}
public enum PostKind {}

public typealias TenantID = Identifier<TenantKind>
public typealias CannedFolderID = Identifier<CannedFolderKind>
public typealias CannedResponseID = Identifier<CannedResponseKind>
public typealias SolutionCategoryID = Identifier<SolutionCategoryKind>
public typealias SolutionFolderID = Identifier<SolutionFolderKind>
public typealias SolutionArticleID = Identifier<SolutionArticleKind>
public typealias SkillID = Identifier<SkillKind>
public typealias ForumCategoryID = Identifier<ForumCategoryKind>
public typealias ForumID = Identifier<ForumKind>
public typealias TopicID = Identifier<TopicKind>
public typealias PostID = Identifier<PostKind>
public typealias UserID = Identifier<UserKind>
public typealias CompanyID = Identifier<CompanyKind>
public typealias GroupID = Identifier<GroupKind>
public typealias RoleID = Identifier<RoleKind>
/// A ticket's id is its per-tenant display number (1, 2, 3, …), as in Freshdesk.
public typealias TicketID = Identifier<TicketKind>
public typealias ConversationID = Identifier<ConversationKind>
public typealias TicketFieldID = Identifier<TicketFieldKind>
public typealias APIKeyID = Identifier<APIKeyKind>
public typealias TimeEntryID = Identifier<TimeEntryKind>
public typealias AttachmentID = Identifier<AttachmentKind>
