import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/custom_domains` (a Haven extension, administrators only).
struct CustomDomainController: Sendable {
    let domains: CustomDomains

    var routes: [Route] {
        [
            Route(.post, "/custom_domains", .manageDomains, body: .json, handler: self.add),
            Route(.get, "/custom_domains", .manageDomains, handler: self.list),
            Route(.get, "/custom_domains/:id", .manageDomains, handler: self.view),
            Route(.delete, "/custom_domains/:id", .manageDomains, handler: self.remove),
            Route(.get, "/custom_domains/:id/check", .manageDomains, handler: self.check),
        ]
    }

    @Sendable func check(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(try await self.domains.diagnose(try request.number(), by: request.principal)))
    }

    @Sendable func add(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["domain"])
        fields.require("domain")
        let domain = fields.nonNullString("domain", maxLength: 1024)
        try fields.finish()
        guard let domain else { throw HavenError.internalFailure("domain was not validated") }
        let added = try await self.domains.add(domain, by: request.principal)
        return .created(.object(CustomDomains.render(added)), location: "\(request.baseURL)/api/v2/custom_domains/\(added.id)")
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(.array(try await self.domains.list(by: request.principal).map { .object(CustomDomains.render($0)) }))
    }

    @Sendable func view(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        return .ok(.object(CustomDomains.render(try await self.domains.find(try request.number(), by: request.principal))))
    }

    @Sendable func remove(_ request: APIRequest) async throws -> APIResponse {
        _ = try await self.domains.remove(id: try request.number(), by: request.principal)
        return .noContent
    }
}
