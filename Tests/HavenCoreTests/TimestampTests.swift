import HavenCore
import Testing

@Suite struct TimestampTests {
    @Test func formatsTheWireShape() {
        #expect(Timestamp(secondsSince1970: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(Timestamp(secondsSince1970: 1_455_406_069).iso8601 == "2016-02-13T23:27:49Z")
        #expect(Timestamp(secondsSince1970: 951_782_400).iso8601 == "2000-02-29T00:00:00Z")
        #expect(Timestamp(secondsSince1970: -1).iso8601 == "1969-12-31T23:59:59Z")
        #expect(Timestamp(secondsSince1970: 253_402_300_799).iso8601 == "9999-12-31T23:59:59Z")
        #expect(Timestamp(secondsSince1970: 253_402_300_800).iso8601 == "10000-01-01T00:00:00Z")
    }

    @Test(
        arguments: [
            ("2016-02-13", 1_455_321_600),
            ("2016-02-13T23:27", 1_455_406_020),
            ("2016-02-13T23:27Z", 1_455_406_020),
            ("2016-02-13T23:27:49", 1_455_406_069),
            ("2016-02-13T23:27:49Z", 1_455_406_069),
            ("2016-02-14T05:27:49+06:00", 1_455_406_069),
            ("2016-02-14T05:27:49+06", 1_455_406_069),
            ("2016-02-13T18:27:49-0500", 1_455_406_069),
        ] as [(String, Int64)])
    func parsesEveryAcceptedInputForm(text: String, seconds: Int64) {
        #expect(TimestampParser.parse(text) == Timestamp(secondsSince1970: seconds))
    }

    @Test(arguments: [
        "", "2016", "2016-13-01", "2016-02-30", "2015-02-29", "2016-02-13T24:00", "2016-02-13T23:60",
        "2016-02-13T23:27:49.123Z", "2016-02-13T23:27:49ZZ", "16-02-13", "2016-02-13T23:27:49+25:00", "garbage",
        "2016-02-13 ",
    ])
    func rejectsMalformedInput(text: String) {
        #expect(TimestampParser.parse(text) == nil)
    }

    @Test func roundTripsEveryDayOfA400YearCycle() {
        var day = CivilDate.toDays(year: 2000, month: 1, day: 1)
        let end = CivilDate.toDays(year: 2400, month: 1, day: 1)
        while day < end {
            let (y, m, d) = CivilDate.fromDays(day)
            #expect(CivilDate.toDays(year: y, month: m, day: d) == day)
            day += 1
        }
    }
}
