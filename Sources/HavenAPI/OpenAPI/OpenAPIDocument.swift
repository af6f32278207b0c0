import FoundationEssentials
import HTTPTypes
import HavenCore

/// The OpenAPI 3.1 description of `/api/v2`, built from the route table (paths, methods, path parameters) and the
/// operation catalog (summaries, query parameters, bodies, answers), so it cannot list a route that does not exist.
enum OpenAPIDocument {
    typealias S = Schema

    static func build(routes: [Route], version: String = "2") -> JSONObject {
        var paths: [(String, JSONObject)] = []
        let catalog = OperationCatalog.all
        for route in routes {
            let spec = catalog[self.key(route)] ?? OperationSpec(summary: "(not described)")
            let path = self.path(route.pattern)
            let operation = self.operation(route, spec)
            if let index = paths.firstIndex(where: { $0.0 == path }) {
                paths[index].1.append(route.method.rawValue.lowercased(), .object(operation))
            } else {
                paths.append((path, JSONObject([(route.method.rawValue.lowercased(), .object(operation))])))
            }
        }
        return JSONObject([
            ("openapi", "3.1.0"),
            (
                "info",
                [
                    "title": "Haven API", "version": .string(version),
                    "description":
                        "Haven's Freshdesk-compatible API v2. Authenticate with HTTP Basic: the API key as user name, any password.",
                ]
            ),
            ("servers", [["url": "/api/v2"]]),
            ("security", [["apiKey": []]]),
            ("paths", .object(JSONObject(paths.map { ($0.0, .object($0.1)) }))),
            (
                "components",
                [
                    "securitySchemes": ["apiKey": ["type": "http", "scheme": "basic"]],
                    "schemas": .object(JSONObject(ResourceSchemas.all)),
                ]
            ),
        ])
    }

    /// `METHOD /pattern`, the catalog's key.
    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) \(route.pattern)"
    }

    /// `/tickets/:id/restore` → `/tickets/{id}/restore`.
    static func path(_ pattern: String) -> String {
        pattern.split(separator: "/").map { part in part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part) }
            .reduce("") { $0 + "/" + $1 }
    }

    static func operation(_ route: Route, _ spec: OperationSpec) -> JSONObject {
        var parameters: [JSONValue] = route.segments.compactMap { segment in
            switch segment {
            case .literal: return nil
            case .parameter(let name):
                return ["name": .string(name), "in": "path", "required": true, "schema": S.positiveID]
            case .token(let name):
                return [
                    "name": .string(name), "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[0-9a-f]{1,64}$"],
                ]
            }
        }
        parameters += spec.query.map { ["name": .string($0.0), "in": "query", "required": false, "schema": $0.1] }
        var operation = JSONObject([
            ("operationId", .string(self.operationID(route))), ("summary", .string(spec.summary)),
        ])
        if !parameters.isEmpty { operation.append("parameters", .array(parameters)) }
        if let body = spec.body {
            var content: JSONObject = ["application/json": ["schema": body]]
            if route.body == .jsonOrForm {
                // The same fields as form values (`key[]` for arrays, `custom_fields[name]`), with the files.
                content.append(
                    "multipart/form-data",
                    [
                        "schema": [
                            "type": "object",
                            "properties": ["attachments[]": ["type": "array", "items": ["type": "string", "format": "binary"]]],
                            "additionalProperties": S.string,
                        ]
                    ])
            }
            operation.append("requestBody", ["required": true, "content": .object(content)])
        }
        operation.append("responses", .object(self.responses(route, spec)))
        return operation
    }

    static func operationID(_ route: Route) -> String {
        let words = route.pattern.split(separator: "/").map { part in
            part.hasPrefix(":") || part.hasPrefix("{") ? "By" + part.filter { $0.isLetter }.capitalized : part.capitalized
        }
        return route.method.rawValue.lowercased() + words.joined().filter { $0.isLetter || $0.isNumber }
    }

    static func json(_ schema: JSONValue, _ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    /// The success answer, then the errors every route can give (freshdesk-api-v2.md §4): 404 is Freshdesk's blank
    /// text body; the others are JSON.
    static func responses(_ route: Route, _ spec: OperationSpec) -> JSONObject {
        var responses = JSONObject()
        var success = JSONObject([("description", "Success")])
        if let schema = spec.response {
            success.append("content", ["application/json": ["schema": schema]])
        }
        if spec.paginated {
            success.append("headers", ["Link": ["description": "The next page, when there is one", "schema": S.string]])
        }
        responses.append(String(spec.status), .object(success))
        if spec.status == 201, route.pattern == "/domain_certificates" { responses.append("200", .object(success)) }
        let error = ["anyOf": [S.reference("ValidationError"), S.reference("CodedError")]] as JSONValue
        let coded = S.reference("CodedError")
        responses.append("400", self.json(error, "Invalid input: each problem names its field"))
        responses.append("401", self.json(coded, "Missing or wrong API key"))
        responses.append("403", self.json(coded, "The key's role may not do this, or the account is suspended"))
        responses.append("404", ["description": "No such record in this account", "content": ["text/plain": ["schema": S.string]]])
        responses.append("405", self.json(coded, "Not allowed in the record's state (for example a trashed ticket)"))
        responses.append("406", self.json(coded, "Only application/json is served"))
        if route.method != .get {
            responses.append("409", self.json(error, "A unique value is taken, or a related record changed meanwhile"))
        }
        responses.append("410", self.json(coded, "The record belongs to an erased person or tenant"))
        if spec.body != nil || route.method != .get {
            responses.append("413", self.json(coded, "The body is larger than the limit"))
            responses.append("415", self.json(coded, "The body is not JSON"))
        }
        responses.append("429", self.json(S.reference("RateLimited"), "Rate limit exceeded (Retry-After says when to retry)"))
        return responses
    }
}
