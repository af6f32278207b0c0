public import HavenCore
import HavenStore

/// The tenant's business hours (Freshdesk's `business_hours`): every agent reads them, administrators write them.
/// The first set becomes the default; making another the default moves the mark in the same change. A set a group
/// counts in, or the default while others exist, cannot be deleted. One transaction with its audit entry each.
public struct BusinessHoursSettings: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a create or update may set (nil: unchanged). The week and holidays come already read and checked for
    /// shape (`BusinessHoursCoding`).
    public struct Changes: Sendable {
        public var name: String?
        public var description: String??
        public var timeZone: String?
        public var week: WorkWeek?
        public var holidays: [Holiday]?
        public var isDefault: Bool?

        public init() {}
    }

    public func all(by principal: Principal) async throws -> [BusinessHours] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.sla.businessHours(principal.tenant, on: sql)
        }
    }

    public func find(_ id: BusinessHoursID, by principal: Principal) async throws -> BusinessHours {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let hours = try await store.sla.businessHours(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return hours
        }
    }

    public func create(_ changes: Changes, by principal: Principal) async throws -> BusinessHours {
        var errors = Self.problems(changes)
        if changes.name == nil { errors.append(.missing("name")) }
        if changes.timeZone == nil { errors.append(.missing("time_zone")) }
        if changes.week == nil { errors.append(.missing("business_hours")) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSLAPolicies) { change in
            let name = changes.name!.trimmingWhitespace()
            try await Self.checkUnique(name, except: nil, store: store, change: change)
            var hours = BusinessHours(
                tenantID: change.tenant, id: BusinessHoursID(try await IDSequences.next("business_hours", on: change.sql)), name: name,
                timeZone: changes.timeZone!, week: changes.week!, at: change.now)
            hours.description = changes.description ?? nil
            hours.holidays = changes.holidays ?? []
            let existing = try await store.sla.businessHours(change.tenant, on: change.sql)
            hours.isDefault = existing.isEmpty || changes.isDefault == true
            if hours.isDefault { try await Self.clearDefault(existing, store: store, change: change) }
            try await store.sla.insert(hours, on: change.sql)
            try await change.record(
                .businessHoursCreated, .businessHours(hours.id),
                details: ["name": .string(name), "time_zone": .string(hours.timeZone), "is_default": .bool(hours.isDefault)])
            return hours
        }
    }

    public func update(_ id: BusinessHoursID, _ changes: Changes, by principal: Principal) async throws -> BusinessHours {
        let errors = Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSLAPolicies) { change in
            guard var hours = try await store.sla.businessHours(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            var changed: [String] = []
            if let name = changes.name?.trimmingWhitespace(), name != hours.name {
                try await Self.checkUnique(name, except: id, store: store, change: change)
                (hours.name, changed) = (name, changed + ["name"])
            }
            if let description = changes.description, description != hours.description {
                (hours.description, changed) = (description, changed + ["description"])
            }
            if let zone = changes.timeZone, zone != hours.timeZone { (hours.timeZone, changed) = (zone, changed + ["time_zone"]) }
            if let week = changes.week, week != hours.week { (hours.week, changed) = (week, changed + ["business_hours"]) }
            if let holidays = changes.holidays, holidays != hours.holidays {
                (hours.holidays, changed) = (holidays, changed + ["holidays"])
            }
            if let isDefault = changes.isDefault, isDefault != hours.isDefault {
                guard isDefault else {
                    throw HavenError.validation([.invalid("is_default", "Make another set of hours the default instead")])
                }
                try await Self.clearDefault(try await store.sla.businessHours(change.tenant, on: change.sql), store: store, change: change)
                (hours.isDefault, changed) = (true, changed + ["is_default"])
            }
            hours.updatedAt = change.now
            try await store.sla.update(hours, on: change.sql)
            try await change.record(.businessHoursUpdated, .businessHours(id), details: ["changed": .strings(changed)])
            return hours
        }
    }

    public func delete(_ id: BusinessHoursID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSLAPolicies) { change in
            guard let hours = try await store.sla.businessHours(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            let groups = try await store.sla.groups(using: id, change.tenant, on: change.sql)
            if !groups.isEmpty {
                throw HavenError.conflict([
                    FieldError(
                        field: "id", message: "Groups count in these hours: \(groups.map(\.description).joined(separator: ", "))",
                        code: .inconsistentState)
                ])
            }
            if hours.isDefault, try await store.sla.businessHours(change.tenant, on: change.sql).count > 1 {
                throw HavenError.conflict([
                    FieldError(field: "is_default", message: "Make another set of hours the default first", code: .inconsistentState)
                ])
            }
            try await store.sla.delete(change.tenant, id, on: change.sql)
            try await change.record(.businessHoursDeleted, .businessHours(id), details: ["name": .string(hours.name)])
        }
    }

    static func problems(_ changes: Changes) -> [FieldError] {
        var errors = SettingText.problems(name: changes.name, description: changes.description)
        if let zone = changes.timeZone, !ZoneOffsets.isKnown(zone) {
            errors.append(.invalid("time_zone", "It should be an IANA time zone name such as 'Europe/Berlin' or 'America/New_York'"))
        }
        return errors
    }

    static func checkUnique(_ name: String, except: BusinessHoursID?, store: Store, change: Change) async throws {
        if let clash = try await store.sla.nameTaken(name, hours: true, change.tenant, except: except?.rawValue, on: change.sql) {
            throw SettingText.taken(by: clash)
        }
    }

    private static func clearDefault(_ all: [BusinessHours], store: Store, change: Change) async throws {
        for var other in all where other.isDefault {
            other.isDefault = false
            other.updatedAt = change.now
            try await store.sla.update(other, on: change.sql)
        }
    }
}
