import HavenCore
import HavenStore

/// `/settings/helpdesk`, `/account`, `/products`, and `/jobs/{id}`.
struct AccountController: Sendable {
    let store: Store

    var routes: [Route] {
        [
            Route(.get, "/settings/helpdesk", .readHelpdesk, handler: self.helpdeskSettings),
            Route(.get, "/account", .viewAccount, handler: self.account),
            Route(.get, "/products", .readHelpdesk, handler: self.products),
            Route(.get, "/jobs/{id}", .readHelpdesk, handler: self.job),
        ]
    }

    @Sendable func helpdeskSettings(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(["primary_language": "en", "supported_languages": [], "portal_languages": []])
    }

    @Sendable func account(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let tenant = request.tenant
        let (counts, admin) = try await self.store.read { sql in
            (
                try await self.store.agents.counts(tenant.id, on: sql),
                try await self.store.agents.find(tenant.id, request.agentID, on: sql)
            )
        }
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
                            "full_time": .int(counts.fullTime), "occasional": .int(counts.occasional), "field_service": 0,
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
        let id = try request.token("id")
        guard let job = try await self.store.read({ sql in try await self.store.jobs.find(request.tenantID, id, on: sql) }) else {
            throw HavenError.notFound
        }
        return .ok(.object(Presenters.job(job)))
    }
}
