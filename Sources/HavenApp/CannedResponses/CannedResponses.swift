public import HavenCore
import HavenStore

/// The team's canned responses (Freshdesk's `canned_response_folders` and `canned_responses`): every agent reads and
/// uses them; supervisors and admins write them. A response's placeholders are checked when it is saved and filled,
/// escaped, from the ticket it answers (`CannedPlaceholders`). Each change is one transaction with its audit entry.
public struct CannedResponses: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a create or update of a response may set (nil: unchanged).
    public struct Changes: Sendable {
        public var title: String?
        public var contentHTML: String?
        public var folderID: CannedFolderID?

        public init(title: String? = nil, contentHTML: String? = nil, folderID: CannedFolderID? = nil) {
            self.title = title
            self.contentHTML = contentHTML
            self.folderID = folderID
        }
    }

    public func folders(by principal: Principal) async throws -> [CannedFolder] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.canned.folders(principal.tenant, on: sql)
        }
    }

    /// A folder and its responses (404 for another tenant's).
    public func folder(_ id: CannedFolderID, by principal: Principal) async throws -> (CannedFolder, [CannedResponse]) {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let folder = try await store.canned.folder(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return (folder, try await store.canned.responses(principal.tenant, folder: id, on: sql))
        }
    }

    public func createFolder(named name: String, by principal: Principal) async throws -> CannedFolder {
        let store = self.helpdesk.store
        let name = try Self.folderName(name)
        return try await self.helpdesk.change(by: principal, needs: .manageCannedResponses) { change in
            try await Self.checkUnique(name, except: nil, store: store, change: change)
            let folder = CannedFolder(
                tenantID: change.tenant, id: CannedFolderID(try await IDSequences.next("canned_folders", on: change.sql)), name: name,
                at: change.now)
            try await store.canned.insert(folder, on: change.sql)
            try await change.record(.cannedFolderCreated, .cannedFolder(folder.id), details: ["name": .string(name)])
            return folder
        }
    }

    public func renameFolder(_ id: CannedFolderID, to name: String, by principal: Principal) async throws -> CannedFolder {
        let store = self.helpdesk.store
        let name = try Self.folderName(name)
        return try await self.helpdesk.change(by: principal, needs: .manageCannedResponses) { change in
            guard var folder = try await store.canned.folder(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            try await Self.checkUnique(name, except: id, store: store, change: change)
            let before = folder.name
            folder.name = name
            folder.updatedAt = change.now
            try await store.canned.update(folder, on: change.sql)
            try await change.record(
                .cannedFolderUpdated, .cannedFolder(id), details: ["name": ["before": .string(before), "after": .string(name)]])
            return folder
        }
    }

    public func response(_ id: CannedResponseID, by principal: Principal) async throws -> CannedResponse {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let response = try await store.canned.response(principal.tenant, id, on: sql) else { throw HavenError.notFound }
            return response
        }
    }

    /// Every response of the tenant, by title (the console's picker).
    public func all(by principal: Principal) async throws -> [CannedResponse] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.canned.responses(principal.tenant, folder: nil, on: sql)
        }
    }

    public func create(_ changes: Changes, by principal: Principal) async throws -> CannedResponse {
        let store = self.helpdesk.store
        var errors: [FieldError] = []
        if changes.title == nil { errors.append(.missing("title")) }
        if changes.contentHTML == nil { errors.append(.missing("content_html")) }
        if changes.folderID == nil { errors.append(.missing("folder_id")) }
        errors += Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageCannedResponses) { change in
            try await Self.checkFolder(changes.folderID, store: store, change: change)
            let response = CannedResponse(
                tenantID: change.tenant, id: CannedResponseID(try await IDSequences.next("canned_responses", on: change.sql)),
                folderID: changes.folderID!, title: changes.title!, contentHTML: changes.contentHTML!, at: change.now)
            try await store.canned.insert(response, on: change.sql)
            try await change.record(.cannedResponseCreated, .cannedResponse(response.id), details: ["folder_id": .id(response.folderID)])
            return response
        }
    }

    public func update(_ id: CannedResponseID, _ changes: Changes, by principal: Principal) async throws -> CannedResponse {
        let store = self.helpdesk.store
        let errors = Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .manageCannedResponses) { change in
            guard var response = try await store.canned.response(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            try await Self.checkFolder(changes.folderID, store: store, change: change)
            var changed: [String] = []
            if let title = changes.title, title != response.title { (response.title, changed) = (title, changed + ["title"]) }
            if let html = changes.contentHTML, html != response.contentHTML {
                (response.contentHTML, changed) = (html, changed + ["content_html"])
            }
            if let folder = changes.folderID, folder != response.folderID {
                (response.folderID, changed) = (folder, changed + ["folder_id"])
            }
            response.updatedAt = change.now
            try await store.canned.update(response, on: change.sql)
            try await change.record(.cannedResponseUpdated, .cannedResponse(id), details: ["changed": .strings(changed)])
            return response
        }
    }

    public func delete(_ id: CannedResponseID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageCannedResponses) { change in
            guard try await store.canned.response(change.tenant, id, on: change.sql) != nil else { throw HavenError.notFound }
            try await store.canned.delete(change.tenant, id, on: change.sql)
            try await change.record(.cannedResponseDeleted, .cannedResponse(id))
        }
    }

    /// The response's HTML for a reply on `ticket`, its placeholders filled (each value escaped).
    public func render(_ id: CannedResponseID, for ticketID: TicketID, by principal: Principal) async throws -> String {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let tenant = principal.tenant
            guard let response = try await store.canned.response(tenant, id, on: sql),
                let ticket = try await store.tickets.find(tenant, ticketID, on: sql)?.requireReadable(),
                let helpdesk = try await store.tenants.find(tenant, on: sql)
            else { throw HavenError.notFound }
            let requester = try await store.contacts.find(tenant, ticket.requesterID, on: sql)
            let agent = try await ticket.responderID.asyncMap { try await store.contacts.find(tenant, $0, on: sql) } ?? nil
            let values: [String: String] = [
                "ticket.id": String(ticket.id.rawValue), "ticket.subject": ticket.subject ?? "", "ticket.status": ticket.status.displayName,
                "ticket.priority": ticket.priority.displayName, "ticket.requester.name": requester?.name ?? "",
                "ticket.requester.email": requester?.email ?? "", "ticket.agent.name": agent?.name ?? "",
                "ticket.agent.email": agent?.email ?? "", "helpdesk_name": helpdesk.name,
            ]
            return CannedPlaceholders.render(response.contentHTML, values: values)
        }
    }

    static func folderName(_ name: String) throws -> String {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 255 else {
            throw HavenError.validation([.invalid("name", "It should be 1 to 255 characters")])
        }
        return trimmed
    }

    static func checkUnique(_ name: String, except: CannedFolderID?, store: Store, change: Change) async throws {
        if let clash = try await store.canned.folder(named: name, change.tenant, on: change.sql), clash != except {
            throw HavenError.conflict([
                FieldError(
                    field: "name", message: "It should be a unique value", code: .duplicateValue,
                    additionalInfo: ["folder_id": clash.rawValue])
            ])
        }
    }

    static func checkFolder(_ id: CannedFolderID?, store: Store, change: Change) async throws {
        guard let id else { return }
        guard try await store.canned.folder(change.tenant, id, on: change.sql) != nil else {
            throw HavenError.validation([.invalid("folder_id", "There is no folder \(id)")])
        }
    }

    /// The title and content's own problems: lengths, and placeholders that do not exist or are not names.
    static func problems(_ changes: Changes) -> [FieldError] {
        var errors: [FieldError] = []
        if let title = changes.title, title.trimmingWhitespace().isEmpty || title.count > 255 {
            errors.append(.invalid("title", "It should be 1 to 255 characters"))
        }
        if let html = changes.contentHTML {
            if html.trimmingWhitespace().isEmpty || html.utf8.count > 65_535 {
                errors.append(.invalid("content_html", "It should be 1 to 65,535 bytes"))
            }
            errors += CannedPlaceholders.problems(in: html).map { .invalid("content_html", $0) }
        }
        return errors
    }
}
