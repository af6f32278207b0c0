public import HavenCore

/// Drives re-encryption after a rotation until no envelope of an old version remains. Passes repeat because a
/// Haven process that has not yet noticed the new version (it re-reads the keystore every couple of seconds) may
/// still seal a few values with the old one; a pass that re-seals nothing ends the run.
public struct KeyRotationRun: Sendable {
    let store: Store
    let tenant: TenantID

    public init(store: Store, tenant: TenantID) {
        self.store = store
        self.tenant = tenant
    }

    public struct Result: Sendable {
        public var resealed = 0
        public var skipped = 0
        public var remaining = 0
    }

    public func run(progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Result {
        let reencryption = Reencryption(store: self.store)
        var result = Result()
        var quietPasses = 0
        while true {
            let pass = try await reencryption.run(self.tenant, progress: progress)
            result.resealed += pass.resealed
            result.skipped = pass.skipped
            result.remaining = try await reencryption.remaining(self.tenant)
            if result.remaining == 0 || result.remaining <= pass.skipped {
                // Wait out other processes' refresh interval once, then confirm nothing old was written meanwhile.
                quietPasses += 1
                if quietPasses >= 2 { break }
                try await Task.sleep(for: self.store.keys.refreshInterval + .milliseconds(500))
            } else {
                quietPasses = 0
            }
        }
        return result
    }
}
