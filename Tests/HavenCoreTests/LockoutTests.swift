import HavenCore
import Testing

@Suite struct LockoutTests {
    @Test func locksAfterTheLimit_forGrowingIntervals_andOpensAgain() {
        let policy = LockoutPolicy()
        var state = LockoutState()
        var now: Int64 = 1_000_000
        for _ in 1..<policy.maxFailures { #expect(state.recordFailure(at: now, policy: policy) == nil) }
        #expect(state.recordFailure(at: now, policy: policy) == 60)
        #expect(state.lockedFor(at: now + 59) == 1)
        #expect(state.lockedFor(at: now + 60) == nil)
        // Failures while locked are not counted again (the caller refuses before checking the password).
        #expect(state.recordFailure(at: now + 10, policy: policy) == nil)
        now += 61
        for _ in 1..<policy.maxFailures { _ = state.recordFailure(at: now, policy: policy) }
        #expect(state.recordFailure(at: now, policy: policy) == 120, "the second lock doubles")
        now += 121
        for _ in 1..<policy.maxFailures { _ = state.recordFailure(at: now, policy: policy) }
        #expect(state.recordFailure(at: now, policy: policy) == 240)
    }

    @Test func failuresOutsideTheWindowDoNotAddUp_andSuccessOrUnlockClears() {
        let policy = LockoutPolicy()
        var state = LockoutState()
        for minute in 0..<10 {
            // One failure every 16 minutes never reaches five in a window.
            #expect(state.recordFailure(at: Int64(minute) * 16 * 60, policy: policy) == nil)
        }
        for _ in 1..<policy.maxFailures { _ = state.recordFailure(at: 100_000, policy: policy) }
        state.recordSuccess()
        #expect(state.recordFailure(at: 100_001, policy: policy) == nil, "a success resets the count")
        for _ in 1..<policy.maxFailures { _ = state.recordFailure(at: 100_002, policy: policy) }
        #expect(state.lockedFor(at: 100_002) != nil)
        state.unlock()
        #expect(state == LockoutState())
    }

    @Test func theLongestLockCaps_andIsForgottenAfterADay() {
        var policy = LockoutPolicy()
        policy.maxFailures = 1
        var state = LockoutState()
        var now: Int64 = 0
        var lengths: [Int64] = []
        for _ in 0..<15 {
            let length = state.recordFailure(at: now, policy: policy) ?? 0
            lengths.append(length)
            now += length
        }
        #expect(lengths.max() == policy.longestLockSeconds)
        #expect(state.recordFailure(at: now + policy.longestLockSeconds, policy: policy) == policy.firstLockSeconds)
    }
}
