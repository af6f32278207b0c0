import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// "Export contacts" and "Export tickets" in the console: choose the fields and the format (and for tickets, which
/// statuses and a range of creation or update days), then a page that follows the job (reloading itself, a bar for its progress) and offers the file for 24 hours
/// — `Exports`, as `POST /contacts/export`.
extension WebPages {
    static let exportFieldLabels: [String: String] = [
        "id": "Id", "name": "Name", "email": "E-mail", "phone": "Phone", "mobile": "Mobile", "job_title": "Job title",
        "company_id": "Company id", "address": "Address", "description": "Description", "language": "Language",
        "time_zone": "Time zone", "twitter_id": "Twitter", "unique_external_id": "External id", "tags": "Tags",
        "created_at": "Created", "updated_at": "Updated", "subject": "Subject", "status": "Status", "priority": "Priority",
        "source": "Source", "type": "Type", "requester_id": "Requester id", "requester_name": "Requester",
        "requester_email": "Requester's e-mail", "responder_id": "Agent id", "group_id": "Group id", "due_by": "Due by",
    ]

    static let defaultExportFields: [ExportKind: [String]] = [
        .contacts: ["name", "email", "phone", "company_id"],
        .tickets: ["id", "subject", "status", "priority", "requester_name", "requester_email", "created_at", "updated_at"],
    ]

    /// Where each kind lives in the console.
    static func exportHome(_ kind: ExportKind) -> String { kind == .tickets ? "/tickets" : "/contacts" }

    func exportRecords(_ request: WebRequest, _ signedIn: SignedIn, _ kind: ExportKind) async throws -> WebResponse {
        // The form itself is for those who may export (deny by default, as the request behind it).
        try signedIn.principal.require(.exportData)
        var chosen = Self.defaultExportFields[kind] ?? []
        var error: String?
        var invalid: Set<String> = []
        var format = "csv"
        var filter = TicketExportFilter()
        let (from, to) = (request.form.text("from"), request.form.text("to"))
        if request.isPost {
            chosen = kind.fields.filter { request.form["field_\($0)"] == "yes" }
            format = request.form["format"] ?? "csv"
            filter.statuses = TicketStatus.allCases.filter { request.form["status_\($0.rawValue)"] == "yes" }
            filter.dateField = request.form["date_field"].flatMap(TicketExportFilter.DateField.init) ?? .createdAt
            var problems: [String] = []
            for (name, text) in [("from", from), ("to", to)] {
                guard let text else { continue }
                guard let day = TimestampParser.parseDay(text) else {
                    problems.append("\(name): is not a date (use the date picker, or YYYY-MM-DD)")
                    invalid.insert(name)
                    continue
                }
                if name == "from" { filter.from = day } else { filter.to = day }
            }
            if !problems.isEmpty { error = problems.joined(separator: "; ") }
            if error == nil {
                do {
                    let job = try await Exports(self.helpdesk).request(
                        kind, fields: chosen, format: format, tickets: filter, by: signedIn.principal)
                    return .redirect(request.site.prefix + "/exports/\(job.id)")
                } catch HavenError.validation(let problems) {
                    error = Self.describe(problems)
                    invalid = Set(problems.map(\.field))
                }
            }
        }
        var values: [String: Any] = [
            "kind": kind.rawValue, "home": request.site.prefix + Self.exportHome(kind),
            "heading": kind == .contacts ? "Contacts" : "Tickets",
            "tickets": kind == .tickets, "from": from ?? "", "to": to ?? "",
            "by_created": filter.dateField == .createdAt, "by_updated": filter.dateField == .updatedAt,
            "statuses": TicketStatus.allCases.map {
                ["value": String($0.rawValue), "label": $0.displayName, "checked": filter.statuses.contains($0)]
            },
            "fields": kind.fields.map { ["name": $0, "label": Self.exportFieldLabels[$0] ?? $0, "checked": chosen.contains($0)] },
            "csv": format == "csv", "json": format == "json",
        ]
        for field in invalid { values["invalid_\(field)"] = true }
        return self.render(
            "export_records", request, current: Self.exportHome(kind), error: error, status: error == nil ? .ok : .unprocessableContent,
            values)
    }

    func exportPage(_ request: WebRequest, _ signedIn: SignedIn, id: String) async throws -> WebResponse {
        let job: Job
        let kind: ExportKind
        do {
            (job, kind) = try await Exports(self.helpdesk).status(id, by: signedIn.principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Export not found", "There is no export with this number.")
        }
        let running = job.status == .queued || job.status == .inProgress
        return self.render(
            "export", request, current: Self.exportHome(kind),
            Self.present([
                "id": job.id, "running": running, "progress": String(job.progress), "refresh": running,
                "completed": job.status == .completed, "failed": job.status == .failed,
                "heading": Self.exportHeading(kind),
                "home": request.site.prefix
                    + (kind == .package ? "/contacts/\(job.payload["contact_id"]?.intValue ?? 0)" : Self.exportHome(kind)),
                "home_label": kind == .tickets ? "Back to tickets" : kind == .package ? "Back to the contact" : "Back to contacts",
                "rows": Self.exportContents(kind, job.result),
                "expires": job.result?["expires_at"]?.stringValue.flatMap(TimestampParser.parse).map(Self.date),
            ]))
    }

    static func exportHeading(_ kind: ExportKind) -> String {
        switch kind {
        case .contacts: return "Contacts export"
        case .tickets: return "Tickets export"
        case .package: return "Data package"
        }
    }

    /// "1,204 tickets", or for a package its files and what they hold.
    static func exportContents(_ kind: ExportKind, _ result: JSONObject?) -> String? {
        guard let rows = result?["rows"]?.intValue else { return nil }
        guard kind == .package, let result else { return Self.count(Int(rows), kind.noun) }
        let parts = [("tickets", "ticket"), ("conversations", "conversation"), ("attachments", "file"), ("consents", "consent record")]
            .map { Self.count(Int(result[$0.0]?.intValue ?? 0), $0.1) }
        return "a zip of \(Self.count(Int(rows), "file")) (\(parts.joined(separator: ", ")), the audit entries about them)"
    }

    func exportDownload(_ request: WebRequest, _ signedIn: SignedIn, id: String) async throws -> WebResponse {
        do {
            let reader = try await Exports(self.helpdesk).download(id, by: signedIn.principal)
            return WebResponse(
                status: .ok,
                headers: [
                    (.contentType, reader.file.contentType),
                    (.contentDisposition, ContentDisposition.attachment(filename: reader.file.filename)),
                ],
                stream: reader)
        } catch HavenError.notFound {
            return self.message(
                request, status: .notFound, "No file", "This export is not ready, or it expired (files are kept 24 hours). Export again.")
        }
    }

    /// `/exports/{id}` and `/exports/{id}/download` (ids are hex).
    static func exportPath(_ path: String) -> (String, String?)? {
        let parts = path.split(separator: "/")
        guard (2...3).contains(parts.count), parts[0] == "exports", parts[1].count == 32, parts[1].allSatisfy(\.isHexDigit) else {
            return nil
        }
        return (String(parts[1]), parts.count == 3 ? String(parts[2]) : nil)
    }
}
