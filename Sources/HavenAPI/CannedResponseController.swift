import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/canned_response_folders` and `/canned_responses` in Freshdesk's shapes: folders with their counts, a folder with
/// its responses, responses with `content` (text) and `content_html`. Like Freshdesk, lists are not paginated;
/// `page` and `per_page` are accepted and ignored (connectors send them everywhere).
struct CannedResponseController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/canned_response_folders", .readHelpdesk, handler: self.folders),
            Route(.get, "/canned_response_folders/:id", .readHelpdesk, handler: self.folder),
            Route(.get, "/canned_response_folders/:id/responses", .readHelpdesk, handler: self.folderResponses),
            Route(.post, "/canned_response_folders", .manageCannedResponses, body: .json, handler: self.createFolder),
            Route(.put, "/canned_response_folders/:id", .manageCannedResponses, body: .json, handler: self.renameFolder),
            Route(.get, "/canned_responses/:id", .readHelpdesk, handler: self.view),
            Route(.post, "/canned_responses", .manageCannedResponses, body: .json, handler: self.create),
            Route(.put, "/canned_responses/:id", .manageCannedResponses, body: .json, handler: self.update),
            Route(.delete, "/canned_responses/:id", .manageCannedResponses, handler: self.delete),
        ]
    }

    static func folder(_ f: CannedFolder) -> JSONObject {
        [
            "id": .id(f.id), "name": .string(f.name), "personal": false, "responses_count": .int(f.responsesCount),
            "created_at": .timestamp(f.createdAt), "updated_at": .timestamp(f.updatedAt),
        ]
    }

    static func response(_ r: CannedResponse) -> JSONObject {
        [
            "id": .id(r.id), "title": .string(r.title), "folder_id": .id(r.folderID), "content": .string(HTMLText.plainText(r.contentHTML)),
            "content_html": .string(r.contentHTML), "attachments": .array([]), "created_at": .timestamp(r.createdAt),
            "updated_at": .timestamp(r.updatedAt),
        ]
    }

    @Sendable func folders(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let folders = try await CannedResponses(self.helpdesk).folders(by: request.principal)
        return .ok(.array(folders.map { .object(Self.folder($0)) }))
    }

    @Sendable func folder(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let (folder, responses) = try await CannedResponses(self.helpdesk).folder(try request.id(), by: request.principal)
        var object = Self.folder(folder)
        object.append("canned_responses", .array(responses.map { .object(Self.response($0)) }))
        return .ok(.object(object))
    }

    @Sendable func folderResponses(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let (_, responses) = try await CannedResponses(self.helpdesk).folder(try request.id(), by: request.principal)
        return .ok(.array(responses.map { .object(Self.response($0)) }))
    }

    @Sendable func createFolder(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["name"])
        fields.require("name")
        let name = fields.nonNullString("name")
        try fields.finish()
        let folder = try await CannedResponses(self.helpdesk).createFolder(named: name ?? "", by: request.principal)
        return .created(.object(Self.folder(folder)), location: "\(request.baseURL)/api/v2/canned_response_folders/\(folder.id)")
    }

    @Sendable func renameFolder(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["name"])
        fields.require("name")
        let name = fields.nonNullString("name")
        try fields.finish()
        let folder = try await CannedResponses(self.helpdesk).renameFolder(try request.id(), to: name ?? "", by: request.principal)
        return .ok(.object(Self.folder(folder)))
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Self.response(try await CannedResponses(self.helpdesk).response(try request.id(), by: request.principal))))
    }

    static func changes(_ request: APIRequest) throws -> CannedResponses.Changes {
        var fields = BodyFields(request.object, allowed: ["title", "content_html", "folder_id", "visibility", "group_ids"])
        // Freshdesk's visibility: 0 every agent, 1 the author only, 2 some groups. Haven's canned responses are the
        // team's (every agent's): 0 is taken, the others are refused by name rather than silently widened.
        if fields.nonNullInteger("visibility", allowed: [0, 1, 2]).map({ $0 != 0 }) == true {
            fields.fail(.invalid("visibility", "Only 0 (every agent) is supported: personal and group-only responses are not"))
        }
        if let groups = fields.idArray("group_ids") as [GroupID]?, !groups.isEmpty {
            fields.fail(.invalid("group_ids", "Group-only responses are not supported: leave group_ids out"))
        }
        var changes = CannedResponses.Changes()
        changes.title = fields.nonNullString("title")
        changes.contentHTML = fields.nonNullString("content_html", maxLength: 65_535)
        if let folder: CannedFolderID? = fields.id("folder_id") {
            if folder == nil { fields.fail(.invalid("folder_id", "A response belongs to a folder")) }
            changes.folderID = folder
        }
        try fields.finish()
        return changes
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        let response = try await CannedResponses(self.helpdesk).create(try Self.changes(request), by: request.principal)
        return .created(.object(Self.response(response)), location: "\(request.baseURL)/api/v2/canned_responses/\(response.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        let response = try await CannedResponses(self.helpdesk).update(try request.id(), try Self.changes(request), by: request.principal)
        return .ok(.object(Self.response(response)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await CannedResponses(self.helpdesk).delete(try request.id(), by: request.principal)
        return .noContent
    }
}
