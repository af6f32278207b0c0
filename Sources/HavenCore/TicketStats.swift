/// The timestamps Freshdesk reports under `include=stats`.
public struct TicketStats: Sendable, Equatable {
    public var agentRespondedAt: Timestamp?
    public var requesterRespondedAt: Timestamp?
    public var firstRespondedAt: Timestamp?
    public var statusUpdatedAt: Timestamp?
    public var reopenedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var closedAt: Timestamp?
    public var pendingSince: Timestamp?

    public init(
        agentRespondedAt: Timestamp? = nil,
        requesterRespondedAt: Timestamp? = nil,
        firstRespondedAt: Timestamp? = nil,
        statusUpdatedAt: Timestamp? = nil,
        reopenedAt: Timestamp? = nil,
        resolvedAt: Timestamp? = nil,
        closedAt: Timestamp? = nil,
        pendingSince: Timestamp? = nil
    ) {
        self.agentRespondedAt = agentRespondedAt
        self.requesterRespondedAt = requesterRespondedAt
        self.firstRespondedAt = firstRespondedAt
        self.statusUpdatedAt = statusUpdatedAt
        self.reopenedAt = reopenedAt
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.pendingSince = pendingSince
    }
}

/// The ticket lifecycle as a pure function of (stats, event, time): no storage, no clock of its own.
/// It decides which lifecycle timestamps an event sets; the repository only persists the result.
public enum TicketLifecycle {
    public enum Event: Sendable {
        case created(status: TicketStatus)
        case statusChanged(from: TicketStatus, to: TicketStatus)
        case agentReplied
        case requesterReplied
    }

    public static func apply(_ event: Event, to stats: TicketStats, at now: Timestamp) -> TicketStats {
        var next = stats
        switch event {
        case .created(let status):
            next.statusUpdatedAt = now
            Self.enter(status, stats: &next, at: now)
        case .statusChanged(let from, let to):
            guard from != to else { return stats }
            next.statusUpdatedAt = now
            if (from == .resolved || from == .closed) && !(to == .resolved || to == .closed) {
                next.reopenedAt = now
                next.resolvedAt = nil
                next.closedAt = nil
            }
            if from == .pending {
                next.pendingSince = nil
            }
            Self.enter(to, stats: &next, at: now)
        case .agentReplied:
            next.agentRespondedAt = now
            if next.firstRespondedAt == nil {
                next.firstRespondedAt = now
            }
        case .requesterReplied:
            next.requesterRespondedAt = now
        }
        return next
    }

    private static func enter(_ status: TicketStatus, stats: inout TicketStats, at now: Timestamp) {
        switch status {
        case .pending:
            stats.pendingSince = now
        case .resolved:
            stats.resolvedAt = now
        case .closed:
            if stats.resolvedAt == nil {
                stats.resolvedAt = now
            }
            stats.closedAt = now
        case .open, .waitingOnCustomer:
            break
        }
    }
}
