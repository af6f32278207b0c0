/// A block the failed-authentication throttle imposed on a client address: refused until `until` (seconds since
/// 1970); `offences` is how many blocks the address earned in a row, which sets the next one's length.
public struct AddressBlock: Sendable, Equatable {
    public var until: Int64
    public var offences: Int

    public init(until: Int64, offences: Int) {
        self.until = until
        self.offences = offences
    }
}

/// Failed authentications per client address and clock minute, and the blocks in force, summed over the nodes that
/// share a database (`AuthenticationThrottleSync`). Addresses are keyed pseudonyms (`AddressPseudonym`). Not about
/// any tenant: an address is refused on every tenant's hosts alike.
public protocol AuthenticationFailureRepository: Sendable {
    /// Adds this node's failures since its last exchange to each address's count for `minute` and records the blocks
    /// it imposed (a longer block or more offences win), noted at `now`. Returns the addresses whose count over all
    /// nodes passed `limit` in `minute`, with that count, and the blocks still in force at `now` that were noted at
    /// or after `blocksNotedSince`.
    func exchange(
        failures: [String: Int], blocks: [String: AddressBlock], minute: Int64, limit: Int, blocksNotedSince: Int64, now: Int64,
        on sql: SQLExecutor
    ) async throws -> (overLimit: [String: Int], blocks: [String: AddressBlock])
    /// Forgets the counts of minutes before `minute` and the blocks that ended before `blocksEndedBefore`.
    func forget(minutesBefore minute: Int64, blocksEndedBefore: Int64, on sql: SQLExecutor) async throws
}
