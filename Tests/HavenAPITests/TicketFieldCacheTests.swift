import HavenCore
import Testing

@testable import HavenStore

@Suite struct TicketFieldCacheTests {
    let tenant = TenantID(1)

    func field(_ name: String) -> TicketField {
        TicketField(
            tenantID: self.tenant,
            id: TicketFieldID(1),
            name: name,
            label: name,
            type: "custom_text",
            position: 1,
            isDefault: false,
            createdAt: Timestamp(secondsSince1970: 0)
        )
    }

    @Test func aLoadThatRacedAChange_isNotStored() {
        let cache = TicketFieldCache(clock: ManualClock(Timestamp(secondsSince1970: 100)))
        let (cached, generation) = cache.lookup(self.tenant)
        #expect(cached == nil)
        cache.invalidate(self.tenant)  // a change committed while the load was reading
        cache.store(self.tenant, [self.field("cf_old")], ifGeneration: generation)
        #expect(cache.lookup(self.tenant).value == nil)
    }

    @Test func entriesExpire_andInvalidationDropsThem() {
        let clock = ManualClock(Timestamp(secondsSince1970: 100))
        let cache = TicketFieldCache(clock: clock, lifetime: 10)
        cache.store(self.tenant, [self.field("cf_a")], ifGeneration: cache.lookup(self.tenant).generation)
        #expect(cache.lookup(self.tenant).value?.map(\.name) == ["cf_a"])
        clock.advance(seconds: 10)
        #expect(cache.lookup(self.tenant).value == nil)
        cache.store(self.tenant, [self.field("cf_b")], ifGeneration: cache.lookup(self.tenant).generation)
        cache.invalidate(self.tenant)
        #expect(cache.lookup(self.tenant).value == nil)
    }
}
