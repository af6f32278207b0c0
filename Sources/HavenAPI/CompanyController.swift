import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/companies`: create, view, update, delete, list, autocomplete. Names are unique per tenant (409).
struct CompanyController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/companies", .readHelpdesk, handler: self.list),
            Route(.get, "/companies/autocomplete", .readHelpdesk, handler: self.autocomplete),
            Route(.get, "/companies/:id", .readHelpdesk, handler: self.view),
            Route(.post, "/companies", .manageCompanies, body: .json, handler: self.create),
            Route(.put, "/companies/:id", .manageCompanies, body: .json, handler: self.update),
            Route(.delete, "/companies/:id", .manageCompanies, handler: self.delete),
        ]
    }

    static let fields: Set<String> = [
        "name", "description", "domains", "note", "custom_fields", "health_score", "account_tier", "renewal_date",
        "industry",
    ]

    /// Body fields into `CompanyChanges`; custom values are checked against the company fields by the use case.
    static func changes(_ fields: inout BodyFields) -> CompanyChanges {
        var changes = CompanyChanges()
        changes.name = fields.nonNullString("name")
        changes.description = fields.string("description", maxLength: 10_000)
        changes.domains = fields.stringArray("domains", itemMaxLength: 253, maxCount: 100)
        changes.note = fields.string("note", maxLength: 10_000)
        changes.healthScore = fields.string("health_score")
        changes.accountTier = fields.string("account_tier")
        changes.renewalDate = fields.timestamp("renewal_date")
        changes.industry = fields.string("industry")
        changes.customFields = fields.objectValue("custom_fields")
        if let domains = changes.domains, !domains.allSatisfy({ EmailAddress.isValid("x@" + $0) }) {
            fields.fail(.invalid("domains", "It should contain valid domain names"))
        }
        return changes
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        fields.require("name")
        let changes = Self.changes(&fields)
        let company = try await CreateCompany(self.helpdesk)(changes, fieldErrors: fields.errors, by: request.principal)
        return .created(.object(Presenters.company(company)), location: "\(request.baseURL)/api/v2/companies/\(company.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let changes = Self.changes(&fields)
        let company = try await UpdateCompany(self.helpdesk)(
            try request.id(), changes, fieldErrors: fields.errors, by: request.principal)
        return .ok(.object(Presenters.company(company)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        try await DeleteCompany(self.helpdesk)(try request.id(), by: request.principal)
        return .noContent
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(Presenters.company(try await CompanyQueries(self.helpdesk).view(try request.id(), by: request.principal))))
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["updated_since", "page", "per_page"])
        let page = try Pagination.request(request.query)
        let since = try request.query.timestamp("updated_since")
        let companies = try await CompanyQueries(self.helpdesk).list(updatedSince: since, page: page, by: request.principal)
        return Pagination.response(companies, request: request, path: "/companies") { .object(Presenters.company($0)) }
    }

    @Sendable func autocomplete(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["name"])
        guard let name = request.query["name"]?.trimmingWhitespace(), !name.isEmpty else {
            throw HavenError.validation([.missing("name")])
        }
        let companies = try await CompanyQueries(self.helpdesk).autocomplete(name, by: request.principal)
        return .ok(["companies": .array(companies.map { .object(JSONObject([("id", .id($0.id)), ("name", .string($0.name))])) })])
    }
}
