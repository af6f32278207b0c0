public import HavenCore
import HavenStore

/// Changes a company. One transaction with its `company.updated` entry.
public struct UpdateCompany: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: CompanyID, _ changes: CompanyChanges, fieldErrors: [FieldError] = [], by principal: Principal)
        async throws -> Company
    {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageCompanies) { change in
            guard var company = try await store.companies.find(change.tenant, id, on: change.sql)?.requireReadable() else {
                throw HavenError.notFound
            }
            let previous = company
            try await changes.apply(to: &company, fieldErrors: fieldErrors, store: store, on: change.sql)
            company.customFields = try await RecordFields.values(
                changes.customFields, stored: company.customFields, creating: false, entity: .company, store: store, change: change)
            company.updatedAt = change.now
            try await store.companies.update(company, on: change.sql)
            try await change.record(.companyUpdated, .company(id), before: .company(previous), after: .company(company))
            return company
        }
    }
}
