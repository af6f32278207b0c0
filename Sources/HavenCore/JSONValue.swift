/// A JSON document as a value. Objects keep their key order, so responses come out in the order Freshdesk
/// documents them, and nulls are explicit (Swift's `Codable` would drop nil optionals, which clients index).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e15: return Int64(value)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The name used in `datatype_mismatch` messages.
    public var typeName: String {
        switch self {
        case .null: return "Null"
        case .bool: return "Boolean"
        case .int, .double: return "Number"
        case .string: return "String"
        case .array: return "Array"
        case .object: return "Object"
        }
    }
}

/// An ordered JSON object. Small objects (the dozen keys a request carries) are scanned, which beats hashing. An
/// object filled through the subscript — as the parser fills every object it reads — keeps a position index once it
/// passes `indexThreshold` keys, so building one with n keys and looking up each of them stays linear in n (a scan
/// there made a 16,000-key body cost seconds of CPU). Objects built with `append` (responses: written, not searched)
/// skip the index, which would cost every answer a hash table per object.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var entries: [(key: String, value: JSONValue)]
    /// The position of each key's last entry; nil while the object is small.
    private var positions: [String: Int]?

    static let indexThreshold = 16

    public init() {
        self.entries = []
    }

    public init(_ entries: [(String, JSONValue)]) {
        self.entries = entries.map { (key: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    public var keys: [String] { self.entries.map(\.key) }
    public var isEmpty: Bool { self.entries.isEmpty }
    public var count: Int { self.entries.count }

    public subscript(key: String) -> JSONValue? {
        get { self.position(of: key).map { self.entries[$0].value } }
        set {
            if let index = self.position(of: key) {
                if let newValue {
                    self.entries[index].value = newValue
                } else {
                    self.entries.remove(at: index)
                    if self.positions != nil {
                        self.positions = nil
                        self.reindexIfLarge()
                    }
                }
            } else if let newValue {
                self.append(key, newValue)
                self.reindexIfLarge()
            }
        }
    }

    public mutating func append(_ key: String, _ value: JSONValue) {
        self.entries.append((key: key, value: value))
        if self.positions != nil { self.positions?[key] = self.entries.count - 1 }
    }

    /// Where the key's value is: its last entry, as a repeated key keeps its last value.
    private func position(of key: String) -> Int? {
        if let positions = self.positions { return positions[key] }
        return self.entries.lastIndex(where: { $0.key == key })
    }

    private mutating func reindexIfLarge() {
        guard self.positions == nil, self.entries.count > Self.indexThreshold else { return }
        var positions = [String: Int](minimumCapacity: self.entries.count * 2)
        for (index, entry) in self.entries.enumerated() { positions[entry.key] = index }
        self.positions = positions
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        self.entries.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}

extension JSONValue {
    public static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    public static func optional(_ value: Int64?) -> JSONValue { value.map { .int($0) } ?? .null }
    public static func optional(_ value: Timestamp?) -> JSONValue { value.map { .string($0.iso8601) } ?? .null }
    public static func optional<K>(_ value: Identifier<K>?) -> JSONValue { value.map { .int($0.rawValue) } ?? .null }
    public static func timestamp(_ value: Timestamp) -> JSONValue { .string(value.iso8601) }
    public static func id<K>(_ value: Identifier<K>) -> JSONValue { .int(value.rawValue) }
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
    public static func ids<K>(_ values: [Identifier<K>]) -> JSONValue { .array(values.map { .int($0.rawValue) }) }
}
