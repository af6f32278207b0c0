/// Who signs in where: agents (admins, supervisors, agents, occasional agents) to the console, contacts to the
/// portal. Each audience has its own policy, its own session settings and its own cookie.
public enum Audience: String, Sendable, CaseIterable {
    case agent
    case contact
}
