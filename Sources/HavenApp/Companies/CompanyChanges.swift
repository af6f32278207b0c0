public import HavenCore
import HavenStore

/// The company fields a create or update may set, already checked for shape by the channel that read them.
public struct CompanyChanges: Sendable {
    public var name: String?
    public var description: String??
    public var domains: [String]?
    public var note: String??
    public var healthScore: String??
    public var accountTier: String??
    public var renewalDate: Timestamp??
    public var industry: String??
    /// Custom field values by name (`null` clears one); checked against the tenant's company fields.
    public var customFields: JSONObject?

    public init() {}

    /// Reports the channel's findings (`fieldErrors`), checks the name's uniqueness in the tenant (409), then
    /// applies the changes.
    func apply(to company: inout Company, fieldErrors: [FieldError], store: Store, on sql: SQLExecutor) async throws {
        if !fieldErrors.isEmpty { throw HavenError.validation(fieldErrors) }
        if let name = self.name?.trimmingWhitespace(),
            let existing = try await store.companies.id(named: name, company.tenantID, on: sql), existing != company.id
        {
            throw HavenError.conflict([FieldError(field: "name", message: "It should be a unique value", code: .duplicateValue)])
        }
        if let name = self.name { company.name = name.trimmingWhitespace() }
        if let description = self.description { company.description = description }
        if let domains = self.domains { company.domains = domains.map { $0.lowercased() } }
        if let note = self.note { company.note = note }
        if let healthScore = self.healthScore { company.healthScore = healthScore }
        if let accountTier = self.accountTier { company.accountTier = accountTier }
        if let renewalDate = self.renewalDate { company.renewalDate = renewalDate }
        if let industry = self.industry { company.industry = industry }
    }
}
