import Foundation
import HavenCore
import HavenStore
import HavenTLS

/// Uploading a tenant's own certificate for a custom domain: the one use case behind the API route and
/// `haven domains cert upload`. Validates the domain and the certificate, refuses a domain another tenant holds,
/// stores it (private key through the field protector) in one transaction, and returns the stored record.
public struct DomainCertificateUploads: Sendable {
    let store: Store
    let baseDomain: String

    public init(store: Store, baseDomain: String) {
        self.store = store
        self.baseDomain = baseDomain.lowercased()
    }

    public func upload(
        tenant: TenantID,
        domain rawDomain: String,
        chainPEM: String,
        keyPEM: String,
        actor: AuditActor,
        sourceIP: String? = nil,
        issuedByACME: Bool = false
    ) async throws -> (certificate: DomainCertificate, created: Bool) {
        let domain = rawDomain.trimmingWhitespace().lowercased()
        if let problem = DomainName.problem(domain) {
            throw HavenError.validation([.invalid("domain", "The domain \(problem)")])
        }
        if domain == self.baseDomain || domain.hasSuffix("." + self.baseDomain) {
            throw HavenError.validation([
                .invalid("domain", "Hosts under \(self.baseDomain) are Haven's own; upload certificates for your custom domains")
            ])
        }
        let now = self.store.clock.now()
        let validated: UploadedCertificate
        do {
            validated = try UploadedCertificate.validate(
                domain: domain,
                chainPEM: chainPEM,
                keyPEM: keyPEM,
                now: Date(timeIntervalSince1970: TimeInterval(now.secondsSince1970))
            )
        } catch {
            throw HavenError.validation([.invalid(error.field, error.message)])
        }
        return try await self.store.write { sql in
            var created = true
            var id: Int64
            var createdAt = now
            if let (owner, existing) = try await self.store.domainCertificates.owner(ofDomain: domain, on: sql) {
                guard owner == tenant else {
                    throw HavenError.conflict([
                        FieldError(field: "domain", message: "The domain is already in use", code: .duplicateValue)
                    ])
                }
                id = existing
                created = false
                createdAt = try await self.store.domainCertificates.find(tenant, existing, on: sql)?.createdAt ?? now
            } else {
                id = try await IDSequences.next("domain_certificates", on: sql)
            }
            var certificate = DomainCertificate(
                tenantID: tenant,
                id: id,
                domain: domain,
                chainPEM: validated.chainPEM,
                privateKeyPEM: validated.keyPEM,
                fingerprint: validated.fingerprint,
                subjectAlternativeNames: validated.subjectAlternativeNames,
                notBefore: Timestamp(secondsSince1970: Int64(validated.notBefore.timeIntervalSince1970)),
                notAfter: Timestamp(secondsSince1970: Int64(validated.notAfter.timeIntervalSince1970)),
                createdAt: createdAt
            )
            certificate.updatedAt = now
            try await self.store.domainCertificates.save(certificate, on: sql)
            try await self.store.audit.record(
                AuditEvent(
                    tenant: tenant, occurredAt: now, actor: actor,
                    action: issuedByACME
                        ? (created ? "domain_certificate.issued" : "domain_certificate.renewed")
                        : (created ? "domain_certificate.uploaded" : "domain_certificate.replaced"),
                    targetType: "domain_certificate", targetID: String(id), details: Self.auditDetails(certificate),
                    sourceIP: sourceIP),
                on: sql)
            return (certificate, created)
        }
    }

    /// What the audit log keeps of a certificate: public facts, never the private key.
    static func auditDetails(_ c: DomainCertificate) -> JSONObject {
        JSONObject([
            ("domain", .string(c.domain)), ("fingerprint_sha256", .string(c.fingerprint)), ("not_after", .timestamp(c.notAfter)),
        ])
    }

    /// Puts stored certificates into the serving store (at start, and after each upload).
    public static func install(_ certificates: [DomainCertificate], into serving: CertificateStore) {
        for certificate in certificates {
            guard let identity = try? ServerIdentity(chainPEM: certificate.chainPEM, keyPEM: certificate.privateKeyPEM) else {
                continue
            }
            serving.set(identity, for: certificate.domain)
        }
    }
}

/// `/domain_certificates` (a Haven extension, admin-only): upload, list and delete certificates for custom domains.
struct DomainCertificateController: Sendable {
    let store: Store
    let uploads: DomainCertificateUploads
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
        let (certificate, created) = try await self.uploads.upload(
            tenant: request.tenantID,
            domain: domain,
            chainPEM: chain,
            keyPEM: key,
            actor: .agent(request.agentID, apiKey: request.caller.keyID),
            sourceIP: request.sourceIP
        )
        if let serving = self.serving {
            DomainCertificateUploads.install([certificate], into: serving)
        }
        let body = Self.render(certificate)
        return created
            ? .created(body, location: "\(request.baseURL)/api/v2/domain_certificates/\(certificate.id)") : .ok(body)
    }

    @Sendable func list(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        let certificates = try await self.store.read { sql in try await self.store.domainCertificates.list(request.tenantID, on: sql) }
        return .ok(.array(certificates.map(Self.render)))
    }

    @Sendable func delete(_ request: APIRequest) async throws -> APIResponse {
        guard let id = request.pathParameters["id"] else { throw HavenError.notFound }
        let removed = try await self.store.write { sql -> DomainCertificate in
            guard let certificate = try await self.store.domainCertificates.find(request.tenantID, id, on: sql) else {
                throw HavenError.notFound
            }
            try await self.store.domainCertificates.delete(request.tenantID, id, on: sql)
            try await self.store.audit.record(
                request.event(
                    "domain_certificate.removed", "domain_certificate", id,
                    details: DomainCertificateUploads.auditDetails(certificate)),
                on: sql)
            return certificate
        }
        self.serving?.remove(removed.domain)
        return .noContent
    }
}
