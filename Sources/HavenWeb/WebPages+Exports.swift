import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// "Export contacts" in the console: choose the fields and the format, then a page that follows the job (reloading
/// itself, a bar for its progress) and offers the file for 24 hours — `ContactExports`, as `POST /contacts/export`.
extension WebPages {
    static let exportFieldLabels: [String: String] = [
        "id": "Id", "name": "Name", "email": "E-mail", "phone": "Phone", "mobile": "Mobile", "job_title": "Job title",
        "company_id": "Company id", "address": "Address", "description": "Description", "language": "Language",
        "time_zone": "Time zone", "twitter_id": "Twitter", "unique_external_id": "External id", "tags": "Tags",
        "created_at": "Created", "updated_at": "Updated",
    ]

    func exportContacts(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        var chosen = ["name", "email", "phone", "company_id"]
        var error: String?
        var format = "csv"
        if request.isPost {
            chosen = ContactExportJob.fields.filter { request.form["field_\($0)"] == "yes" }
            format = request.form["format"] ?? "csv"
            do {
                let job = try await ContactExports(self.helpdesk).request(fields: chosen, format: format, by: signedIn.principal)
                return .redirect(request.site.prefix + "/exports/\(job.id)")
            } catch HavenError.validation(let problems) {
                error = Self.describe(problems)
            }
        }
        return self.render(
            "export_contacts", request, current: "/contacts", error: error, status: error == nil ? .ok : .unprocessableContent,
            [
                "fields": ContactExportJob.fields.map {
                    ["name": $0, "label": Self.exportFieldLabels[$0] ?? $0, "checked": chosen.contains($0)]
                },
                "csv": format == "csv", "json": format == "json",
            ])
    }

    func exportPage(_ request: WebRequest, _ signedIn: SignedIn, id: String) async throws -> WebResponse {
        let job: Job
        do {
            job = try await ContactExports(self.helpdesk).status(id, by: signedIn.principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Export not found", "There is no export with this number.")
        }
        let running = job.status == .queued || job.status == .inProgress
        return self.render(
            "export", request, current: "/contacts",
            Self.present([
                "id": job.id, "running": running, "progress": String(job.progress), "refresh": running,
                "completed": job.status == .completed, "failed": job.status == .failed,
                "rows": job.result?["rows"]?.intValue.map { $0 == 1 ? "1 contact" : "\($0) contacts" },
                "expires": job.result?["expires_at"]?.stringValue.flatMap(TimestampParser.parse).map(Self.date),
            ]))
    }

    func exportDownload(_ request: WebRequest, _ signedIn: SignedIn, id: String) async throws -> WebResponse {
        do {
            let file = try await ContactExports(self.helpdesk).download(id, by: signedIn.principal)
            return WebResponse(
                status: .ok,
                headers: [(.contentType, file.contentType), (.contentDisposition, "attachment; filename=\"\(file.filename)\"")],
                body: file.content)
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
