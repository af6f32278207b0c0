import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import Testing

/// `GET /api/v2/openapi.json` describes exactly the routes the router serves, each with its parameters and answers;
/// `.ci/run` then fuzzes a live Haven against it with schemathesis.
@Suite struct OpenAPITests {
    @Test func theDescriptionListsEveryRouteAndNothingElse() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            #expect(try await client.call(.get, "/api/v2/openapi.json", key: nil).status == 401)
            let answer = try await client.call(.get, "/api/v2/openapi.json", key: key)
            #expect(answer.status == 200)
            let document = try #require(answer.object)
            #expect(document.string("openapi") == "3.1.0")
            #expect(document["servers"] == [["url": "/api/v2"]])
            let paths = try #require(document["paths"]?.objectValue)
            var described: Set<String> = []
            for (path, item) in paths {
                for (method, operation) in item.objectValue ?? JSONObject() {
                    described.insert("\(method.uppercased()) \(path)")
                    let summary = operation.objectValue?.string("summary") ?? ""
                    #expect(!summary.isEmpty && summary != "(not described)", "\(method) \(path) has no description")
                    #expect(operation.objectValue?["responses"]?.objectValue?["401"] != nil, "\(method) \(path)")
                }
            }
            let routes = Set(
                RouteTable.routes(helpdesk: server.helpdesk).map { route in
                    "\(route.method.rawValue) "
                        + route.pattern.split(separator: "/").map { part in
                            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                        }.reduce("") { $0 + "/" + $1 }
                })
            #expect(described.subtracting(routes).isEmpty, "described but not served: \(described.subtracting(routes).sorted())")
            #expect(routes.subtracting(described).isEmpty, "served but not described: \(routes.subtracting(described).sorted())")

            // Every reference resolves.
            let schemas = try #require(document["components"]?.objectValue?["schemas"]?.objectValue)
            for reference in Self.references(in: .object(document)) {
                let name = String(reference.dropFirst("#/components/schemas/".count))
                #expect(schemas[name] != nil, "\(reference) does not resolve")
            }
            // Path parameters are declared where the path has them.
            let ticket = paths["/tickets/{id}"]?.objectValue?["get"]?.objectValue
            let parameters = ticket?["parameters"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(parameters.contains { $0.string("name") == "id" && $0.string("in") == "path" && $0["required"] == true })
        }
    }

    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            return object.flatMap { key, value in
                key == "$ref" ? [value.stringValue ?? ""] : Self.references(in: value)
            }
        case .array(let items): return items.flatMap(Self.references)
        default: return []
        }
    }
}
