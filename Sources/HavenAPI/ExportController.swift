import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// Following and downloading exports: Freshdesk's `GET /contacts/export/{id}` (status, progress, a download URL once
/// done) and Haven's ticket export, `POST /tickets/export` with fields, format, status, priority, group and a time
/// range, followed the same way; and a contact's data-subject package (`POST /contacts/{id}/data_package`). Downloads take the same API key (the link is no bearer token), stream the sealed
/// file a chunk at a time, and are recorded.
struct ExportController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/contacts/export/{id}", .exportData, handler: { try await self.status($0, .contacts) }),
            Route(.get, "/contacts/export/{id}/download", .exportData, handler: { try await self.download($0, .contacts) }),
            Route(.post, "/tickets/export", .exportData, body: .json, handler: self.exportTickets),
            Route(.get, "/tickets/export/{id}", .exportData, handler: { try await self.status($0, .tickets) }),
            Route(.get, "/tickets/export/{id}/download", .exportData, handler: { try await self.download($0, .tickets) }),
            Route(.post, "/contacts/:id/data_package", .exportData, handler: self.requestPackage),
            Route(.get, "/data_packages/{id}", .exportData, handler: { try await self.status($0, .package) }),
            Route(.get, "/data_packages/{id}/download", .exportData, handler: { try await self.download($0, .package) }),
        ]
    }

    /// Where a kind's files are followed and downloaded.
    static func path(_ kind: ExportKind, _ id: String) -> String {
        kind == .package ? "/api/v2/data_packages/\(id)" : "/api/v2/\(kind.rawValue)/export/\(id)"
    }

    /// A data-subject package of the contact (everything about them, a zip with a manifest): 202 with its id and
    /// where to follow it.
    @Sendable func requestPackage(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let job = try await DataSubjectPackages(self.helpdesk).request(try request.id(), by: request.principal)
        return APIResponse(
            status: .accepted,
            body: .object(["id": .string(job.id), "status_url": .string(request.baseURL + Self.path(.package, job.id))]))
    }

    static let ticketFields = ["fields", "format", "status", "priority", "group_id", "date_field", "from", "to"]

    /// `{"fields": [...], "format": "csv"|"json", "status": [2, 3], "priority": [4], "group_id": 7,
    /// "date_field": "created_at"|"updated_at", "from": "...", "to": "..."}`; `fields` may also be Freshdesk's
    /// `{"default_fields": [...]}`. 202 with the export's id.
    @Sendable func exportTickets(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Set(Self.ticketFields))
        fields.require("fields")
        var names: [String] = []
        if let list = request.object["fields"]?.arrayValue {
            names = list.compactMap(\.stringValue)
            if names.count != list.count { fields.fail(.invalid("fields", "It should be an array of field names")) }
        } else if let chosen = fields.objectValue("fields") {
            names = (chosen["default_fields"]?.arrayValue ?? []).compactMap(\.stringValue)
            for key in chosen.keys where key != "default_fields" { fields.fail(.unexpected(key)) }
        }
        let format = fields.nonNullString("format", maxLength: 10) ?? "csv"
        var filter = TicketExportFilter()
        filter.statuses = Self.choices(&fields, "status", TicketStatus.init(rawValue:), all: TicketStatus.allCases.map(\.rawValue))
        filter.priorities = Self.choices(
            &fields, "priority", TicketPriority.init(rawValue:), all: TicketPriority.allCases.map(\.rawValue))
        if let group: GroupID? = fields.id("group_id") { filter.groupID = group }
        if let field = fields.nonNullString("date_field", maxLength: 20) {
            if let dateField = TicketExportFilter.DateField(rawValue: field) {
                filter.dateField = dateField
            } else {
                fields.fail(.notOneOf("date_field", TicketExportFilter.DateField.allCases.map(\.rawValue)))
            }
        }
        if let from = fields.timestamp("from") { filter.from = from }
        if let to = fields.timestamp("to") { filter.to = to }
        try fields.finish()
        let job = try await Exports(self.helpdesk).request(.tickets, fields: names, format: format, tickets: filter, by: request.principal)
        return APIResponse(status: .accepted, body: .object(["id": .string(job.id)]))
    }

    /// A list of numbered choices (statuses, priorities): each must be one of `all`, or the field is named.
    static func choices<T>(_ fields: inout BodyFields, _ key: String, _ make: (Int64) -> T?, all: [Int64]) -> [T] {
        let numbers = (fields.idArray(key) as [Identifier<TicketKind>]?)?.map(\.rawValue) ?? []
        let chosen = numbers.compactMap(make)
        if chosen.count != numbers.count { fields.fail(.notOneOf(key, all.map(String.init))) }
        return chosen
    }

    /// Status and progress; a download URL, the expiry and the row count once completed (Freshdesk's shape).
    func status(_ request: APIRequest, _ kind: ExportKind) async throws -> APIResponse {
        try request.query.requireOnly([])
        let (job, _) = try await Exports(self.helpdesk).status(try request.token("id"), kind: kind, by: request.principal)
        var body: JSONObject = [
            "id": .string(job.id),
            "status": .string(job.status == .completed ? "completed" : job.status == .failed ? "failed" : "in_progress"),
            "progress": .int(job.progress), "created_at": .timestamp(job.createdAt), "updated_at": .timestamp(job.updatedAt),
        ]
        if job.status == .completed {
            body["download_url"] = .string(request.baseURL + Self.path(kind, job.id) + "/download")
            body["expires_at"] = job.result?["expires_at"] ?? .null
            body["rows"] = job.result?["rows"] ?? .null
        }
        return .ok(.object(body))
    }

    /// The file itself, with the same API key, while it lasts.
    func download(_ request: APIRequest, _ kind: ExportKind) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .attachment(try await Exports(self.helpdesk).download(try request.token("id"), kind: kind, by: request.principal))
    }
}
