import Foundation
import HTTPTypes
import HavenAPI
import HavenApp
import HavenCore
import HavenStore

/// The console's companies: the list and "Deleted companies", one company with its contacts, create, edit, and delete
/// with a confirmation naming what happens (its contacts and tickets lose it, until a restore gives it back); from the
/// trash, restore or "Delete forever" behind its own confirmation and a recent password or code — through the API's
/// use cases, rules and audit entries.
extension WebPages {
    func companies(_ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, typed: [String: String] = [:]) async throws
        -> WebResponse
    {
        let page = max(1, min(request.query["page"].flatMap(Int.init) ?? 1, 1_000))
        let trash = request.query["state"] == "deleted"
        let queries = CompanyQueries(self.helpdesk)
        let pageRequest = PageRequest(page: page, perPage: 30)
        let companies =
            try await trash
            ? queries.trash(page: pageRequest, by: signedIn.principal)
            : queries.list(updatedSince: nil, page: pageRequest, by: signedIn.principal)
        let base = request.site.prefix + "/companies?" + (trash ? "state=deleted&" : "")
        var values: [String: Any] = [
            "companies": companies.items.map { company -> [String: Any] in
                [
                    "id": String(company.id.rawValue), "name": company.name, "domains": company.domains.joined(separator: ", "),
                    "updated": Self.date(company.deletedAt ?? company.updatedAt),
                ]
            },
            "views": [
                ["href": request.site.prefix + "/companies", "label": "Companies", "current": !trash],
                ["href": request.site.prefix + "/companies?state=deleted", "label": "Deleted companies", "current": trash],
            ],
            "trash": trash,
            "page": String(page),
            "can_manage": signedIn.role.map { PermissionPolicy.allows($0, .manageCompanies) } ?? false,
        ]
        for (name, text) in typed { values["typed_\(name)"] = text }
        if error != nil { values["invalid_name"] = true }
        if page > 1 { values["previous"] = base + "page=\(page - 1)" }
        if companies.hasMore { values["next"] = base + "page=\(page + 1)" }
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
            return try await self.companyInTrash(request, signedIn, id: id, error: error)
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
        let fields = try await RecordFields(self.helpdesk).all(.company, by: signedIn.principal)
        var stored = company.customFields
        if let typed { stored = Self.typedValues(typed, fields) }
        values["custom_fields"] = Self.customFieldInputs(fields, stored: stored, invalid: invalid)
        return self.render(
            "company", request, current: "/companies", error: error, status: error == nil ? .ok : .unprocessableContent, values)
    }

    /// A company in "Deleted companies": what its deletion detached (and a restore gives back), Restore, and "Delete
    /// forever…".
    func companyInTrash(_ request: WebRequest, _ signedIn: SignedIn, id: CompanyID, error: String? = nil) async throws -> WebResponse {
        let company: Company
        let detached: DetachedFromCompany
        do {
            (company, detached) = try await CompanyQueries(self.helpdesk).viewInTrash(id, by: signedIn.principal)
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Company not found", "There is no such company in \(request.tenant.name).")
        }
        return self.render(
            "company_trashed", request, current: "/companies", error: error, status: error == nil ? .ok : .conflict,
            [
                "id": String(id.rawValue), "name": company.name, "domains": company.domains.joined(separator: ", "),
                "deleted": company.deletedAt.map { Self.date($0) } ?? "",
                "contacts": Self.count(detached.contacts.count + detached.otherContacts.count, "contact"),
                "tickets": Self.count(detached.tickets.count, "ticket"),
                "can_manage": signedIn.role.map { PermissionPolicy.allows($0, .manageCompanies) } ?? false,
            ])
    }

    static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }

    /// The form as the API's body: every field through the API's rules.
    /// The custom values as typed into a refused form, so they come back as typed.
    static func typedValues(_ typed: [String: String], _ fields: [RecordField]) -> JSONObject {
        var values = JSONObject()
        for field in fields {
            guard let text = typed["cf-" + field.name] else { continue }
            values.append(field.name, field.type == .checkbox ? .bool(text == "yes") : .string(text))
        }
        return values
    }

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
        var typed = ["name", "domains", "description", "note", "industry"].reduce(into: [String: String]()) {
            $0[$1] = request.form[$1] ?? ""
        }
        for (name, value) in request.form.values where name.hasPrefix("cf-") { typed[name] = value }
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
                var body = Self.companyBody(request.form)
                let fields = try await RecordFields(self.helpdesk).all(.company, by: principal)
                if !fields.isEmpty { body.append("custom_fields", .object(Self.customValues(request.form, definitions: fields))) }
                let (changes, problems) = ChannelInput.companyChanges(body)
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
                            "contacts": contacts.hasMore ? "more than 100 contacts" : Self.count(count, "contact"),
                        ])
                }
                try await DeleteCompany(self.helpdesk)(id, by: principal)
                return .redirect(request.site.prefix + "/companies?state=deleted&notice=company-deleted")
            case ("restore", let id?) where request.isPost:
                do {
                    try await CompanyTrash(self.helpdesk).restore(id, by: principal)
                } catch HavenError.conflict(let found) {
                    return try await self.companyInTrash(
                        request.showing("/companies/\(id)"), signedIn, id: id, error: Self.describe(found, naming: false))
                }
                return .redirect(request.site.prefix + "/companies/\(id)?notice=company-restored")
            case ("purge", let id?):
                // "Delete forever": only with the password or a code from the last five minutes.
                let path = request.site.prefix + "/companies/\(id)/purge"
                try principal.require(.manageCompanies)
                if let redirect = self.requireRecentAuthentication(request, signedIn, returnTo: path) { return redirect }
                guard request.isPost else {
                    let (company, _) = try await CompanyQueries(self.helpdesk).viewInTrash(id, by: principal)
                    return self.render("company_purge", request, current: "/companies", ["id": String(id.rawValue), "name": company.name])
                }
                try await CompanyTrash(self.helpdesk).deleteForever(id, by: principal)
                return .redirect(request.site.prefix + "/companies?state=deleted&notice=company-purged")
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
