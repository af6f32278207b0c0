import HavenCore
import Testing

@Suite struct JSONTests {
    @Test func parsesAndWritesWithOrderAndExplicitNulls() throws {
        let value = try JSONParser.parse(#"{"b":1,"a":[true,false,null],"c":"x\u00e9\ud83d\ude00","d":-1.5e2}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "c", "d"])
        #expect(object["c"] == .string("xé😀"))
        #expect(object["d"] == .double(-150))
        #expect(JSONWriter.string(value) == #"{"b":1,"a":[true,false,null],"c":"xé😀","d":-150}"#)
    }

    @Test func escapesMarkupAndControlCharacters() {
        #expect(JSONWriter.string(.string("<a>&\"\\\n\u{01}")) == #""\u003ca\u003e\u0026\"\\\n\u0001""#)
        // Runs of plain text around escapes, and text that starts or ends with one.
        #expect(JSONWriter.string(.string("ab\tcd\r")) == #""ab\tcd\r""#)
        #expect(JSONWriter.string(.string("\u{1F}é<")) == #""\u001fé\u003c""#)
        #expect(JSONWriter.string(.string("")) == #""""#)
    }

    @Test func writesIntegersExactly() {
        for number: Int64 in [0, 7, -7, 10, 1_000_000, -1_000_001, .max, .min] {
            #expect(JSONWriter.string(.int(number)) == String(number))
        }
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"\\x\"", "\"\\ud800\"",
        "\"\u{01}\"", "{} x", "[" + String(repeating: "[", count: 70) + String(repeating: "]", count: 71),
    ])
    func rejectsMalformedDocuments(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82]] {
            #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(bytes) }
        }
    }
}
