public import HavenCore
public import HavenStore

/// Reading companies: one company, the list, autocomplete by name, and search.
public struct CompanyQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func view(_ id: CompanyID, by principal: Principal) async throws -> Company {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let company = try await store.companies.find(principal.tenant, id, on: sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            return company
        }
    }

    /// A company in "Deleted companies", with what its deletion detached (what a restore can give back).
    public func viewInTrash(_ id: CompanyID, by principal: Principal) async throws -> (Company, DetachedFromCompany) {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let company = try await store.companies.find(principal.tenant, id, on: .trash, sql: sql) else {
                throw HavenError.notFound
            }
            return (company, try await store.companies.detached(principal.tenant, id, on: sql))
        }
    }

    /// "Deleted companies", most recently deleted first.
    public func trash(page: PageRequest, by principal: Principal) async throws -> Page<Company> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.companies.trash(principal.tenant, page: page, on: sql)
        }
    }

    public func list(updatedSince: Timestamp?, page: PageRequest, by principal: Principal) async throws -> Page<Company> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.companies.list(principal.tenant, updatedSince: updatedSince, page: page, on: sql)
        }
    }

    /// Up to 25 companies whose name starts with `name`.
    public func autocomplete(_ name: String, by principal: Principal) async throws -> [Company] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.companies.autocomplete(principal.tenant, name: name, limit: 25, on: sql)
        }
    }

    public func search(_ expression: SearchExpression, page: PageRequest, by principal: Principal) async throws
        -> (total: Int64, items: [Company])
    {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let indexes = try await store.keys.indexes(principal.tenant, on: sql)
            let compiler = SearchCompiler(resource: .companies, indexes: indexes, tenant: principal.tenant, on: sql)
            return try await store.companies.search(principal.tenant, try compiler.compile(expression), page: page, on: sql)
        }
    }
}
