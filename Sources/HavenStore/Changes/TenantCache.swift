import HavenCore
import Synchronization

/// Each tenant's ticket field definitions.
typealias TicketFieldCache = TenantCache<[TicketField]>

/// A per-tenant value kept in memory because nearly every ticket request needs it and it changes rarely (the ticket
/// field definitions, the SLA setup). Correct under concurrency by a per-tenant generation: a reader stores what it loaded only if no
/// change was announced while it read, and a change is announced both before and after its commit. Entries also
/// expire after `lifetime` seconds, which bounds staleness for changes made by another process.
final class TenantCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var loadedAt: Int64
    }

    private struct State {
        var entries: [TenantID: Entry] = [:]
        var generations: [TenantID: Int] = [:]
        /// Raised by `invalidateAll`, in the high bits of every generation handed out.
        var era = 0

        func generation(_ tenant: TenantID) -> Int { self.era << 32 | (self.generations[tenant] ?? 0) }
    }

    private let state = Mutex(State())
    private let clock: any HavenClock
    private let lifetime: Int64

    init(clock: any HavenClock, lifetime: Int64 = 10) {
        self.clock = clock
        self.lifetime = lifetime
    }

    /// The cached value if fresh, else the generation to hand back to `store`.
    func lookup(_ tenant: TenantID) -> (value: Value?, generation: Int) {
        let now = self.clock.now().secondsSince1970
        return self.state.withLock { state in
            let generation = state.generation(tenant)
            guard let entry = state.entries[tenant], now - entry.loadedAt < self.lifetime, now >= entry.loadedAt else {
                return (nil, generation)
            }
            return (entry.value, generation)
        }
    }

    func store(_ tenant: TenantID, _ value: Value, ifGeneration generation: Int) {
        let now = self.clock.now().secondsSince1970
        self.state.withLock { state in
            guard state.generation(tenant) == generation else { return }
            if state.entries.count > 10_000 {
                state.entries.removeAll()
            }
            state.entries[tenant] = Entry(value: value, loadedAt: now)
        }
    }

    /// Announces a change to a tenant's value: drops the entry and refuses loads that began before.
    func invalidate(_ tenant: TenantID) {
        self.state.withLock { state in
            state.entries[tenant] = nil
            state.generations[tenant, default: 0] += 1
        }
    }

    /// Forgets every tenant's value and refuses every load already under way (notices may have been missed).
    func invalidateAll() {
        self.state.withLock { state in
            state.entries.removeAll()
            state.era += 1
        }
    }
}
