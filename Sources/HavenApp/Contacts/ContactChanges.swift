public import HavenCore
import HavenStore

/// The contact fields a create or update may set, already checked for shape by the channel that read them. A
/// double optional distinguishes "not given" (nil) from "cleared" (`.some(nil)`).
public struct ContactChanges: Sendable {
    public var name: String?
    public var email: String??
    public var phone: String??
    public var mobile: String??
    public var twitterID: String??
    public var externalID: String??
    public var otherEmails: [String]?
    public var companyID: CompanyID??
    public var viewAllTickets: Bool?
    public var otherCompanies: [CompanyID]?
    public var address: String??
    public var description: String??
    public var jobTitle: String??
    public var language: String?
    public var tags: [String]?
    public var timeZone: String??
    /// Custom field values by name (`null` clears one); checked against the tenant's contact fields.
    public var customFields: JSONObject?

    public init() {}

    func apply(to contact: inout Contact) {
        if let name = self.name { contact.name = name.trimmingWhitespace() }
        if let email = self.email { contact.email = email }
        if let phone = self.phone { contact.phone = phone }
        if let mobile = self.mobile { contact.mobile = mobile }
        if let twitter = self.twitterID { contact.twitterID = twitter }
        if let external = self.externalID { contact.uniqueExternalID = external }
        if let other = self.otherEmails { contact.otherEmails = other }
        if let company = self.companyID { contact.companyID = company }
        if let viewAll = self.viewAllTickets { contact.viewAllTickets = viewAll }
        if let others = self.otherCompanies { contact.otherCompanies = others }
        if let address = self.address { contact.address = address }
        if let description = self.description { contact.description = description }
        if let jobTitle = self.jobTitle { contact.jobTitle = jobTitle }
        if let language = self.language { contact.language = language }
        if let tags = self.tags { contact.tags = tags }
        if let timeZone = self.timeZone { contact.timeZone = timeZone }
    }
}

/// The checks a contact must pass before it is written: an identifier, known companies, and no clash with another
/// user's e-mail, Twitter handle or external id (409 naming the existing user, as Freshdesk does).
struct ContactRules: Sendable {
    let store: Store

    func validate(_ contact: Contact, on sql: SQLExecutor) async throws {
        if [contact.email, contact.phone, contact.mobile, contact.twitterID, contact.uniqueExternalID]
            .allSatisfy({ ($0 ?? "").trimmingWhitespace().isEmpty })
        {
            throw HavenError.validation([
                FieldError(
                    field: "email", message: "Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields",
                    code: .missingField)
            ])
        }
        var errors: [FieldError] = []
        for company in [contact.companyID].compactMap({ $0 }) + contact.otherCompanies
        where try await self.store.companies.find(contact.tenantID, company, on: sql) == nil {
            errors.append(
                .invalid(company == contact.companyID ? "company_id" : "other_companies", "There is no company matching the given id"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let conflicts = try await self.conflicts(contact, on: sql)
        if !conflicts.isEmpty { throw HavenError.conflict(conflicts) }
    }

    private func conflicts(_ contact: Contact, on sql: SQLExecutor) async throws -> [FieldError] {
        let tenant = contact.tenantID
        var conflicts: [FieldError] = []
        let emails = [("email", contact.email)] + contact.otherEmails.map { ("other_emails", Optional($0)) }
        for (field, email) in emails {
            guard let email, let owner = try await self.store.contacts.userID(email: email, tenant, on: sql), owner != contact.id
            else { continue }
            conflicts.append(Self.duplicate(field, owner))
        }
        if let twitter = contact.twitterID, let owner = try await self.store.contacts.userID(twitterID: twitter, tenant, on: sql),
            owner != contact.id
        {
            conflicts.append(Self.duplicate("twitter_id", owner))
        }
        if let external = contact.uniqueExternalID,
            let owner = try await self.store.contacts.userID(externalID: external, tenant, on: sql), owner != contact.id
        {
            conflicts.append(Self.duplicate("unique_external_id", owner))
        }
        return conflicts
    }

    static func duplicate(_ field: String, _ owner: UserID) -> FieldError {
        FieldError(field: field, message: "It should be a unique value", code: .duplicateValue, additionalInfo: ["user_id": owner.rawValue])
    }
}
