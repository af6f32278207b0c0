/// Sign-in lockout as a pure state machine (the repository keeps one state per account and one per source address,
/// so neither guessing one account from many addresses nor many accounts from one address goes unchecked).
/// `maxFailures` failures within `window` lock for `firstLock`; each further lock doubles, up to `longestLock`. A
/// success, or an admin's unlock, clears the failures; the doubling is forgotten after `longestLock` without a lock.
public struct LockoutPolicy: Sendable, Equatable {
    public var maxFailures = 5
    public var windowSeconds: Int64 = 15 * 60
    public var firstLockSeconds: Int64 = 60
    public var longestLockSeconds: Int64 = 24 * 3600

    public init() {}
}

public struct LockoutState: Sendable, Equatable {
    /// Failures counted since `windowStart`.
    public var failures = 0
    public var windowStart: Int64 = 0
    /// Locked until this second (exclusive), when set.
    public var lockedUntil: Int64?
    /// How many locks in a row, for the doubling.
    public var locks = 0
    public var lastLockAt: Int64?

    public init() {}

    /// Seconds left of a lock at `now`, nil when not locked.
    public func lockedFor(at now: Int64) -> Int64? {
        guard let until = self.lockedUntil, until > now else { return nil }
        return until - now
    }

    /// Counts a failed attempt; returns the lock's length in seconds when this failure locked the state.
    public mutating func recordFailure(at now: Int64, policy: LockoutPolicy) -> Int64? {
        if self.lockedFor(at: now) != nil { return nil }
        if now - self.windowStart >= policy.windowSeconds || self.failures == 0 {
            self.windowStart = now
            self.failures = 0
        }
        if let last = self.lastLockAt, now - last >= policy.longestLockSeconds { self.locks = 0 }
        self.failures += 1
        guard self.failures >= policy.maxFailures else { return nil }
        let doubling = min(self.locks, 30)
        let length = min(policy.longestLockSeconds, policy.firstLockSeconds << doubling)
        self.lockedUntil = now + length
        self.locks += 1
        self.lastLockAt = now
        self.failures = 0
        return length
    }

    /// A successful sign-in clears the failures (the lock history stays, so a guesser who also knows the password
    /// sometimes still meets longer locks).
    public mutating func recordSuccess() {
        self.failures = 0
        self.lockedUntil = nil
    }

    /// An admin's unlock: everything cleared.
    public mutating func unlock() {
        self = LockoutState()
    }
}
