// SLA due-date benchmark (a program to run and report, not a test): the time `SLAClock.apply` takes to set a new
// ticket's three dates, around the clock and in business hours (New York, Monday to Friday 9–5, with holidays),
// for short and long targets, over tickets opened at every minute of 2026 (DST changes included). The aim: under
// 20 µs per ticket.
//
//   swift run -c release sla-bench [tickets (default 200000)]
import Foundation
import HavenCore

#if canImport(Glibc)
    import Glibc
#endif

func nanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200_000 : 200_000
let tenant = TenantID(1)
let yearStart = TimestampParser.parse("2026-01-01T00:00:00Z")!
let hours = BusinessHours(
    tenantID: tenant, id: BusinessHoursID(1), name: "New York", timeZone: "America/New_York",
    week: .weekdays([WorkingSlot(start: 540, end: 1020)]), at: yearStart)
let calendar = BusinessCalendar(
    zone: ZoneOffsets.named(hours.timeZone)!, week: hours.week,
    holidays: [
        Holiday(name: "New Year", month: 1, day: 1), Holiday(name: "Independence Day", month: 7, day: 4),
        Holiday(name: "Thanksgiving", month: 11, day: 26, year: 2026), Holiday(name: "Christmas", month: 12, day: 25),
    ])

func setup(respond: Int64, resolve: Int64, business: Bool) -> SLAClock.Setup {
    var targets: [TicketPriority: SLATarget] = [:]
    for priority in TicketPriority.allCases {
        targets[priority] = SLATarget(respondWithin: respond, resolveWithin: resolve, nextRespondWithin: 1800, businessHours: business)
    }
    var policy = SLAPolicy(tenantID: tenant, id: SLAPolicyID(1), name: "Default", position: 1, targets: targets, at: yearStart)
    policy.isDefault = true
    return SLAClock.Setup(
        policies: [policy], calendars: [BusinessHoursID(1): calendar], defaultHours: BusinessHoursID(1), groupHours: [:])
}

let tickets: [Ticket] = (0..<count).map { index in
    // Spread over the year at a prime stride of minutes: every weekday, hour and both clock changes are hit.
    let created = yearStart.adding(seconds: Int64((index * 7919) % 525_600) * 60)
    var ticket = Ticket(tenantID: tenant, id: TicketID(Int64(index + 1)), description: "", requesterID: UserID(2), createdAt: created)
    ticket.priority = TicketPriority.allCases[index % 4]
    return ticket
}

let scenarios: [(String, SLAClock.Setup)] = [
    ("around the clock (1 h / 8 h)", setup(respond: 3600, resolve: 28_800, business: false)),
    ("business hours (1 h / 8 h)", setup(respond: 3600, resolve: 28_800, business: true)),
    ("business hours (4 h / 40 h)", setup(respond: 14_400, resolve: 144_000, business: true)),
    ("business hours (1 d / 30 d)", setup(respond: 86_400, resolve: 2_592_000, business: true)),
]

print("SLA due-date benchmark: \(count) tickets opened across 2026, \(TicketPriority.allCases.count) priorities")
var baseline = 0.0
for (name, setup) in scenarios {
    var checksum: Int64 = 0
    // One warm-up pass, then the measured one.
    for ticket in tickets.prefix(1000) {
        checksum &+= SLAClock.apply(.created, before: nil, to: ticket, setup: setup, now: ticket.createdAt).dueBy?.secondsSince1970 ?? 0
    }
    let start = nanoseconds()
    for ticket in tickets {
        let t = SLAClock.apply(.created, before: nil, to: ticket, setup: setup, now: ticket.createdAt)
        checksum &+= (t.dueBy?.secondsSince1970 ?? 0) &+ (t.frDueBy?.secondsSince1970 ?? 0)
    }
    let perTicket = Double(nanoseconds() - start) / Double(count) / 1000
    if baseline == 0 { baseline = perTicket }
    let ratio = perTicket / baseline
    print(
        "  \(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%6.2f", perTicket)) µs/ticket"
            + "  (\(String(format: "%.1f", ratio))× around the clock)  [\(checksum % 1000)]")
}
