public import HavenCore
public import HavenStore

/// Deletes a company (the API's `DELETE` and the console's "Delete"): it goes to "Deleted companies", and its
/// contacts and tickets lose it at once, exactly as a delete for good would leave them — so an integration sees what
/// Freshdesk shows — while a restore can still bring it and its links back. The purge removes it for good after the
/// trash's days, or "Delete forever" sooner. One transaction with its `company.deleted` entry.
public struct DeleteCompany: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: CompanyID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageCompanies) { change in
            guard try await store.companies.find(change.tenant, id, on: change.sql) != nil else { throw HavenError.notFound }
            let detached = try await store.companies.moveToTrash(change.tenant, id, at: change.now, on: change.sql)
            try await change.record(.companyDeleted, .company(id), details: Self.counts(detached))
        }
    }

    static func counts(_ detached: DetachedFromCompany) -> JSONObject {
        [
            "contacts": .int(Int64(detached.contacts.count)), "other_contacts": .int(Int64(detached.otherContacts.count)),
            "tickets": .int(Int64(detached.tickets.count)),
        ]
    }
}

/// What can happen to a company in "Deleted companies": a restore brings it back with the contacts and tickets it lost,
/// where they are still free — refused (nothing changes) while a live company has its name, as two companies never
/// share one; "Delete forever" removes its name, domains, notes and fields for good (its contacts and tickets lost it
/// when it was deleted). Each one transaction with its `company.restored` or `company.purged` entry.
public struct CompanyTrash: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    @discardableResult
    public func restore(_ id: CompanyID, by principal: Principal) async throws -> DetachedFromCompany {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageCompanies) { change in
            guard let company = try await store.companies.find(change.tenant, id, on: .trash, sql: change.sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            if let clash = try await store.companies.id(named: company.name, change.tenant, on: change.sql) {
                throw HavenError.conflict([
                    FieldError(
                        field: "name",
                        message: "Another company is called \(company.name) now; rename or delete that one, then restore this one",
                        code: .duplicateValue, additionalInfo: ["company_id": clash.rawValue])
                ])
            }
            let reattached = try await store.companies.restore(change.tenant, id, at: change.now, on: change.sql)
            try await change.record(.companyRestored, .company(id), details: DeleteCompany.counts(reattached))
            return reattached
        }
    }

    /// Deletes a company in "Deleted companies" for good, with a signed receipt (`company.purged`).
    public func deleteForever(_ id: CompanyID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        let signer = try await ReceiptSigner.load(store)
        try await self.helpdesk.change(by: principal, needs: .manageCompanies) { change in
            guard let company = try await store.companies.find(change.tenant, id, on: .trash, sql: change.sql) else {
                throw HavenError.notFound
            }
            try await store.companies.delete(change.tenant, id, on: change.sql)
            let receipt = try await signer.issue(
                .companyPurged, tenant: change.tenant, deleted: [("companies", 1)], at: change.now, store: store, on: change.sql)
            try await change.record(
                .companyPurged, .company(id), details: ["trashed_at": .optional(company.deletedAt), "receipt": .string(receipt.id)])
        }
    }
}
