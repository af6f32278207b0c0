import HavenCore
import HavenStore

/// `/companies`: create, view, update, delete, list, autocomplete. Names are unique per tenant (409).
struct CompanyController: Sendable {
    let store: Store

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

    private func edit(_ company: inout Company, _ fields: inout BodyFields, request: APIRequest, on sql: SQLExecutor) async throws {
        let name = fields.nonNullString("name")
        let description = fields.string("description", maxLength: 10_000)
        let domains = fields.stringArray("domains", itemMaxLength: 253, maxCount: 100)
        let note = fields.string("note", maxLength: 10_000)
        let healthScore = fields.string("health_score")
        let accountTier = fields.string("account_tier")
        let renewalDate = fields.timestamp("renewal_date")
        let industry = fields.string("industry")
        if let custom = fields.objectValue("custom_fields") {
            for key in custom.keys { fields.fail(.unexpected(key)) }
        }
        if let domains, !domains.allSatisfy({ EmailAddress.isValid("x@" + $0) }) {
            fields.fail(.invalid("domains", "It should contain valid domain names"))
        }
        try fields.finish()
        if let name = name?.trimmingWhitespace(),
            let existing = try await self.store.companies.id(named: name, request.tenantID, on: sql), existing != company.id
        {
            throw HavenError.conflict([FieldError(field: "name", message: "It should be a unique value", code: .duplicateValue)])
        }
        if let name { company.name = name.trimmingWhitespace() }
        if let description { company.description = description }
        if let domains { company.domains = domains.map { $0.lowercased() } }
        if let note { company.note = note }
        if let healthScore { company.healthScore = healthScore }
        if let accountTier { company.accountTier = accountTier }
        if let renewalDate { company.renewalDate = renewalDate }
        if let industry { company.industry = industry }
    }

    @Sendable func create(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        fields.require("name")
        let company = try await self.store.write { sql -> Company in
            var company = Company(tenantID: request.tenantID, id: CompanyID(0), name: "", createdAt: request.now)
            try await self.edit(&company, &fields, request: request, on: sql)
            company.id = CompanyID(try await IDSequences.next("companies", on: sql))
            try await self.store.companies.insert(company, on: sql)
            try await self.store.audit.record(
                request.event(
                    "company.created", "company", company.id, before: nil, after: Presenters.company(company),
                    revealing: AuditedFields.company),
                on: sql)
            return company
        }
        return .created(.object(Presenters.company(company)), location: "\(request.baseURL)/api/v2/companies/\(company.id)")
    }

    @Sendable func update(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: Self.fields)
        let id: CompanyID = try request.id()
        let company = try await self.store.write { sql -> Company in
            guard var company = try await self.store.companies.find(request.tenantID, id, on: sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            let previous = company
            try await self.edit(&company, &fields, request: request, on: sql)
            company.updatedAt = request.now
            try await self.store.companies.update(company, on: sql)
            try await self.store.audit.record(
                request.event(
                    "company.updated", "company", id, before: Presenters.company(previous), after: Presenters.company(company),
                    revealing: AuditedFields.company),
                on: sql)
            return company
        }
        return .ok(.object(Presenters.company(company)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let id: CompanyID = try request.id()
        try await self.store.write { sql in
            guard try await self.store.companies.find(request.tenantID, id, on: sql) != nil else { throw HavenError.notFound }
            try await self.store.companies.delete(request.tenantID, id, on: sql)
            try await self.store.audit.record(request.event("company.deleted", "company", id), on: sql)
        }
        return .noContent
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let id: CompanyID = try request.id()
        guard
            let company = try await self.store.read({ sql in
                try await self.store.companies.find(request.tenantID, id, on: sql)?.requireReadable()
            })
        else { throw HavenError.notFound }
        return .ok(.object(Presenters.company(company)))
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["updated_since", "page", "per_page"])
        let page = try Pagination.request(request.query)
        let since = try request.query.timestamp("updated_since")
        let companies = try await self.store.read { sql in
            try await self.store.companies.list(request.tenantID, updatedSince: since, page: page, on: sql)
        }
        return Pagination.response(companies, request: request, path: "/companies") { .object(Presenters.company($0)) }
    }

    @Sendable func autocomplete(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["name"])
        guard let name = request.query["name"]?.trimmingWhitespace(), !name.isEmpty else {
            throw HavenError.validation([.missing("name")])
        }
        let companies = try await self.store.read { sql in
            try await self.store.companies.autocomplete(request.tenantID, name: name, limit: 25, on: sql)
        }
        return .ok(["companies": .array(companies.map { .object(JSONObject([("id", .id($0.id)), ("name", .string($0.name))])) })])
    }
}
