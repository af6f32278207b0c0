import HTTPTypes
import HavenCore

/// `GET /openapi.json`: the OpenAPI 3.1 description of every route, for any authenticated agent. Built once from
/// the route table the responder routes by, this route included.
struct OpenAPIController: Sendable {
    let document: JSONValue

    init(describing routes: [Route]) {
        let own = Route(.get, "/openapi.json", .readHelpdesk) { _ in .ok(.null) }
        self.document = .object(OpenAPIDocument.build(routes: routes + [own]))
    }

    var routes: [Route] {
        [Route(.get, "/openapi.json", .readHelpdesk, handler: self.serve)]
    }

    @Sendable func serve(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(self.document)
    }
}
