import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import HavenTLS

/// `/domain_certificates` (a Haven extension, admin-only): upload, list and delete certificates for custom domains.
struct DomainCertificateController: Sendable {
    let uploads: DomainCertificateUploads
    /// The TLS certificate store uploads go live in; nil where no HTTPS listener runs.
    let serving: CertificateStore?

    var routes: [Route] {
        [
            Route(.post, "/domain_certificates", .manageDomains, body: .json, handler: self.upload),
            Route(.get, "/domain_certificates", .manageDomains, handler: self.list),
            Route(.delete, "/domain_certificates/:id", .manageDomains, handler: self.delete),
        ]
    }

    static func render(_ c: DomainCertificate) -> JSONValue {
        .object(
            JSONObject([
                ("id", .int(c.id)),
                ("domain", .string(c.domain)),
                ("fingerprint_sha256", .string(c.fingerprint)),
                ("subject_alt_names", .strings(c.subjectAlternativeNames)),
                ("not_before", .timestamp(c.notBefore)),
                ("not_after", .timestamp(c.notAfter)),
                ("created_at", .timestamp(c.createdAt)),
                ("updated_at", .timestamp(c.updatedAt)),
            ])
        )
    }

    @Sendable func upload(_ request: APIRequest) async throws -> APIResponse {
        var fields = BodyFields(request.object, allowed: ["domain", "certificate_chain", "private_key"])
        fields.require("domain")
        fields.require("certificate_chain")
        fields.require("private_key")
        let domain = fields.nonNullString("domain", maxLength: 253)
        let chain = fields.nonNullString("certificate_chain", maxLength: 65_536)
        let key = fields.nonNullString("private_key", maxLength: 16_384)
        try fields.finish()
        guard let domain, let chain, let key else { throw HavenError.internalFailure("fields were not validated") }
        let (certificate, created) = try await self.uploads.upload(domain: domain, chainPEM: chain, keyPEM: key, by: request.principal)
        if let serving = self.serving {
            DomainCertificateUploads.install([certificate], into: serving)
        }
        let body = Self.render(certificate)
        return created
            ? .created(body, location: "\(request.baseURL)/api/v2/domain_certificates/\(certificate.id)") : .ok(body)
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(.array(try await self.uploads.list(by: request.principal).map(Self.render)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        let removed = try await self.uploads.remove(try request.number(), by: request.principal)
        self.serving?.remove(removed.domain)
        return .noContent
    }
}
