import HavenCore
import HavenStore

/// Who may read a knowledge-base folder or a forum (`FolderVisibility`): companies are named with, and only with,
/// "selected companies", and each must be this tenant's.
enum AudienceRules {
    /// A portal visitor, or a signed-in customer with the companies they belong to (an agent signed in to the portal
    /// reads as a customer).
    static func reader(_ tenant: TenantID, _ contact: UserID?, store: Store, on sql: SQLExecutor) async throws -> KnowledgeReader {
        guard let contact, let person = try await store.contacts.find(tenant, contact, on: sql) else { return .visitor }
        return .customer(companies: Set([person.companyID].compactMap { $0 } + person.otherCompanies))
    }

    static func problems(_ visibility: FolderVisibility, _ companies: [CompanyID], store: Store, change: Change) async throws
        -> [FieldError]
    {
        switch (visibility, companies.isEmpty) {
        case (.companies, true): return [.invalid("company_ids", "Visibility 4 (selected companies) needs at least one company")]
        case (.companies, false):
            var errors: [FieldError] = []
            for company in companies where try await store.companies.find(change.tenant, company, on: change.sql) == nil {
                errors.append(.invalid("company_ids", "There is no company \(company)"))
            }
            return errors
        case (_, false): return [.invalid("company_ids", "Companies are named only with visibility 4 (selected companies)")]
        case (_, true): return []
        }
    }
}
