public import HavenCore
public import HavenStore

/// A browser's session, resolved once per request by the web channel: the tenant, the person and what they may do.
public struct SignedIn: Sendable {
    public let tenant: Tenant
    public let session: StoredSession
    public let person: Contact
    /// The agent's role (nil for a contact).
    public let role: AgentRole?
    public let occasional: Bool
    public let accessEndsAt: Timestamp?
    public let principal: Principal

    /// Password or code checks older than this need confirming again before sensitive actions (people.md §2).
    public static let reauthenticationWindowSeconds: Int64 = 5 * 60

    public var audience: Audience { self.session.audience }

    /// The same person on the session as it is after a step that changed it (a new token, a completed stage).
    public func moved(to session: StoredSession) -> SignedIn {
        SignedIn(
            tenant: self.tenant, session: session, person: self.person, role: self.role, occasional: self.occasional,
            accessEndsAt: self.accessEndsAt, principal: self.principal)
    }

    public func recentlyAuthenticated(at now: Timestamp) -> Bool {
        now.secondsSince1970 - self.session.authenticatedAt.secondsSince1970 < Self.reauthenticationWindowSeconds
    }
}

/// A session just created or moved to a new token: the token goes into the cookie and nowhere else.
public struct IssuedSession: Sendable {
    public let token: String
    public let session: StoredSession
}
