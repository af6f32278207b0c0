import Foundation
public import HavenCore
import HavenStore
public import HavenTLS

/// Uploading a tenant's own certificate for a custom domain: the one use case behind the API route and
/// `haven domains cert upload`. Validates the domain and the certificate, refuses a domain another tenant holds,
/// stores it (private key through the field protector) in one transaction, and returns the stored record.
public struct DomainCertificateUploads: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    var store: Store { self.helpdesk.store }
    var baseDomain: String { self.helpdesk.settings.baseDomain.lowercased() }

    /// - Parameter issuedByACME: the certificate manager stores what the CA issued (`issued`/`renewed` entries).
    public func upload(
        domain rawDomain: String,
        chainPEM: String,
        keyPEM: String,
        issuedByACME: Bool = false,
        by principal: Principal
    ) async throws -> (certificate: DomainCertificate, created: Bool) {
        try principal.require(.manageDomains)
        let domain = rawDomain.trimmingWhitespace().lowercased()
        let now = self.store.clock.now()
        let validated = try self.validate(domain: domain, chainPEM: chainPEM, keyPEM: keyPEM, at: now)
        return try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            let sql = change.sql
            let tenant = change.tenant
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
            let action: AuditAction =
                issuedByACME
                ? (created ? .domainCertificateIssued : .domainCertificateRenewed)
                : (created ? .domainCertificateUploaded : .domainCertificateReplaced)
            try await change.record(action, .domainCertificate(id), details: Self.auditDetails(certificate))
            return (certificate, created)
        }
    }

    /// The domain must be a custom one (not under Haven's base domain) and the chain and key must belong together,
    /// cover it and be valid now; each problem is named by field.
    func validate(domain: String, chainPEM: String, keyPEM: String, at now: Timestamp) throws -> UploadedCertificate {
        if let problem = DomainName.problem(domain) {
            throw HavenError.validation([.invalid("domain", "The domain \(problem)")])
        }
        if domain == self.baseDomain || domain.hasSuffix("." + self.baseDomain) {
            throw HavenError.validation([
                .invalid("domain", "Hosts under \(self.baseDomain) are Haven's own; upload certificates for your custom domains")
            ])
        }
        do {
            return try UploadedCertificate.validate(
                domain: domain, chainPEM: chainPEM, keyPEM: keyPEM, now: Date(timeIntervalSince1970: TimeInterval(now.secondsSince1970)))
        } catch {
            throw HavenError.validation([.invalid(error.field, error.message)])
        }
    }

    /// What the audit log keeps of a certificate: public facts, never the private key.
    static func auditDetails(_ c: DomainCertificate) -> JSONObject {
        JSONObject([
            ("domain", .string(c.domain)), ("fingerprint_sha256", .string(c.fingerprint)), ("not_after", .timestamp(c.notAfter)),
        ])
    }

    public func list(by principal: Principal) async throws -> [DomainCertificate] {
        try await self.helpdesk.query(by: principal, needs: .manageDomains) { sql in
            try await self.store.domainCertificates.list(principal.tenant, on: sql)
        }
    }

    /// Deletes an uploaded certificate; the caller drops it from its serving store, other nodes within their sync
    /// interval. One transaction with its `domain_certificate.removed` entry.
    public func remove(_ id: Int64, by principal: Principal) async throws -> DomainCertificate {
        try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            guard let certificate = try await self.store.domainCertificates.find(change.tenant, id, on: change.sql) else {
                throw HavenError.notFound
            }
            try await self.store.domainCertificates.delete(change.tenant, id, on: change.sql)
            try await change.record(.domainCertificateRemoved, .domainCertificate(id), details: Self.auditDetails(certificate))
            return certificate
        }
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
