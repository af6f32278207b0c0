public import HavenCore
public import HavenStore

/// Reading contacts: one contact, lists with filters, autocomplete by name, and search.
public struct ContactQueries: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func view(_ id: UserID, by principal: Principal) async throws -> Contact {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let contact = try await store.contacts.findContact(principal.tenant, id, on: sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            return contact
        }
    }

    /// The names of these people (contacts or agents), for lists; an erased one has none.
    public func names(_ ids: [UserID], by principal: Principal) async throws -> [UserID: String] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.contacts.names(principal.tenant, ids: ids, on: sql)
        }
    }

    public func list(_ filter: ContactFilter, page: PageRequest, by principal: Principal) async throws -> Page<Contact> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.contacts.list(principal.tenant, filter, page: page, on: sql)
        }
    }

    /// Up to 25 contacts whose name starts with `term`.
    public func autocomplete(_ term: String, by principal: Principal) async throws -> [Contact] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.contacts.autocomplete(principal.tenant, term: term, limit: 25, on: sql)
        }
    }

    public func search(_ expression: SearchExpression, page: PageRequest, by principal: Principal) async throws
        -> (total: Int64, items: [Contact])
    {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            let indexes = try await store.keys.indexes(principal.tenant, on: sql)
            let compiler = SearchCompiler(resource: .contacts, indexes: indexes, tenant: principal.tenant, on: sql)
            return try await store.contacts.search(principal.tenant, try compiler.compile(expression), page: page, on: sql)
        }
    }
}
