/// A tenant's security policy (people.md §2): per audience the password length, the lockout and the session
/// limits; who must use a second factor; and the IP allowlists of the console, the portal and widget, and the API.
/// Stored as JSON; every value is bounded so a policy cannot switch a protection off by accident.
public struct SecurityPolicy: Sendable, Equatable {
    public struct AudiencePolicy: Sendable, Equatable {
        public var passwordMinimumLength = 12
        /// Failures within the lockout window before a lock.
        public var maxFailures = 5
        public var firstLockMinutes: Int64 = 10
        public var idleTimeoutMinutes: Int64 = 60
        public var absoluteTimeoutHours: Int64 = 12
        public var maxConcurrentSessions = 10

        public init() {}

        public var lockout: LockoutPolicy {
            var policy = LockoutPolicy()
            policy.maxFailures = self.maxFailures
            policy.firstLockSeconds = self.firstLockMinutes * 60
            return policy
        }

        /// The bounds of each setting (Freshdesk's ranges where it has them: idle 5 min–1 h... we allow up to 8 h).
        public static let bounds: [String: ClosedRange<Int64>] = [
            "password_minimum_length": 8...128,
            "max_failures": 3...20,
            "first_lock_minutes": 1...1_440,
            "idle_timeout_minutes": 5...480,
            "absolute_timeout_hours": 1...720,
            "max_concurrent_sessions": 1...30,
        ]
    }

    /// Who must use a second factor to sign in to the console.
    public enum TwoFactorRequirement: String, Sendable, CaseIterable {
        /// Nobody is forced (anyone may enroll).
        case optional
        /// Admins must.
        case admins
        /// Every agent must.
        case allAgents = "all_agents"
    }

    public enum AllowlistScope: String, Sendable, CaseIterable {
        case console
        case portal
        case api
    }

    public var agents = AudiencePolicy()
    public var contacts = AudiencePolicy()
    public var twoFactor = TwoFactorRequirement.admins
    /// CIDR entries per scope, as the admin wrote them (an empty list: no restriction).
    public var allowlists: [AllowlistScope: [String]] = [:]
    /// Card numbers in tickets and conversations are masked to their last four digits before they are stored
    /// (`CardNumberMasking`): on unless the tenant turns it off.
    public var maskCardNumbers = true

    public init() {
        // Contacts of a portal are kept signed in longer and need no second factor.
        self.contacts.idleTimeoutMinutes = 240
        self.contacts.absoluteTimeoutHours = 720
        self.contacts.passwordMinimumLength = 10
    }

    public func audience(_ audience: Audience) -> AudiencePolicy {
        audience == .agent ? self.agents : self.contacts
    }

    public func allowlist(_ scope: AllowlistScope) -> [String] { self.allowlists[scope] ?? [] }

    /// Whether an agent of `role` must have a second factor.
    public func requiresTwoFactor(_ role: AgentRole) -> Bool {
        switch self.twoFactor {
        case .optional: return false
        case .admins: return role == .admin
        case .allAgents: return true
        }
    }
}
