import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/search/tickets|contacts|companies?query="…"&page=N`: 30 results a page, pages 1–10, `{total, results}`.
struct SearchController: Sendable {
    let helpdesk: Helpdesk

    static let perPage = 30
    static let maxPage: Int64 = 10

    var routes: [Route] {
        [
            Route(.get, "/search/tickets", .readHelpdesk, handler: self.tickets),
            Route(.get, "/search/contacts", .readHelpdesk, handler: self.contacts),
            Route(.get, "/search/companies", .readHelpdesk, handler: self.companies),
        ]
    }

    private func parse(_ request: APIRequest) throws -> (SearchExpression, PageRequest) {
        try request.query.requireOnly(["query", "page"])
        guard let raw = request.query["query"] else { throw HavenError.validation([.missing("query")]) }
        let page = try request.query.integer("page", range: 1...Self.maxPage) ?? 1
        return (try SearchQueryParser.parse(raw), PageRequest(page: Int(page), perPage: Self.perPage))
    }

    @Sendable func tickets(_ request: APIRequest) async throws -> APIResponse {
        let (expression, page) = try self.parse(request)
        let found = try await TicketQueries(self.helpdesk).search(expression, page: page, by: request.principal)
        let results: [JSONValue] = found.tickets.map { .object(Presenters.ticket($0, customFields: found.customFields)) }
        return .ok(["total": .int(found.total), "results": .array(results)])
    }

    @Sendable func contacts(_ request: APIRequest) async throws -> APIResponse {
        let (expression, page) = try self.parse(request)
        let found = try await ContactQueries(self.helpdesk).search(expression, page: page, by: request.principal)
        return .ok(["total": .int(found.total), "results": .array(found.items.map { .object(Presenters.contact($0)) })])
    }

    @Sendable func companies(_ request: APIRequest) async throws -> APIResponse {
        let (expression, page) = try self.parse(request)
        let found = try await CompanyQueries(self.helpdesk).search(expression, page: page, by: request.principal)
        return .ok(["total": .int(found.total), "results": .array(found.items.map { .object(Presenters.company($0)) })])
    }
}
