import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenStore

/// The console's companies: the list, one company with its contacts, create, edit, and delete with a confirmation
/// naming what happens (its contacts and tickets stay, without the company) — through the API's use cases and rules.
extension WebPages {
    func companies(_ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, typed: [String: String] = [:]) async throws
        -> WebResponse
    {
        let page = max(1, min(request.query["page"].flatMap(Int.init) ?? 1, 1_000))
        let companies = try await CompanyQueries(self.helpdesk).list(
            updatedSince: nil, page: PageRequest(page: page, perPage: 30), by: signedIn.principal)
        var values: [String: Any] = [
            "companies": companies.items.map { company -> [String: Any] in
                [
                    "id": String(company.id.rawValue), "name": company.name, "domains": company.domains.joined(separator: ", "),
                    "updated": Self.date(company.updatedAt),
                ]
            },
            "page": String(page),
            "can_manage": signedIn.role.map { PermissionPolicy.allows($0, .manageCompanies) } ?? false,
        ]
        for (name, text) in typed { values["typed_\(name)"] = text }
        if error != nil { values["invalid_name"] = true }
        if page > 1 { values["previous"] = request.site.prefix + "/companies?page=\(page - 1)" }
        if companies.hasMore { values["next"] = request.site.prefix + "/companies?page=\(page + 1)" }
        return self.render(
            "companies", request, current: "/companies", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    func company(
        _ request: WebRequest, _ signedIn: SignedIn, id: CompanyID, error: String? = nil, invalid: Set<String> = [],
        typed: [String: String]? = nil
    ) async throws -> WebResponse {
        let company: Company
        do {
            company = try await CompanyQueries(self.helpdesk).view(id, by: signedIn.principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Company not found", "There is no such company in \(request.tenant.name).")
        }
        var filter = ContactFilter()
        filter.companyID = id
        let contacts = try await ContactQueries(self.helpdesk).list(
            filter, page: PageRequest(page: 1, perPage: 100), by: signedIn.principal)
        var values: [String: Any] = [
            "id": String(id.rawValue), "name": typed?["name"] ?? company.name,
            "domains": typed?["domains"] ?? company.domains.joined(separator: ", "),
            "description": typed?["description"] ?? company.description ?? "", "note": typed?["note"] ?? company.note ?? "",
            "industry": typed?["industry"] ?? company.industry ?? "",
            "contacts": contacts.items.map { ["id": String($0.id.rawValue), "name": $0.name, "email": $0.email ?? ""] },
            "can_manage": signedIn.role.map { PermissionPolicy.allows($0, .manageCompanies) } ?? false,
        ]
        for field in invalid { values["invalid_\(field)"] = true }
        return self.render(
            "company", request, current: "/companies", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    /// The form as the API's body: every field through the API's rules.
    static func companyBody(_ form: FormBody) -> JSONObject {
        var body = JSONObject()
        body.append("name", .string(form.text("name") ?? ""))
        let domains = (form["domains"] ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        body.append("domains", .strings(domains))
        for field in ["description", "note", "industry"] {
            body.append(field, form.text(field).map { .string($0) } ?? .null)
        }
        return body
    }

    func companyAction(_ request: WebRequest, _ signedIn: SignedIn, id: CompanyID?, action: String) async throws -> WebResponse {
        let principal = signedIn.principal
        let typed = ["name", "domains", "description", "note", "industry"].reduce(into: [String: String]()) {
            $0[$1] = request.form[$1] ?? ""
        }
        do {
            switch (action, id) {
            case ("create", nil):
                let (changes, problems) = ChannelInput.companyChanges(Self.companyBody(request.form))
                do {
                    let created = try await CreateCompany(self.helpdesk)(changes, fieldErrors: problems, by: principal)
                    return .redirect(request.site.prefix + "/companies/\(created.id)?notice=done")
                } catch HavenError.validation(let found), HavenError.conflict(let found) {
                    return try await self.companies(request.showing("/companies"), signedIn, error: Self.describe(found), typed: typed)
                }
            case ("edit", let id?) where request.isPost:
                let (changes, problems) = ChannelInput.companyChanges(Self.companyBody(request.form))
                do {
                    _ = try await UpdateCompany(self.helpdesk)(id, changes, fieldErrors: problems, by: principal)
                } catch HavenError.validation(let found), HavenError.conflict(let found) {
                    return try await self.company(
                        request.showing("/companies/\(id)"), signedIn, id: id, error: Self.describe(found),
                        invalid: Set(found.map(\.field)), typed: typed)
                }
                return .redirect(request.site.prefix + "/companies/\(id)?notice=done")
            case ("delete", let id?):
                guard request.isPost else {
                    let company = try await CompanyQueries(self.helpdesk).view(id, by: principal)
                    var filter = ContactFilter()
                    filter.companyID = id
                    let contacts = try await ContactQueries(self.helpdesk).list(
                        filter, page: PageRequest(page: 1, perPage: 100), by: principal)
                    let count = contacts.items.count
                    return self.render(
                        "company_delete", request, current: "/companies",
                        [
                            "id": String(id.rawValue), "name": company.name,
                            "contacts": contacts.hasMore ? "more than 100 contacts" : count == 1 ? "1 contact" : "\(count) contacts",
                        ])
                }
                try await DeleteCompany(self.helpdesk)(id, by: principal)
                return .redirect(request.site.prefix + "/companies?notice=company-deleted")
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Company not found", "There is no such company in \(request.tenant.name).")
        } catch HavenError.forbidden(_, let message) {
            return self.message(request, status: .forbidden, "Not allowed", message)
        }
    }
}
