import HTTPTypes
import HavenApp
import HavenCore

/// Admin → Canned responses (supervisors and admins): the team's replies by folder; write, edit or delete one, add a
/// folder — `CannedResponses`, as `/api/v2/canned_responses`. A response is typed as text (paragraphs apart by a blank
/// line) and kept as HTML; its placeholders are checked when it is saved.
extension WebPages {
    func canned(
        _ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, invalid: Set<String> = [], typed: [String: String] = [:]
    ) async throws -> WebResponse {
        let canned = CannedResponses(self.helpdesk)
        let principal = signedIn.principal
        try principal.require(.manageCannedResponses)
        let folders = try await canned.folders(by: principal)
        let all = try await canned.all(by: principal)
        // A response to edit (one that is gone, or another tenant's, is simply not there: a new one is written).
        var editing: CannedResponse?
        if let id = request.query["edit"].flatMap({ Int64($0) }) {
            editing = try? await canned.response(CannedResponseID(id), by: principal)
        }
        let chosenFolder = typed["folder_id"].flatMap { Int64($0) }.map(CannedFolderID.init) ?? editing?.folderID
        var values: [String: Any] = [
            "placeholders": CannedPlaceholders.known.map { "{{\($0)}}" }.joined(separator: ", "),
            "folders": folders.map { folder -> [String: Any] in
                [
                    "name": folder.name,
                    "responses": all.filter { $0.folderID == folder.id }.map { ["id": String($0.id.rawValue), "title": $0.title] },
                ]
            },
            "has_folders": !folders.isEmpty,
            "folder_choices": folders.map { ["value": String($0.id.rawValue), "label": $0.name, "selected": $0.id == chosenFolder] },
            "editing": editing != nil, "edit_title": editing?.title ?? "",
            "edit_id": typed["id"] ?? editing.map { String($0.id.rawValue) } ?? "",
            "typed_title": typed["title"] ?? editing?.title ?? "",
            "typed_content": typed["content"] ?? editing.map { HTMLText.editableText($0.contentHTML) } ?? "",
            "typed_folder": typed["name"] ?? "",
        ]
        for field in invalid { values["invalid_\(field)"] = true }
        return self.render(
            "canned", request, current: "/admin/canned", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    func cannedAction(_ request: WebRequest, _ signedIn: SignedIn, _ action: String) async throws -> WebResponse {
        let canned = CannedResponses(self.helpdesk)
        let principal = signedIn.principal
        let typed = ["id", "folder_id", "title", "content", "name"].reduce(into: [String: String]()) { $0[$1] = request.form[$1] }
        let back = request.showing("/admin/canned")
        do {
            switch action {
            case "folder":
                _ = try await canned.createFolder(named: request.form["name"] ?? "", by: principal)
            case "response":
                let changes = CannedResponses.Changes(
                    title: request.form["title"] ?? "", contentHTML: HTMLText.paragraphs(request.form["content"] ?? ""),
                    folderID: request.form["folder_id"].flatMap { Int64($0) }.map(CannedFolderID.init))
                if let id = request.form["id"].flatMap({ Int64($0) }) {
                    _ = try await canned.update(CannedResponseID(id), changes, by: principal)
                } else {
                    _ = try await canned.create(changes, by: principal)
                }
            case "delete":
                guard let id = request.form["id"].flatMap({ Int64($0) }) else { return .redirect(request.site.prefix + "/admin/canned") }
                try await canned.delete(CannedResponseID(id), by: principal)
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
            return try await self.canned(back, signedIn, error: Self.describe(problems), invalid: Set(problems.map(\.field)), typed: typed)
        } catch HavenError.notFound {
            return .redirect(request.site.prefix + "/admin/canned")
        }
        return .redirect(request.site.prefix + "/admin/canned?notice=done")
    }
}
