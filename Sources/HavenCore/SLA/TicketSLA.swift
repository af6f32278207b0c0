/// A ticket's SLA bookkeeping beside its Freshdesk fields (`due_by`, `fr_due_by`, `nr_due_by` and the escalation
/// flags): which policy set the dates, when the clock stopped, how long it has stood, which dates a person set by
/// hand, which escalation notices went out, and when the escalation service next needs to look.
public struct TicketSLA: Sendable, Equatable {
    public var policyID: SLAPolicyID?
    /// Set while the clock stands (pending, waiting on customer, resolved, closed).
    public var pausedAt: Timestamp?
    /// Working seconds the clock has stood so far (counted as the target counts: business or calendar time).
    public var pausedSeconds: Int64 = 0
    /// `due_by` was set by a person: the SLA does not move it.
    public var manualDueBy = false
    /// `fr_due_by` was set by a person: the SLA does not move it.
    public var manualFrDueBy = false
    /// Escalation notices sent: bit 0 the response step, bits 1–4 the resolution levels.
    public var notified: Int64 = 0
    /// When something next falls due (a target passes or a notice is owed); nil when nothing can.
    public var nextCheck: Timestamp?

    public init() {}
}
