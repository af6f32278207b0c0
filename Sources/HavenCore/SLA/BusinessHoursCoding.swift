/// Business hours' members in Freshdesk's shapes: `business_hours` as `{"monday": {"start_time": "8:00 am",
/// "end_time": "5:00 pm"}, …}` (a day with a break lists its slots as an array), and `holidays` as
/// `[{"name": "New Year", "date": "01-01"}]`. Written for the API and the stored columns, read back with every
/// problem named by its path.
public enum BusinessHoursCoding {
    public static func week(_ week: WorkWeek) -> JSONValue {
        var object = JSONObject()
        // Freshdesk lists Monday first.
        for index in [1, 2, 3, 4, 5, 6, 0] where !week.days[index].isEmpty {
            let slots = week.days[index].map { slot -> JSONValue in
                .object(["start_time": .string(ClockTime.format(slot.start)), "end_time": .string(ClockTime.format(slot.end))])
            }
            object.append(WorkWeek.dayNames[index], slots.count == 1 ? slots[0] : .array(slots))
        }
        return .object(object)
    }

    public static func holidays(_ holidays: [Holiday]) -> JSONValue {
        .array(holidays.map { .object(["name": .string($0.name), "date": .string($0.dateText)]) })
    }

    /// The working week: at least one slot; each slot ends after it starts; a day's slots do not overlap.
    public static func readWeek(_ value: JSONValue, path: String, errors: inout [FieldError]) -> WorkWeek {
        var reader = JSONReader(value, path: path, errors: errors)
        reader.only(Set(WorkWeek.dayNames))
        var days: [[WorkingSlot]] = Array(repeating: [], count: 7)
        for (index, day) in WorkWeek.dayNames.enumerated() {
            guard let member = reader.object[day], !member.isNull else { continue }
            let items = member.arrayValue ?? [member]
            var slots: [WorkingSlot] = []
            for (position, item) in items.enumerated() {
                let name = items.count == 1 && member.arrayValue == nil ? reader.name(day) : "\(reader.name(day))[\(position)]"
                var slot = JSONReader(item, path: name, errors: reader.errors)
                slot.only(["start_time", "end_time"])
                let start = slot.string("start_time", required: true)
                let end = slot.string("end_time", required: true)
                let startMinutes = start.flatMap { ClockTime.parse($0, isEnd: false) }
                let endMinutes = end.flatMap { ClockTime.parse($0, isEnd: true) }
                if start != nil, startMinutes == nil {
                    slot.errors.append(.invalid(slot.name("start_time"), "It should be a time of day such as '8:00 am' or '08:00'"))
                }
                if end != nil, endMinutes == nil {
                    slot.errors.append(.invalid(slot.name("end_time"), "It should be a time of day such as '5:00 pm' or '17:00'"))
                }
                if let startMinutes, let endMinutes {
                    if endMinutes <= startMinutes {
                        slot.errors.append(.invalid(slot.name("end_time"), "It should be after start_time (a slot ends on its own day)"))
                    } else {
                        slots.append(WorkingSlot(start: startMinutes, end: endMinutes))
                    }
                }
                reader.errors = slot.errors
            }
            slots.sort { $0.start < $1.start }
            for (earlier, later) in zip(slots, slots.dropFirst()) where later.start < earlier.end {
                reader.errors.append(
                    .invalid(
                        reader.name(day),
                        "Its slots overlap: \(ClockTime.format(earlier.start))–\(ClockTime.format(earlier.end)) and "
                            + "\(ClockTime.format(later.start))–\(ClockTime.format(later.end))"))
            }
            days[index] = slots
        }
        let week = WorkWeek(days: days)
        if week.isEmpty && reader.errors.count == errors.count {
            reader.errors.append(.invalid(path, "It should have at least one working day"))
        }
        errors = reader.errors
        return week
    }

    /// Holidays: each a name and a real date (`MM-DD` every year, or `YYYY-MM-DD` once, 1970–2199), no date twice.
    public static func readHolidays(_ value: JSONValue, path: String, errors: inout [FieldError]) -> [Holiday] {
        guard let items = value.arrayValue else {
            if !value.isNull { errors.append(.wrongType(path, "Array")) }
            return []
        }
        if items.count > 366 { errors.append(.invalid(path, "It should list at most 366 holidays")) }
        var holidays: [Holiday] = []
        for (index, item) in items.prefix(366).enumerated() {
            var reader = JSONReader(item, path: "\(path)[\(index)]", errors: errors)
            reader.only(["name", "date"])
            let name = reader.string("name", required: true)?.trimmingWhitespace()
            if let name, name.isEmpty || name.count > 255 {
                reader.errors.append(.invalid(reader.name("name"), "It should be 1 to 255 characters"))
            }
            if let date = reader.string("date", required: true) {
                if let parsed = Holiday.parseDate(date) {
                    let holiday = Holiday(name: name ?? "", month: parsed.month, day: parsed.day, year: parsed.year)
                    if holidays.contains(where: { $0.dateText == holiday.dateText }) {
                        reader.errors.append(.invalid(reader.name("date"), "The date \(date) is listed twice"))
                    } else if let name, !name.isEmpty {
                        holidays.append(holiday)
                    }
                } else {
                    reader.errors.append(
                        .invalid(reader.name("date"), "It should be a real date: MM-DD every year, or YYYY-MM-DD once (1970 to 2199)"))
                }
            }
            errors = reader.errors
        }
        return holidays
    }
}
