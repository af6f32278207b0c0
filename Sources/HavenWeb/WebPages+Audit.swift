import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenAudit
import HavenCore
import HavenStore

/// The admin's audit log: the entries newest first with the API's filters (checked by the same parser), paging,
/// "verify chain", and a CSV export of what the filters match (itself recorded in the log).
extension WebPages {
    static let auditPageSize = 50
    /// A download stays one response; larger exports are for `haven audit export`, which streams with progress.
    static let auditExportLimit = 100_000

    func auditLog(_ request: WebRequest, _ signedIn: SignedIn, verified: AuditVerifier.Result? = nil) async throws -> WebResponse {
        let log = AuditLogQueries(self.helpdesk)
        let page = max(1, min(request.query["page"].flatMap(Int.init) ?? 1, 100_000))
        var values: [String: Any] = [:]
        for name in ["since", "until", "actor", "action", "target_type", "target_id"] { values[name] = request.query[name] ?? "" }
        let filter: AuditFilter
        do {
            filter = try ChannelInput.auditFilter(query: request.rawQuery.map(Self.withoutPaging))
        } catch HavenError.validation(let problems) {
            for field in Set(problems.map(\.field)) { values["invalid_\(field)"] = true }
            values["entries"] = [[String: Any]]()
            return self.render(
                "audit_log", request, current: "/admin/audit", error: Self.describe(problems), status: .unprocessableContent, values)
        }
        let result = try await log.page(filter, page: PageRequest(page: page, perPage: Self.auditPageSize), by: signedIn.principal)
        values["entries"] = result.items.map { record -> [String: Any] in
            let entry = record.entry
            var actor = entry.actorType
            if let id = entry.actorID { actor += " #\(id)" }
            if let name = entry.actorName { actor += " (\(name))" }
            if let key = entry.actorKeyID { actor += ", API key #\(key)" }
            return [
                "seq": String(entry.seq), "time": Self.date(entry.occurredAt), "actor": actor, "action": entry.action,
                "target": [entry.targetType, entry.targetID].compactMap { $0 }.joined(separator: " #"),
                "address": record.sourceIP.map(ClientAddress.display) ?? "",
                "details": record.details.map { $0.isEmpty ? "" : JSONWriter.string(.object($0)) }
                    ?? "(\(record.unavailable ?? "unavailable"))",
            ]
        }
        let query = Self.withoutPaging(request.rawQuery ?? "")
        let base = request.site.prefix + "/admin/audit?" + (query.isEmpty ? "" : query + "&")
        if page > 1 { values["previous"] = base + "page=\(page - 1)" }
        if result.hasMore { values["next"] = base + "page=\(page + 1)" }
        values["page"] = String(page)
        values["export"] = request.site.prefix + "/admin/audit/export" + (query.isEmpty ? "" : "?" + query)
        switch verified {
        case .intact(let entries)?: values["intact"] = "The chain verifies: all \(entries) entries are as they were written."
        case .broken(let seq, let reason)?: values["broken"] = "The chain breaks at entry \(seq): \(reason)"
        case nil: break
        }
        return self.render("audit_log", request, current: "/admin/audit", values)
    }

    func verifyAuditChain(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let result = try await AuditLogQueries(self.helpdesk).verify(by: signedIn.principal)
        return try await self.auditLog(request.showing("/admin/audit"), signedIn, verified: result)
    }

    /// The filtered entries as CSV, oldest first (a spreadsheet-safe file: formula-like cells are neutralized).
    func exportAuditLog(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let filter: AuditFilter
        do {
            filter = try ChannelInput.auditFilter(query: request.rawQuery.map(Self.withoutPaging))
        } catch HavenError.validation(let problems) {
            return self.message(request, status: .unprocessableContent, "Export refused", Self.describe(problems))
        }
        var csv = AuditRecord.csvLine(AuditRecord.csvHeader) + "\r\n"
        try await AuditLogQueries(self.helpdesk).export(filter, limit: Self.auditExportLimit, by: signedIn.principal) { batch in
            for record in batch { csv += AuditRecord.csvLine(record.csvFields) + "\r\n" }
        }
        let day = String(self.now.iso8601.prefix(10))
        return WebResponse(
            status: .ok,
            headers: [
                (.contentType, "text/csv; charset=utf-8"),
                (.contentDisposition, "attachment; filename=\"audit-\(request.tenant.subdomain)-\(day).csv\""),
            ],
            body: csv)
    }

    /// A query string without `page` (the pager and the export add their own).
    static func withoutPaging(_ query: String) -> String {
        query.split(separator: "&").filter { !$0.hasPrefix("page=") && !$0.isEmpty }.filter { part in
            // Empty filter fields of the form are "not given", as the API treats a missing parameter.
            !part.hasSuffix("=")
        }.joined(separator: "&")
    }
}
