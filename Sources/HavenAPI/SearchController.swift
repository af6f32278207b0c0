import HavenCore
import HavenStore

/// `/search/tickets|contacts|companies?query="…"&page=N`: 30 results a page, pages 1–10, `{total, results}`.
struct SearchController: Sendable {
    let store: Store

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
        if expression.mentions("text") {
            // Words of tickets created moments ago are indexed in batches; index them now so the search sees them.
            try await TermIndexer.catchUp(request.tenantID, store: self.store)
        }
        let (total, tickets, custom) = try await self.store.read { sql in
            let custom = try await self.store.ticketFields.customFields(request.tenantID, on: sql)
            let indexes = try await self.store.keys.indexes(request.tenantID, on: sql)
            let compiler = SearchCompiler(resource: .tickets(customFields: custom), indexes: indexes, tenant: request.tenantID)
            let found = try await self.store.tickets.search(request.tenantID, try compiler.compile(expression), page: page, on: sql)
            return (found.total, found.items, custom)
        }
        let results: [JSONValue] = tickets.map { .object(Presenters.ticket($0, customFields: custom)) }
        return .ok(["total": .int(total), "results": .array(results)])
    }

    @Sendable func contacts(_ request: APIRequest) async throws -> APIResponse {
        let (expression, page) = try self.parse(request)
        let (total, contacts) = try await self.store.read { sql in
            let indexes = try await self.store.keys.indexes(request.tenantID, on: sql)
            let compiler = SearchCompiler(resource: .contacts, indexes: indexes, tenant: request.tenantID)
            return try await self.store.contacts.search(request.tenantID, try compiler.compile(expression), page: page, on: sql)
        }
        return .ok(["total": .int(total), "results": .array(contacts.map { .object(Presenters.contact($0)) })])
    }

    @Sendable func companies(_ request: APIRequest) async throws -> APIResponse {
        let (expression, page) = try self.parse(request)
        let (total, companies) = try await self.store.read { sql in
            let indexes = try await self.store.keys.indexes(request.tenantID, on: sql)
            let compiler = SearchCompiler(resource: .companies, indexes: indexes, tenant: request.tenantID)
            return try await self.store.companies.search(request.tenantID, try compiler.compile(expression), page: page, on: sql)
        }
        return .ok(["total": .int(total), "results": .array(companies.map { .object(Presenters.company($0)) })])
    }
}
