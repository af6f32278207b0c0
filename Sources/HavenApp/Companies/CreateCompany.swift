public import HavenCore
import HavenStore

/// Adds a company with a unique name, its name and notes sealed under the tenant's key. One transaction with its
/// `company.created` entry.
public struct CreateCompany: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ changes: CompanyChanges, fieldErrors: [FieldError] = [], by principal: Principal) async throws -> Company {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageCompanies) { change in
            var company = Company(tenantID: change.tenant, id: CompanyID(0), name: "", createdAt: change.now)
            try await changes.apply(to: &company, fieldErrors: fieldErrors, store: store, on: change.sql)
            company.customFields = try await RecordFields.values(
                changes.customFields, stored: company.customFields, creating: true, entity: .company, store: store, change: change)
            company.id = CompanyID(try await IDSequences.next("companies", on: change.sql))
            try await store.companies.insert(company, on: change.sql)
            try await change.record(.companyCreated, .company(company.id), before: nil, after: .company(company))
            return company
        }
    }
}
