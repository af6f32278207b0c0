import HavenCore
import Testing

/// The parser stays linear for every shape and stops at the first value past a limit.
@Suite struct JSONLimitsTests {
    static func object(keys: Int) -> [UInt8] {
        var text = "{"
        for index in 0..<keys {
            if index > 0 { text += "," }
            text += "\"k\(index)\":\(index)"
        }
        return Array((text + "}").utf8)
    }

    /// The fastest of three parses, in seconds (the minimum filters out a busy machine).
    static func parseTime(_ bytes: [UInt8]) throws -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let started = ContinuousClock.now
            _ = try JSONParser.parse(bytes)
            let elapsed = ContinuousClock.now - started
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return best
    }

    @Test func objectsWithManyKeys_parseInLinearTime_andLookUpEveryKey() throws {
        // Quadratic parsing took 6.5 s for 16,000 keys; linear parsing keeps the time per key about flat.
        let small = try Self.parseTime(Self.object(keys: 5_000)) / 5_000
        let large = try Self.parseTime(Self.object(keys: 100_000)) / 100_000
        #expect(large < small * 4, "per key: \(small * 1e9) ns at 5,000 keys, \(large * 1e9) ns at 100,000")
        let object = try #require(try JSONParser.parse(Self.object(keys: 100_000)).objectValue)
        #expect(object.count == 100_000)
        for index in stride(from: 0, to: 100_000, by: 997) { #expect(object["k\(index)"] == .int(Int64(index))) }
    }

    @Test func aRepeatedKeyKeepsItsLastValue_smallAndLarge() throws {
        let small = try #require(try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#).objectValue)
        #expect(small.keys == ["a", "b"] && small["a"] == 3)
        let text = "{" + (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k5\":99}"
        var large = try #require(try JSONParser.parse(text).objectValue)
        #expect(large.count == 40 && large["k5"] == 99)
        large["k5"] = nil
        #expect(large.count == 39 && large["k5"] == nil && large["k6"] == 6 && large["k39"] == 39)
        large["new"] = "x"
        #expect(large.keys.last == "new" && large["new"] == "x")
    }

    @Test func eachLimitIsNamedWhereItIsCrossed() {
        let limits = JSONParser.Limits(maxDepth: 8, maxKeysPerObject: 100, maxValues: 1_000)
        let cases: [(String, String)] = [
            ("{" + (0...100).map { "\"k\($0)\":1" }.joined(separator: ",") + "}", "keys per object"),
            (String(repeating: "[", count: 9) + String(repeating: "]", count: 9), "nesting depth"),
            ("[" + Array(repeating: "1", count: 1_000).joined(separator: ",") + "]", "values per document"),
        ]
        for (text, limit) in cases {
            do {
                _ = try JSONParser.parse(text, limits: limits)
                Issue.record("\(limit) was not enforced")
            } catch {
                #expect(error.message.contains("limit: \(limit)"), "\(error.message)")
            }
        }
        // Right at each limit still parses.
        #expect(throws: Never.self) {
            _ = try JSONParser.parse("{" + (0..<100).map { "\"k\($0)\":1" }.joined(separator: ",") + "}", limits: limits)
            _ = try JSONParser.parse(String(repeating: "[", count: 8) + String(repeating: "]", count: 8), limits: limits)
            _ = try JSONParser.parse("[" + Array(repeating: "1", count: 999).joined(separator: ",") + "]", limits: limits)
        }
    }

    @Test func longStringsAndManyNumbers_stayLinear() throws {
        let string = Array(("\"" + String(repeating: "é", count: 200_000) + "\"").utf8)
        #expect(try JSONParser.parse(string).stringValue?.count == 200_000)
        let numbers = Array(("[" + (0..<100_000).map { "\($0).5e1" }.joined(separator: ",") + "]").utf8)
        let small = Array(("[" + (0..<5_000).map { "\($0).5e1" }.joined(separator: ",") + "]").utf8)
        let perLarge = try Self.parseTime(numbers) / 100_000
        let perSmall = try Self.parseTime(small) / 5_000
        #expect(perLarge < perSmall * 4)
    }
}
