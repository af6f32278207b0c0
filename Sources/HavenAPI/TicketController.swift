import HavenCore
import HavenStore

/// `/tickets`: create, view (with embeds), update, list (filters, order, embeds), trash and restore, bulk delete.
struct TicketController: Sendable {
    let store: Store
    let jobs: JobNotifier

    var routes: [Route] {
        [
            Route(.post, "/tickets", .workTickets, body: .json, handler: self.create),
            Route(.get, "/tickets", .readHelpdesk, cost: { 1 + 2 * ($0.list("include")?.count ?? 0) }, handler: self.list),
            Route(.get, "/tickets/:id", .readHelpdesk, cost: { 1 + ($0.list("include")?.count ?? 0) }, handler: self.view),
            Route(.put, "/tickets/:id", .workTickets, body: .json, handler: self.update),
            Route(.delete, "/tickets/:id", .deleteTickets, handler: self.delete),
            Route(.put, "/tickets/:id/restore", .deleteTickets, handler: self.restore),
            Route(.post, "/tickets/bulk_delete", .deleteTickets, body: .json, handler: self.bulkDelete),
            Route(.get, "/tickets/:id/satisfaction_ratings", .readHelpdesk, handler: self.satisfactionRatings),
        ]
    }

    static let writableFields: Set<String> = [
        "subject", "description", "status", "priority", "source", "type", "tags", "cc_emails", "custom_fields",
        "requester_id", "email", "phone", "name", "twitter_id", "unique_external_id", "responder_id", "group_id",
        "company_id", "product_id", "email_config_id", "due_by", "fr_due_by",
    ]

    // MARK: Create

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.writableFields)
        let input = self.readCommon(&fields)
        let requester = self.readRequester(&fields, required: true)
        let customInput = fields.objectValue("custom_fields")
        try fields.finish()
        guard let requester else { throw HavenError.internalFailure("requester was not validated") }
        // Read-only lookups run on a reader, outside the single writer's critical section: the field definitions and
        // an existing requester (the common case). The insert's foreign key still guards against a requester
        // erased in between.
        let (definitions, existing) = try await self.store.read { sql in
            (
                try await self.store.ticketFields.all(request.tenantID, on: sql),
                try await self.existingRequester(requester, tenant: request.tenantID, on: sql)
            )
        }
        let custom = Self.customDefinitions(definitions)
        var errors: [FieldError] = []
        let customValues =
            customInput.map {
                CustomFieldValidator.validate($0, definitions: custom, errors: &errors)
            } ?? JSONObject()
        for field in custom.values.sorted(by: { $0.position < $1.position })
        where field.requiredForAgents && (customValues[field.name] ?? .null) == .null {
            errors.append(.missing(field.name))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }

        // The presented ticket serves both the audit entry and the response.
        let (id, presented) = try await self.store.write { sql -> (TicketID, JSONObject) in
            var referenceErrors: [FieldError] = []
            try await self.checkReferences(input, definitions: definitions, request: request, errors: &referenceErrors, on: sql)
            if !referenceErrors.isEmpty { throw HavenError.validation(referenceErrors) }
            let requesterID: UserID
            var companyID: CompanyID?
            if let existing {
                requesterID = existing.id
                companyID = existing.companyID
            } else {
                requesterID = try await self.resolveRequester(requester, request: request, on: sql).id
            }
            let id = try await self.store.tenants.nextTicketID(request.tenantID, on: sql)
            var ticket = Ticket(
                tenantID: request.tenantID,
                id: id,
                description: (input.description ?? nil) ?? "",
                requesterID: requesterID,
                createdAt: request.now
            )
            ticket.companyID = companyID
            self.apply(input, to: &ticket)
            ticket.customFields = CustomFieldValidator.merge(JSONObject(), customValues)
            try self.checkClosure(ticket, custom: custom)
            ticket.stats = TicketLifecycle.apply(.created(status: ticket.status), to: ticket.stats, at: request.now)
            try await self.store.tickets.insert(ticket, on: sql)
            let presented = Presenters.ticket(ticket, customFields: custom)
            try await self.store.audit.record(
                request.event(
                    "ticket.created", "ticket", id, before: nil, after: presented,
                    revealing: AuditedFields.ticket,
                    // A requester named by e-mail, phone or handle and not known yet is created with the ticket.
                    context: existing == nil ? [("requester_created", true)] : []),
                on: sql)
            return (id, presented)
        }
        return .created(.object(presented), location: "\(request.baseURL)/api/v2/tickets/\(id)")
    }

    static func customDefinitions(_ definitions: [TicketField]) -> [String: TicketField] {
        Dictionary(definitions.filter { !$0.isDefault }.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The requester when it already exists, with its company; nil when the request will create it.
    func existingRequester(_ input: RequesterInput, tenant: TenantID, on sql: SQLExecutor) async throws
        -> (id: UserID, companyID: CompanyID?)?
    {
        let contacts = self.store.contacts
        let id: UserID?
        switch input {
        case .id(let requested): id = requested
        case .email(let email, _):
            // The lookup already decrypted the contact: no second read.
            guard let found = try await contacts.users(email: email, tenant, on: sql).first else { return nil }
            return (found.id, found.companyID)
        case .phone(let phone, _): id = try await contacts.userID(phone: phone, tenant, on: sql)
        case .twitter(let handle, _): id = try await contacts.userID(twitterID: handle, tenant, on: sql)
        case .externalID(let external, _): id = try await contacts.userID(externalID: external, tenant, on: sql)
        }
        guard let id, let contact = try await contacts.find(tenant, id, on: sql) else {
            if case .id = input {
                throw HavenError.validation([.invalid("requester_id", "There is no contact matching the given requester_id")])
            }
            return nil
        }
        return (contact.id, contact.companyID)
    }

    // MARK: View

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["include"])
        let includes = try Self.includes(request.query, allowed: ["conversations", "requester", "company", "stats"])
        let id: TicketID = try request.id()
        let result = try await self.store.read { sql -> JSONObject? in
            guard let ticket = try await self.store.tickets.find(request.tenantID, id, on: sql)?.requireReadable() else { return nil }
            let custom = try await self.store.ticketFields.customFields(request.tenantID, on: sql)
            var object = Presenters.ticket(ticket, customFields: custom)
            if includes.contains("conversations") {
                let page = try await self.store.conversations.list(
                    request.tenantID,
                    ticket: id,
                    page: PageRequest(page: 1, perPage: 10),
                    on: sql
                )
                object.append("conversations", .array(page.items.map { .object(Presenters.conversation($0)) }))
            }
            if includes.contains("requester") {
                let requester = try await self.store.contacts.find(request.tenantID, ticket.requesterID, on: sql)
                object.append("requester", requester.map(Presenters.requester) ?? .null)
            }
            if includes.contains("company") {
                let company = try await ticket.companyID.asyncMap { try await self.store.companies.find(request.tenantID, $0, on: sql) }
                object.append("company", Presenters.companyEmbed(company ?? nil))
            }
            if includes.contains("stats") {
                object.append("stats", Presenters.stats(ticket.stats))
            }
            return object
        }
        guard let result else { throw HavenError.notFound }
        return .ok(.object(result))
    }

    // MARK: Update

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.writableFields)
        let input = self.readCommon(&fields)
        let requester = self.readRequester(&fields, required: false)
        let customInput = fields.objectValue("custom_fields")
        let id: TicketID = try request.id()
        let (ticket, customDefinitions) = try await self.store.write { sql -> (Ticket, [String: TicketField]) in
            guard var ticket = try await self.store.tickets.find(request.tenantID, id, on: sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            let previous = ticket
            guard !ticket.deleted, !ticket.spam else {
                throw HavenError.methodNotAllowed(
                    message: "A ticket in the trash or marked as spam cannot be updated; restore it first",
                    allow: ["GET"]
                )
            }
            let definitions = try await self.store.ticketFields.all(request.tenantID, on: sql)
            let custom = Self.customDefinitions(definitions)
            var errors = fields.errors
            let customValues = customInput.map {
                CustomFieldValidator.validate($0, definitions: custom, errors: &errors)
            }
            try await self.checkReferences(input, definitions: definitions, request: request, errors: &errors, on: sql)
            if !errors.isEmpty { throw HavenError.validation(errors) }

            if let requester {
                ticket.requesterID = try await self.resolveRequester(requester, request: request, on: sql).id
            }
            let previousStatus = ticket.status
            self.apply(input, to: &ticket)
            if let description = input.description {
                ticket.description = description ?? ""
            }
            if let customValues {
                ticket.customFields = CustomFieldValidator.merge(ticket.customFields, customValues)
            }
            try self.checkClosure(ticket, custom: custom)
            ticket.stats = TicketLifecycle.apply(
                .statusChanged(from: previousStatus, to: ticket.status),
                to: ticket.stats,
                at: request.now
            )
            ticket.updatedAt = request.now
            try await self.store.tickets.update(ticket, previous: previous, on: sql)
            try await self.store.audit.record(
                request.event(
                    "ticket.updated", "ticket", id, before: Presenters.ticket(previous, customFields: custom),
                    after: Presenters.ticket(ticket, customFields: custom), revealing: AuditedFields.ticket),
                on: sql)
            return (ticket, custom)
        }
        return .ok(Self.render(ticket, custom: customDefinitions))
    }

    // MARK: Trash

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id: TicketID = try request.id()
        try await self.store.write { sql in
            guard var ticket = try await self.store.tickets.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            guard !ticket.deleted else {
                throw HavenError.methodNotAllowed(message: "The ticket is already in the trash", allow: ["GET", "PUT"])
            }
            let previous = ticket
            ticket.deleted = true
            ticket.deletedAt = request.now
            ticket.updatedAt = request.now
            try await self.store.tickets.update(ticket, previous: previous, on: sql)
            try await self.store.audit.record(request.event("ticket.deleted", "ticket", id), on: sql)
        }
        return .noContent
    }

    @Sendable func restore(_ request: APIRequest) async throws -> APIResponse {
        let id: TicketID = try request.id()
        try await self.store.write { sql in
            guard var ticket = try await self.store.tickets.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            guard ticket.deleted else {
                throw HavenError.validation([
                    FieldError(field: "id", message: "The ticket is not in the trash", code: .inconsistentState)
                ])
            }
            let previous = ticket
            ticket.deleted = false
            ticket.deletedAt = nil
            ticket.updatedAt = request.now
            try await self.store.tickets.update(ticket, previous: previous, on: sql)
            try await self.store.audit.record(request.event("ticket.restored", "ticket", id), on: sql)
        }
        return .noContent
    }

    @Sendable func bulkDelete(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["bulk_action"])
        fields.require("bulk_action")
        var ids: [TicketID] = []
        if let action = fields.objectValue("bulk_action") {
            var inner = BodyFields(action, allowed: ["ids"])
            inner.require("ids")
            ids = inner.idArray("ids") ?? []
            if inner.errors.isEmpty && ids.isEmpty {
                inner.fail(.invalid("ids", "It should contain at least one ticket id"))
            }
            if ids.count > 10_000 {
                inner.fail(.invalid("ids", "It can have a maximum of 10000 values"))
            }
            for error in inner.errors {
                fields.fail(FieldError(field: "bulk_action[\(error.field)]", message: error.message, code: error.code))
            }
        }
        try fields.finish()
        let job = Job(
            tenantID: request.tenantID,
            id: self.store.random.hex(count: 16),
            name: BulkDeleteJob.name,
            payload: JSONObject([("ids", .ids(ids))]),
            requestedBy: request.agentID,
            at: request.now
        )
        try await self.store.write { sql in
            try await self.store.jobs.insert(job, on: sql)
            try await self.store.audit.record(
                request.event("ticket.bulk_delete_requested", "job", job.id, details: ["ticket_ids": .ids(ids)]), on: sql)
        }
        self.jobs.notify()
        return APIResponse(
            status: .accepted,
            body: ["job_id": .string(job.id), "href": .string("\(request.baseURL)/api/v2/jobs/\(job.id)")]
        )
    }

    @Sendable func satisfactionRatings(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        _ = try Pagination.request(request.query)
        let id: TicketID = try request.id()
        let exists = try await self.store.read { sql in try await self.store.tickets.find(request.tenantID, id, on: sql) != nil }
        guard exists else { throw HavenError.notFound }
        // Surveys are not implemented; an empty list is the shape clients expect (freshdesk-api-v2.md §8.1).
        return .ok([])
    }

    // MARK: List

    static let listParameters: Set<String> = [
        "filter", "requester_id", "email", "unique_external_id", "company_id", "updated_since", "order_by",
        "order_type", "include", "page", "per_page",
    ]

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly(Self.listParameters)
        let page = try Pagination.request(q)
        let includes = try Self.includes(q, allowed: ["requester", "stats", "description", "company"])
        var query = TicketRepository.Query()
        switch q["filter"] {
        case nil: break
        case "new_and_my_open": query.filter = .newAndMyOpen(request.agentID)
        case "watching": query.filter = .watching
        case "spam": query.filter = .spam
        case "deleted": query.filter = .deleted
        default: throw HavenError.validation([.notOneOf("filter", ["new_and_my_open", "watching", "spam", "deleted"])])
        }
        if let order = q["order_by"] {
            guard let value = TicketRepository.Query.Order(rawValue: order) else {
                throw HavenError.validation([.notOneOf("order_by", TicketRepository.Query.Order.allCases.map(\.rawValue))])
            }
            query.order = value
        }
        switch q["order_type"] {
        case nil, "desc": query.descending = true
        case "asc": query.descending = false
        default: throw HavenError.validation([.notOneOf("order_type", ["asc", "desc"])])
        }
        query.updatedSince = try q.timestamp("updated_since")
        query.companyID = try q.integer("company_id", range: 1...Int64.max).map { CompanyID($0) }
        let requesterID = try q.integer("requester_id", range: 1...Int64.max).map { UserID($0) }
        let email = q["email"]
        let externalID = q["unique_external_id"]
        let body = try await self.store.read { sql -> (Page<Ticket>, [UserID: Contact], [CompanyID: Company], [String: TicketField]) in
            // Requester filters combine (AND): each narrows the set of requesters.
            var requesters: Set<UserID>?
            func narrow(_ ids: [UserID]) {
                requesters = requesters.map { $0.intersection(ids) } ?? Set(ids)
            }
            if let requesterID { narrow([requesterID]) }
            if let email {
                narrow(try await self.store.contacts.userID(email: email, request.tenantID, on: sql).map { [$0] } ?? [])
            }
            if let externalID {
                narrow(try await self.store.contacts.userID(externalID: externalID, request.tenantID, on: sql).map { [$0] } ?? [])
            }
            query.requesterIDs = requesters.map { Array($0) }
            let tickets = try await self.store.tickets.list(
                request.tenantID,
                query,
                page: page,
                withDescription: includes.contains("description"),
                on: sql
            )
            let contacts =
                includes.contains("requester")
                ? try await self.store.contacts.find(request.tenantID, ids: tickets.items.map(\.requesterID), on: sql) : [:]
            let companies =
                includes.contains("company")
                ? try await self.store.companies.find(request.tenantID, ids: tickets.items.compactMap(\.companyID), on: sql)
                : [:]
            let custom = try await self.store.ticketFields.customFields(request.tenantID, on: sql)
            return (tickets, contacts, companies, custom)
        }
        let (tickets, contacts, companies, custom) = body
        return Pagination.response(tickets, request: request, path: "/tickets") { ticket in
            var object = Presenters.ticket(ticket, customFields: custom, includeDescription: includes.contains("description"))
            if includes.contains("requester") {
                object.append("requester", contacts[ticket.requesterID].map(Presenters.requester) ?? .null)
            }
            if includes.contains("stats") {
                object.append("stats", Presenters.stats(ticket.stats))
            }
            if includes.contains("company") {
                object.append("company", Presenters.companyEmbed(ticket.companyID.flatMap { companies[$0] }))
            }
            return .object(object)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
