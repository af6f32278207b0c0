import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/settings/helpdesk`, `/account`, `/products`, and `/jobs/{id}`.
struct AccountController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/settings/helpdesk", .readHelpdesk, handler: self.helpdeskSettings),
            Route(.get, "/account", .viewAccount, handler: self.account),
            Route(.get, "/products", .readHelpdesk, handler: self.products),
            Route(.get, "/jobs/{id}", .readHelpdesk, handler: self.job),
        ]
    }

    /// Paging parameters are accepted and ignored, as Freshdesk does (Airbyte's connector sends `per_page` to it).
    @Sendable func helpdeskSettings(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(["primary_language": "en", "supported_languages": [], "portal_languages": []])
    }

    @Sendable func account(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let tenant = request.tenant
        let summary = try await AccountQueries(self.helpdesk).summary(by: request.principal)
        let admin = summary.contactPerson
        let nameParts = (admin?.contact.name ?? "").split(separator: " ", maxSplits: 1).map(String.init)
        return .ok(
            .object(
                JSONObject([
                    ("organisation_id", .id(tenant.id)),
                    ("organisation_name", .string(tenant.name)),
                    ("account_id", .id(tenant.id)),
                    ("account_name", .string(tenant.name)),
                    ("account_domain", .string(request.baseURL.split(separator: "/").last.map(String.init) ?? tenant.subdomain)),
                    ("bundle_id", .null),
                    ("hipaa_compliant", false),
                    (
                        "total_agents",
                        [
                            "full_time": .int(summary.fullTimeAgents), "occasional": .int(summary.occasionalAgents), "field_service": 0,
                            "collaborators": 0,
                        ]
                    ),
                    ("timezone", "UTC"),
                    ("data_center", .string(tenant.region)),
                    ("tier_type", "self_hosted"),
                    ("address", ["address_line1": nil, "city": nil, "state": nil, "country": nil, "zipcode": nil]),
                    (
                        "contact_person",
                        [
                            "firstname": .optional(nameParts.first), "lastname": .optional(nameParts.count > 1 ? nameParts[1] : nil),
                            "email": .optional(admin?.contact.email),
                        ]
                    ),
                ])
            )
        )
    }

    @Sendable func products(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        // Products are not modelled: no tenant has any.
        return .ok([])
    }

    @Sendable func job(_ request: APIRequest) async throws -> APIResponse {
        .ok(.object(Presenters.job(try await AccountQueries(self.helpdesk).job(try request.token("id"), by: request.principal))))
    }
}
