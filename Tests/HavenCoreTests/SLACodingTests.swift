import HavenCore
import Testing

/// Bad SLA and business-hours input is named field by field, and good input reads back as it was written.
@Suite struct SLACodingTests {
    static func parse(_ text: String) -> JSONValue { try! JSONParser.parse(text) }

    static let targets = """
        {"priority_4": {"respond_within": 900, "resolve_within": 3600, "business_hours": true},
         "priority_3": {"respond_within": 1800, "resolve_within": 7200, "next_respond_within": 3600},
         "priority_2": {"respond_within": 3600, "resolve_within": 14400, "escalation_enabled": false},
         "priority_1": {"respond_within": 7200, "resolve_within": 28800}}
        """

    @Test func targetsRoundTrip() {
        var errors: [FieldError] = []
        let read = SLAPolicyCoding.readTargets(Self.parse(Self.targets), path: "sla_target", errors: &errors)
        #expect(errors.isEmpty)
        #expect(read[.urgent] == SLATarget(respondWithin: 900, resolveWithin: 3600, businessHours: true))
        #expect(read[.high]?.nextRespondWithin == 3600)
        #expect(read[.medium]?.escalationEnabled == false)
        var again: [FieldError] = []
        #expect(SLAPolicyCoding.readTargets(SLAPolicyCoding.targets(read), path: "t", errors: &again) == read)
        #expect(again.isEmpty)
    }

    @Test func badTargetsAreNamed() {
        var errors: [FieldError] = []
        _ = SLAPolicyCoding.readTargets(
            Self.parse(
                """
                {"priority_4": {"respond_within": 0, "resolve_within": 3600},
                 "priority_3": {"respond_within": 1800, "resolve_within": 99999999999},
                 "priority_2": {"respond_within": 7200, "resolve_within": 3600, "colour": "red"},
                 "priority_9": {}}
                """), path: "sla_target", errors: &errors)
        let fields = errors.map(\.field)
        #expect(fields.contains("sla_target.priority_4.respond_within"))
        #expect(fields.contains("sla_target.priority_3.resolve_within"))
        #expect(fields.contains("sla_target.priority_2.resolve_within"))
        #expect(fields.contains("sla_target.priority_2.colour"))
        #expect(fields.contains("sla_target.priority_9"))
        #expect(fields.contains("sla_target.priority_1"))
    }

    @Test func escalationLevelsInOrder() {
        var errors: [FieldError] = []
        let e = SLAPolicyCoding.readEscalation(
            Self.parse(
                """
                {"response": {"escalation_time": 0, "agent_ids": [-1]},
                 "resolution": {"level_1": {"escalation_time": 1800, "agent_ids": [4, 4, 5]}}}
                """), path: "escalation", errors: &errors)
        #expect(errors.isEmpty)
        #expect(e.response?.agentIDs == [-1])
        #expect(e.resolution == [SLAEscalationStep(after: 1800, agentIDs: [4, 5])])
        errors = []
        _ = SLAPolicyCoding.readEscalation(
            Self.parse(
                """
                {"resolution": {"level_2": {"escalation_time": 60, "agent_ids": [4]}},
                 "response": {"escalation_time": -5, "agent_ids": [0]}}
                """), path: "escalation", errors: &errors)
        #expect(errors.map(\.field).contains("escalation.resolution.level_2"))
        #expect(errors.map(\.field).contains("escalation.response.escalation_time"))
        #expect(errors.map(\.field).contains("escalation.response.agent_ids"))
    }

    @Test func weekRoundTripsWithBreaks() {
        var errors: [FieldError] = []
        let week = BusinessHoursCoding.readWeek(
            Self.parse(
                """
                {"monday": {"start_time": "8:00 am", "end_time": "5:00 pm"},
                 "tuesday": [{"start_time": "13:00", "end_time": "17:30"}, {"start_time": "09:00", "end_time": "12:00"}],
                 "saturday": {"start_time": "12:00 am", "end_time": "11:59 pm"}}
                """), path: "business_hours", errors: &errors)
        #expect(errors.isEmpty)
        #expect(week.days[1] == [WorkingSlot(start: 480, end: 1020)])
        #expect(week.days[2] == [WorkingSlot(start: 540, end: 720), WorkingSlot(start: 780, end: 1050)])
        #expect(week.days[6] == [WorkingSlot(start: 0, end: 1440)])
        var again: [FieldError] = []
        #expect(BusinessHoursCoding.readWeek(BusinessHoursCoding.week(week), path: "w", errors: &again) == week)
        #expect(again.isEmpty)
    }

    @Test func badWeeksAreNamed() {
        var errors: [FieldError] = []
        _ = BusinessHoursCoding.readWeek(
            Self.parse(
                """
                {"monday": [{"start_time": "9:00 am", "end_time": "1:00 pm"}, {"start_time": "12:00 pm", "end_time": "5:00 pm"}],
                 "tuesday": {"start_time": "5:00 pm", "end_time": "9:00 am"},
                 "wednesday": {"start_time": "25:00", "end_time": "5:00 pm"},
                 "funday": {"start_time": "9:00 am", "end_time": "5:00 pm"}}
                """), path: "business_hours", errors: &errors)
        let byField = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(byField["business_hours.monday"]?.contains("overlap") == true)
        #expect(byField["business_hours.tuesday.end_time"] != nil)
        #expect(byField["business_hours.wednesday.start_time"] != nil)
        #expect(byField["business_hours.funday"] != nil)
        errors = []
        _ = BusinessHoursCoding.readWeek(Self.parse("{}"), path: "business_hours", errors: &errors)
        #expect(errors.map(\.field) == ["business_hours"])
    }

    @Test func holidaysMustBeRealDates() {
        var errors: [FieldError] = []
        let good = BusinessHoursCoding.readHolidays(
            Self.parse(#"[{"name": "New Year", "date": "01-01"}, {"name": "Good Friday", "date": "2027-03-26"}]"#), path: "holidays",
            errors: &errors)
        #expect(errors.isEmpty)
        #expect(good == [Holiday(name: "New Year", month: 1, day: 1), Holiday(name: "Good Friday", month: 3, day: 26, year: 2027)])
        for bad in ["02-30", "13-01", "1969-12-25", "2200-01-01", "2026-2-1", "Dec 25", ""] {
            var errors: [FieldError] = []
            _ = BusinessHoursCoding.readHolidays(Self.parse(#"[{"name": "X", "date": "\#(bad)"}]"#), path: "holidays", errors: &errors)
            #expect(errors.map(\.field) == ["holidays[0].date"], "\(bad)")
        }
        errors = []
        _ = BusinessHoursCoding.readHolidays(
            Self.parse(#"[{"name": "A", "date": "12-25"}, {"name": "B", "date": "12-25"}, {"date": "01-01"}]"#), path: "holidays",
            errors: &errors)
        #expect(errors.map(\.field) == ["holidays[1].date", "holidays[2].name"])
    }
}
