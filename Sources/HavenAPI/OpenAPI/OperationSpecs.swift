import HavenCore

/// What the OpenAPI description says of one route: a summary, its query parameters, its request body, and its
/// answer when it succeeds. `OpenAPIDocument` adds the path parameters and the error answers every route shares.
struct OperationSpec: Sendable {
    var summary: String
    var query: [(String, JSONValue)] = []
    var body: JSONValue?
    var status = 200
    /// The success body; nil for 204 No Content.
    var response: JSONValue?
    /// Lists carry `Link` to the next page.
    var paginated = false

    typealias S = Schema
    typealias R = RequestSchemas

    static let page: [(String, JSONValue)] = [
        ("page", ["type": "integer", "minimum": 1, "maximum": 100_000]), ("per_page", ["type": "integer", "minimum": 1, "maximum": 100]),
    ]

    static func list(_ summary: String, of item: String, query: [(String, JSONValue)] = []) -> OperationSpec {
        OperationSpec(summary: summary, query: query + Self.page, response: S.array(S.reference(item)), paginated: true)
    }

    static func view(_ summary: String, _ item: String, query: [(String, JSONValue)] = []) -> OperationSpec {
        OperationSpec(summary: summary, query: query, response: S.reference(item))
    }

    static func create(_ summary: String, _ item: String, body: JSONValue) -> OperationSpec {
        OperationSpec(summary: summary, body: body, status: 201, response: S.reference(item))
    }

    static func update(_ summary: String, _ item: String, body: JSONValue) -> OperationSpec {
        OperationSpec(summary: summary, body: body, response: S.reference(item))
    }

    static func noContent(_ summary: String, query: [(String, JSONValue)] = []) -> OperationSpec {
        OperationSpec(summary: summary, query: query, status: 204)
    }

    static let include: JSONValue = ["type": "string", "description": "Comma-separated embeds"]
    static let searchQuery: [(String, JSONValue)] = [
        ("query", ["type": "string", "description": "Freshdesk's query language, in double quotes"]),
        ("page", ["type": "integer", "minimum": 1, "maximum": 10]),
    ]
    static func searchResult(_ item: String) -> JSONValue {
        S.record([("total", S.integer), ("results", S.array(S.reference(item)))])
    }
}
