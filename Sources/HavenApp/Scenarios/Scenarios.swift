public import HavenCore
import HavenStore

/// Scenario automations (Freshdesk's `scenario_automations`): supervisors and administrators write them, every agent
/// runs them. Running one is one transaction: the ticket's changes through `UpdateTicket` (its references checked,
/// its SLA and lifecycle kept), the note through `AddConversation`, each with its own entry, and a
/// `ticket.scenario_executed` entry naming the scenario.
public struct Scenarios: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a create or update may set (nil: unchanged).
    public struct Changes: Sendable {
        public var name: String?
        public var description: String??
        public var actions: [ScenarioAction]?

        public init() {}
    }

    public func all(by principal: Principal) async throws -> [ScenarioAutomation] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.scenarios.all(principal.tenant, on: sql)
        }
    }

    public func find(_ id: ScenarioID, by principal: Principal) async throws -> ScenarioAutomation {
        let store = self.helpdesk.store
        return try await self.helpdesk.find(by: principal) { sql in try await store.scenarios.find(principal.tenant, id, on: sql) }
    }

    public func create(_ changes: Changes, by principal: Principal) async throws -> ScenarioAutomation {
        var errors = Self.problems(changes)
        if changes.name == nil { errors.append(.missing("name")) }
        if changes.actions == nil { errors.append(.missing("actions")) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageScenarios) { change in
            let name = changes.name!.trimmingWhitespace()
            try await Self.checkUnique(name, except: nil, store: store, change: change)
            try await Self.checkReferences(changes.actions!, store: store, change: change)
            var scenario = ScenarioAutomation(
                tenantID: change.tenant, id: ScenarioID(try await IDSequences.next("scenario_automations", on: change.sql)), name: name,
                actions: changes.actions!, at: change.now)
            scenario.description = changes.description ?? nil
            try await store.scenarios.insert(scenario, on: change.sql)
            try await change.record(.scenarioCreated, .scenario(scenario.id), details: ["name": .string(name)])
            return scenario
        }
    }

    public func update(_ id: ScenarioID, _ changes: Changes, by principal: Principal) async throws -> ScenarioAutomation {
        let errors = Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageScenarios) { change in
            guard var scenario = try await store.scenarios.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            var changed: [String] = []
            if let name = changes.name?.trimmingWhitespace(), name != scenario.name {
                try await Self.checkUnique(name, except: id, store: store, change: change)
                (scenario.name, changed) = (name, changed + ["name"])
            }
            if let description = changes.description, description != scenario.description {
                (scenario.description, changed) = (description, changed + ["description"])
            }
            if let actions = changes.actions, actions != scenario.actions {
                try await Self.checkReferences(actions, store: store, change: change)
                (scenario.actions, changed) = (actions, changed + ["actions"])
            }
            scenario.updatedAt = change.now
            try await store.scenarios.update(scenario, on: change.sql)
            try await change.record(.scenarioUpdated, .scenario(id), details: ["changed": .strings(changed)])
            return scenario
        }
    }

    public func delete(_ id: ScenarioID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageScenarios) { change in
            guard let scenario = try await store.scenarios.find(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            try await store.scenarios.delete(change.tenant, id, on: change.sql)
            try await change.record(.scenarioDeleted, .scenario(id), details: ["name": .string(scenario.name)])
        }
    }

    /// Runs `id` on `ticketID`: all its actions or none.
    public func execute(_ id: ScenarioID, on ticketID: TicketID, by principal: Principal) async throws -> TicketDetails {
        let store = self.helpdesk.store
        let details = try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let scenario = try await store.scenarios.find(change.tenant, id, on: change.sql),
                let ticket = try await store.tickets.find(change.tenant, ticketID, on: change.sql)?.requireReadable()
            else { throw HavenError.notFound }
            var changes = TicketChanges()
            var note: String?
            for action in scenario.actions {
                switch action {
                case .status(let status): changes.status = status
                case .priority(let priority): changes.priority = priority
                case .type(let type): changes.type = .some(type)
                case .group(let group): changes.groupID = .some(group)
                case .agent(let agent): changes.responderID = .some(agent)
                case .addTags(let tags): changes.tags = ticket.tags + tags.filter { !ticket.tags.contains($0) }
                case .addNote(let html): note = html
                }
            }
            let details = try await UpdateTicket(self.helpdesk).update(ticketID, changes, requester: nil, in: change)
            if let note {
                _ = try await AddConversation(helpdesk: self.helpdesk).add(
                    to: ticketID, author: nil, action: .ticketNoteAdded, requester: nil, in: change
                ) { conversationID, now in
                    var c = Conversation(
                        tenantID: change.tenant, id: conversationID, ticketID: ticketID, body: note, source: Conversation.noteSource,
                        category: 2, createdAt: now)
                    c.isPrivate = true
                    return c
                }
            }
            try await change.record(
                .ticketScenarioExecuted, .ticket(ticketID), details: ["scenario_id": .id(id), "name": .string(scenario.name)])
            return details
        }
        self.helpdesk.outbox.notify()
        return details
    }

    static func problems(_ changes: Changes) -> [FieldError] {
        SettingText.problems(name: changes.name, description: changes.description)
    }

    static func checkUnique(_ name: String, except: ScenarioID?, store: Store, change: Change) async throws {
        if let clash = try await store.scenarios.id(named: name, change.tenant, on: change.sql), clash != except {
            throw SettingText.taken(by: clash.rawValue)
        }
    }

    /// Groups, agents and the ticket type an action names must be this tenant's.
    static func checkReferences(_ actions: [ScenarioAction], store: Store, change: Change) async throws {
        var errors: [FieldError] = []
        for (index, action) in actions.enumerated() {
            switch action {
            case .group(let group?) where try await !store.groups.exists(change.tenant, group, on: change.sql):
                errors.append(.invalid("actions[\(index)].value", "There is no group \(group)"))
            case .agent(let agent?) where try await !store.agents.exists(change.tenant, agent, on: change.sql):
                errors.append(.invalid("actions[\(index)].value", "There is no agent \(agent)"))
            case .type(let type):
                let fields = try await store.ticketFields.all(change.tenant, on: change.sql)
                let choices = fields.first(where: { $0.name == "ticket_type" })?.choices ?? TicketTypes.defaults
                if !choices.contains(type) { errors.append(.notOneOf("actions[\(index)].value", choices)) }
            default: break
            }
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
    }
}
