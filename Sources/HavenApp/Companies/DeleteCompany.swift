public import HavenCore
import HavenStore

/// Deletes a company. One transaction with its `company.deleted` entry.
public struct DeleteCompany: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func callAsFunction(_ id: CompanyID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageCompanies) { change in
            guard try await store.companies.find(change.tenant, id, on: change.sql) != nil else { throw HavenError.notFound }
            try await store.companies.delete(change.tenant, id, on: change.sql)
            try await change.record(.companyDeleted, .company(id))
        }
    }
}
