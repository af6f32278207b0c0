/// What an agent list filters by (all conditions combine with AND).
public struct AgentFilter: Sendable {
    public var email: String?
    public var phone: String?
    public var mobile: String?
    public var occasional: Bool?

    public init() {}
}
