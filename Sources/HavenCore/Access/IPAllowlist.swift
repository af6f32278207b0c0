/// A set of IP networks that answers "is this client allowed?" in logarithmic time: the blocks are merged into
/// sorted, disjoint ranges per family, so an allowlist of thousands of CIDRs costs a binary search per request. An
/// empty allowlist allows everyone (no restriction configured).
public struct IPAllowlist: Sendable, Equatable {
    public let networks: [IPNetwork]
    private let v4: [ClosedRange<UInt128>]
    private let v6: [ClosedRange<UInt128>]

    public init(_ networks: [IPNetwork]) {
        self.networks = networks
        self.v4 = Self.merged(networks.filter(\.isIPv4).map(\.range))
        self.v6 = Self.merged(networks.filter { !$0.isIPv4 }.map(\.range))
    }

    /// Parses one entry per element, collecting every problem (so an admin fixes them in one go).
    public static func parse(_ entries: [String]) -> (allowlist: IPAllowlist, problems: [String]) {
        var networks: [IPNetwork] = []
        var problems: [String] = []
        for entry in entries {
            do {
                networks.append(try IPNetwork(parsing: entry))
            } catch {
                problems.append(error.description)
            }
        }
        return (IPAllowlist(networks), problems)
    }

    public var isEmpty: Bool { self.networks.isEmpty }

    /// Whether a client address (as the socket reports it) may pass. Unparseable addresses never pass a non-empty list.
    public func allows(_ address: String) -> Bool {
        guard !self.isEmpty else { return true }
        guard let bytes = IPNetwork.clientBytes(address) else { return false }
        let number = IPNetwork.number(bytes)
        let ranges = bytes.count == 4 ? self.v4 : self.v6
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < number {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < ranges.count && ranges[low].contains(number)
    }

    public static func == (lhs: IPAllowlist, rhs: IPAllowlist) -> Bool { lhs.networks == rhs.networks }

    static func merged(_ ranges: [ClosedRange<UInt128>]) -> [ClosedRange<UInt128>] {
        var result: [ClosedRange<UInt128>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, last.upperBound == .max || range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
