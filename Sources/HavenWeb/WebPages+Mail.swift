import HTTPTypes
import HavenApp
import HavenCore
import HavenMail

/// Admin → E-mail: the tenant's support addresses (add, remove), the DNS records its mail needs (DKIM, SPF, DMARC),
/// the outbox's state, and the relay token for hosted inbound services (issued after confirming the password, shown
/// once). The same use cases as `haven mail`.
extension WebPages {
    func mail(
        _ request: WebRequest, _ signedIn: SignedIn, addressError: String? = nil, typedAddress: String = "", token: String? = nil
    ) async throws -> WebResponse {
        let principal = signedIn.principal
        let tenant = signedIn.tenant
        let domain = self.helpdesk.settings.mailDomain
        let status = try await MailAdministration(self.helpdesk).status(by: principal)
        let signer = try await MailSigning(self.helpdesk).signer()
        let values: [String: Any] = [
            "default_address": "\(tenant.subdomain)@\(domain)", "mail_domain": domain,
            "addresses": try await MailAddresses(self.helpdesk).list(by: principal).map { ["address": $0] },
            "typed_address": typedAddress, "address_error": addressError ?? "",
            "dkim_name": signer.recordName, "dkim_record": signer.dnsRecord,
            "pending": String(status.pending), "sent": String(status.sent), "failed": String(status.failed),
            "has_problems": !status.recentProblems.isEmpty,
            "problems": status.recentProblems.map { ["text": "#\($0.id): \($0.error) (\($0.attempts) attempts)"] },
            "relay_url": "https://\(request.hostForLinks)/mail/inbound", "token": token ?? "",
        ]
        return self.render(
            "mail", request, current: "/admin/mail", error: addressError, status: addressError == nil ? .ok : .unprocessableContent, values)
    }

    func mailAction(_ request: WebRequest, _ signedIn: SignedIn, _ action: String) async throws -> WebResponse {
        let addresses = MailAddresses(self.helpdesk)
        let typed = request.form["address"] ?? ""
        switch action {
        case "add":
            do {
                try await addresses.add(typed, by: signedIn.principal)
            } catch HavenError.validation(let errors) {
                return try await self.mail(request, signedIn, addressError: errors.first?.message, typedAddress: typed)
            } catch HavenError.conflict(let errors) {
                return try await self.mail(request, signedIn, addressError: errors.first?.message, typedAddress: typed)
            }
            return .redirect(request.site.prefix + "/admin/mail?notice=address-added")
        case "remove":
            do {
                try await addresses.remove(typed, by: signedIn.principal)
            } catch HavenError.notFound {
                return .redirect(request.site.prefix + "/admin/mail")
            }
            return .redirect(request.site.prefix + "/admin/mail?notice=address-removed")
        default:
            if let confirm = self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + "/admin/mail") {
                return confirm
            }
            let token = try await MailRelay(self.helpdesk).issueToken(by: signedIn.principal)
            return try await self.mail(request, signedIn, token: token)
        }
    }
}
