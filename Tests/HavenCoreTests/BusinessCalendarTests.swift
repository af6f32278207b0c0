import HavenCore
import Testing

/// The business-hours calculator's table of cases: weekends, holidays, DST changes in both hemispheres, half-hour
/// zones, breaks, slots the clocks change in, and the round trip between adding and counting.
@Suite struct BusinessCalendarTests {
    static func at(_ text: String) -> Timestamp { TimestampParser.parse(text)! }
    static let nineToFive = [WorkingSlot(start: 9 * 60, end: 17 * 60)]

    static func calendar(_ zone: String, _ week: WorkWeek, holidays: [Holiday] = []) -> BusinessCalendar {
        BusinessCalendar(zone: ZoneOffsets.named(zone)!, week: week, holidays: holidays)
    }

    static let newYork = calendar(
        "America/New_York", .weekdays(nineToFive),
        holidays: [Holiday(name: "Christmas", month: 12, day: 25), Holiday(name: "Thanksgiving", month: 11, day: 26, year: 2026)])

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let zone: String
        let week: WorkWeek
        let start: String
        let seconds: Int64
        let due: String
        var testDescription: String { self.name }
    }

    static let berlinSundayNights = WorkWeek(days: [[WorkingSlot(start: 0, end: 6 * 60)], [], [], [], [], [], []])
    static let lunchBreak = WorkWeek.weekdays([WorkingSlot(start: 9 * 60, end: 12 * 60), WorkingSlot(start: 13 * 60, end: 17 * 60)])

    static let cases: [Case] = [
        Case(
            name: "within the day", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-02T15:00:00Z",
            seconds: 7200, due: "2026-12-02T17:00:00Z"),
        Case(
            name: "into the next morning", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-02T21:00:00Z",
            seconds: 7200, due: "2026-12-03T15:00:00Z"),
        Case(
            name: "over the weekend", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-04T21:30:00Z",
            seconds: 3600, due: "2026-12-07T14:30:00Z"),
        Case(
            name: "opened on a Saturday", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-05T17:00:00Z",
            seconds: 3600, due: "2026-12-07T15:00:00Z"),
        Case(
            name: "before opening", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-03T11:00:00Z",
            seconds: 1800, due: "2026-12-03T14:30:00Z"),
        Case(
            name: "used up exactly at closing", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-02T14:00:00Z",
            seconds: 28_800, due: "2026-12-02T22:00:00Z"),
        Case(
            name: "a working week", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-07T14:00:00Z",
            seconds: 144_000, due: "2026-12-11T22:00:00Z"),
        Case(
            name: "spring forward (New York, 8 March)", zone: "America/New_York", week: .weekdays(nineToFive),
            start: "2026-03-06T21:00:00Z", seconds: 7200, due: "2026-03-09T14:00:00Z"),
        Case(
            name: "fall back (New York, 1 November)", zone: "America/New_York", week: .weekdays(nineToFive),
            start: "2026-10-30T20:00:00Z", seconds: 7200, due: "2026-11-02T15:00:00Z"),
        Case(
            name: "a night slot the clocks skip an hour in (Berlin)", zone: "Europe/Berlin", week: berlinSundayNights,
            start: "2026-03-28T23:00:00Z", seconds: 18_000, due: "2026-03-29T04:00:00Z"),
        Case(
            name: "one second past that slot runs to the next Sunday", zone: "Europe/Berlin", week: berlinSundayNights,
            start: "2026-03-28T23:00:00Z", seconds: 18_001, due: "2026-04-04T22:00:01Z"),
        Case(
            name: "a night slot the clocks repeat an hour in (Berlin)", zone: "Europe/Berlin", week: berlinSundayNights,
            start: "2026-10-24T22:00:00Z", seconds: 25_200, due: "2026-10-25T05:00:00Z"),
        Case(
            name: "a half-hour zone (Kolkata)", zone: "Asia/Kolkata", week: .weekdays([WorkingSlot(start: 9 * 60, end: 18 * 60)]),
            start: "2026-12-07T11:30:00Z", seconds: 7200, due: "2026-12-08T04:30:00Z"),
        Case(
            name: "southern summer time (Sydney)", zone: "Australia/Sydney", week: .weekdays(nineToFive),
            start: "2026-12-04T05:00:00Z", seconds: 7200, due: "2026-12-06T23:00:00Z"),
        Case(
            name: "a lunch break", zone: "UTC", week: lunchBreak, start: "2026-12-07T11:30:00Z", seconds: 3600,
            due: "2026-12-07T13:30:00Z"),
        Case(
            name: "nothing to add", zone: "America/New_York", week: .weekdays(nineToFive), start: "2026-12-05T17:00:00Z",
            seconds: 0, due: "2026-12-05T17:00:00Z"),
    ]

    @Test(arguments: cases) func dueDates(_ c: Case) {
        let calendar = Self.calendar(c.zone, c.week)
        #expect(calendar.adding(c.seconds, to: Self.at(c.start)) == Self.at(c.due))
    }

    @Test func yearlyAndDatedHolidaysAreSkipped() {
        // Christmas (a Friday in 2026), then the weekend.
        #expect(Self.newYork.adding(7200, to: Self.at("2026-12-24T21:00:00Z")) == Self.at("2026-12-28T15:00:00Z"))
        // Thanksgiving 2026 only.
        #expect(Self.newYork.adding(3600, to: Self.at("2026-11-25T22:00:00Z")) == Self.at("2026-11-27T15:00:00Z"))
        // Thanksgiving's date in 2027 (a Friday) is a working day.
        #expect(Self.newYork.adding(3600, to: Self.at("2027-11-25T22:00:00Z")) == Self.at("2027-11-26T15:00:00Z"))
    }

    @Test func aLeapDayHolidayFallsOnlyInLeapYears() {
        let calendar = BusinessCalendar(zone: .utc, week: .weekdays(Self.nineToFive), holidays: [Holiday(name: "Leap", month: 2, day: 29)])
        let leapDay = CivilDate.toDays(year: 2028, month: 2, day: 29)
        #expect(calendar.isHoliday(leapDay))
        #expect(!calendar.isHoliday(CivilDate.toDays(year: 2027, month: 3, day: 1)))
    }

    @Test func workingSecondsCountOnlyTheSlots() {
        // Friday 16:00 to Monday 10:00 in New York: an hour each side of the weekend.
        #expect(Self.newYork.workingSeconds(from: Self.at("2026-12-04T21:00:00Z"), to: Self.at("2026-12-07T15:00:00Z")) == 7200)
        // The Berlin slot the clocks skip an hour in lasts five real hours.
        let berlin = Self.calendar("Europe/Berlin", Self.berlinSundayNights)
        #expect(berlin.workingSeconds(from: Self.at("2026-03-28T20:00:00Z"), to: Self.at("2026-03-29T12:00:00Z")) == 18_000)
        #expect(Self.newYork.workingSeconds(from: Self.at("2026-12-07T15:00:00Z"), to: Self.at("2026-12-04T21:00:00Z")) == 0)
    }

    /// Counting the working seconds up to a due date gives back the target, from any start (in hours or not, across
    /// both of 2026's clock changes and the holidays).
    @Test func addingAndCountingAgree() {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int64) -> Int64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((seed >> 33) % UInt64(bound))
        }
        let yearStart = Self.at("2026-01-01T00:00:00Z").secondsSince1970
        for _ in 0..<500 {
            let start = Timestamp(secondsSince1970: yearStart + next(365 * 86_400))
            let seconds = 900 + next(30 * 3600)
            let due = Self.newYork.adding(seconds, to: start)
            #expect(Self.newYork.workingSeconds(from: start, to: due) == seconds, "from \(start) adding \(seconds)")
        }
    }

    @Test func zoneTablesMatchTheSystem() {
        let newYork = ZoneOffsets.named("America/New_York")!
        #expect(newYork.offset(at: Self.at("2026-01-15T12:00:00Z").secondsSince1970) == -18_000)
        #expect(newYork.offset(at: Self.at("2026-07-15T12:00:00Z").secondsSince1970) == -14_400)
        // 2:30 on the spring-forward night does not exist; it is read as 3:30 daylight time.
        let gap = Self.at("2026-03-08T02:30:00Z").secondsSince1970
        #expect(newYork.instant(atLocal: gap) == Self.at("2026-03-08T07:30:00Z").secondsSince1970)
        // 1:30 on the fall-back night happens twice; the first (daylight time) is meant.
        let repeated = Self.at("2026-11-01T01:30:00Z").secondsSince1970
        #expect(newYork.instant(atLocal: repeated) == Self.at("2026-11-01T05:30:00Z").secondsSince1970)
        // East of UTC too: 2:30 on Berlin's fall-back night is first 2:30 summer time.
        let berlin = ZoneOffsets.named("Europe/Berlin")!
        #expect(
            berlin.instant(atLocal: Self.at("2026-10-25T02:30:00Z").secondsSince1970) == Self.at("2026-10-25T00:30:00Z").secondsSince1970)
        #expect(ZoneOffsets.named("Mars/Olympus_Mons") == nil)
        #expect(ZoneOffsets.isKnown("Europe/Berlin") && ZoneOffsets.isKnown("UTC") && !ZoneOffsets.isKnown("CEST+2"))
    }

    @Test func clockTimesReadAndWriteAsFreshdeskDoes() {
        #expect(ClockTime.parse("8:00 am", isEnd: false) == 480)
        #expect(ClockTime.parse("12:00 am", isEnd: false) == 0)
        #expect(ClockTime.parse("12:30 pm", isEnd: false) == 750)
        #expect(ClockTime.parse("17:45", isEnd: false) == 1065)
        #expect(ClockTime.parse("11:59 pm", isEnd: true) == 1440)
        #expect(ClockTime.parse("24:00", isEnd: true) == 1440)
        for bad in ["24:00", "13:00 pm", "8:60", "25:00", "8", "eight", "8:0 am", ""] {
            #expect(ClockTime.parse(bad, isEnd: false) == nil, "\(bad)")
        }
        #expect(ClockTime.format(0) == "12:00 am")
        #expect(ClockTime.format(780) == "1:00 pm")
        #expect(ClockTime.format(1440) == "11:59 pm")
    }
}
