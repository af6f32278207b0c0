import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/tickets`: create, view (with embeds), update, list (filters, order, embeds), trash and restore, bulk delete.
/// An adapter: it reads the wire format, calls the use case, and presents the result in Freshdesk's shapes.
struct TicketController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.post, "/tickets", .workTickets, body: .jsonOrForm, handler: self.create),
            Route(.get, "/tickets", .readHelpdesk, cost: { 1 + 2 * ($0.list("include")?.count ?? 0) }, handler: self.list),
            Route(.get, "/tickets/:id", .readHelpdesk, cost: { 1 + ($0.list("include")?.count ?? 0) }, handler: self.view),
            Route(.put, "/tickets/:id", .workTickets, body: .json, handler: self.update),
            Route(.delete, "/tickets/:id", .deleteTickets, handler: self.delete),
            Route(.put, "/tickets/:id/restore", .deleteTickets, handler: self.restore),
            Route(.post, "/tickets/bulk_delete", .deleteTickets, body: .json, handler: self.bulkDelete),
        ]
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: TicketInput.writableFields)
        let changes = TicketInput.changes(&fields)
        let requester = TicketInput.requester(&fields, required: true)
        try fields.finish()
        guard let requester else { throw HavenError.internalFailure("requester was not validated") }
        let created = try await CreateTicket(self.helpdesk)(
            changes, for: requester, attachments: request.files, by: request.principal)
        var object = Presenters.ticket(created.ticket, customFields: created.customFields)
        if !request.files.isEmpty {
            let files = try await AttachmentQueries(self.helpdesk).list(ticket: created.ticket.id, by: request.principal)
            object["attachments"] = .array(files.map { .object(Presenters.attachment($0, baseURL: request.baseURL)) })
        }
        return .created(.object(object), location: "\(request.baseURL)/api/v2/tickets/\(created.ticket.id)")
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["include"])
        let embeds = try TicketInput.embeds(request.query, allowed: [.conversations, .requester, .company, .stats])
        let view = try await TicketQueries(self.helpdesk).view(try request.id(), including: embeds, by: request.principal)
        var object = Presenters.ticket(view.details.ticket, customFields: view.details.customFields)
        let ticketFiles = view.attachments.filter { $0.conversationID == nil }
        if !ticketFiles.isEmpty {
            object["attachments"] = .array(ticketFiles.map { .object(Presenters.attachment($0, baseURL: request.baseURL)) })
        }
        if let conversations = view.conversations {
            let files = Dictionary(grouping: view.attachments.filter { $0.conversationID != nil }, by: { $0.conversationID! })
            object.append(
                "conversations",
                .array(
                    conversations.map {
                        .object(Presenters.conversation($0, attachments: files[$0.id] ?? [], baseURL: request.baseURL))
                    }))
        }
        if embeds.contains(.requester) { object.append("requester", view.requester.map(Presenters.requester) ?? .null) }
        if embeds.contains(.company) { object.append("company", Presenters.companyEmbed(view.company)) }
        if embeds.contains(.stats) { object.append("stats", Presenters.stats(view.details.ticket.stats)) }
        return .ok(.object(object))
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: TicketInput.writableFields)
        let changes = TicketInput.changes(&fields)
        let requester = TicketInput.requester(&fields, required: false)
        let updated = try await UpdateTicket(self.helpdesk)(
            try request.id(), changes, requester: requester, fieldErrors: fields.errors, by: request.principal)
        return .ok(Self.render(updated))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await TrashTicket(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }

    @Sendable func restore(_ request: APIRequest) async throws -> APIResponse {
        try await RestoreTicket(self.helpdesk)(try request.id(), by: request.principal)
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
        let job = try await RequestBulkTicketDeletion(self.helpdesk)(ids, by: request.principal)
        return APIResponse(
            status: .accepted,
            body: ["job_id": .string(job.id), "href": .string("\(request.baseURL)/api/v2/jobs/\(job.id)")]
        )
    }

    static let listParameters: Set<String> = [
        "filter", "requester_id", "email", "unique_external_id", "company_id", "updated_since", "order_by",
        "order_type", "include", "page", "per_page",
    ]

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        let q = request.query
        try q.requireOnly(Self.listParameters)
        let page = try Pagination.request(q)
        let embeds = try TicketInput.embeds(q, allowed: [.requester, .stats, .description, .company])
        let listRequest = try TicketInput.listRequest(q, agent: request.agentID)
        let listing = try await TicketQueries(self.helpdesk).list(listRequest, page: page, including: embeds, by: request.principal)
        return Pagination.response(listing.tickets, request: request, path: "/tickets") { ticket in
            var object = Presenters.ticket(
                ticket, customFields: listing.customFields, includeDescription: embeds.contains(.description))
            if embeds.contains(.requester) {
                object.append("requester", listing.requesters[ticket.requesterID].map(Presenters.requester) ?? .null)
            }
            if embeds.contains(.stats) { object.append("stats", Presenters.stats(ticket.stats)) }
            if embeds.contains(.company) {
                object.append("company", Presenters.companyEmbed(ticket.companyID.flatMap { listing.companies[$0] }))
            }
            return .object(object)
        }
    }

    static func render(_ details: TicketDetails) -> JSONValue {
        .object(Presenters.ticket(details.ticket, customFields: details.customFields))
    }
}
