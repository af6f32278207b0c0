import HTTPTypes
import HavenApp
import HavenCore
import HavenMail

/// Admin → E-mail: the tenant's support addresses (add, remove), where its mail comes from and through which
/// smarthost, the DNS records its mail needs (DKIM, SPF, DMARC), the outbox's state, and the relay token for hosted
/// inbound services (issued after confirming the password, shown once). The same use cases as `haven mail`.
extension WebPages {
    func mail(
        _ request: WebRequest, _ signedIn: SignedIn, addressError: String? = nil, typedAddress: String = "", token: String? = nil,
        sendingError: (message: String, field: String)? = nil
    ) async throws -> WebResponse {
        let principal = signedIn.principal
        let status = try await MailAdministration(self.helpdesk).status(by: principal)
        let sending = try await MailSending(self.helpdesk).overview(by: principal)
        let signer = try await MailSigning(self.helpdesk).signer(for: principal)
        let addresses = try await MailAddresses(self.helpdesk).list(by: principal)
        let from = sending.sendingAddress ?? sending.defaultAddress
        let values: [String: Any] = [
            "default_address": sending.defaultAddress, "mail_domain": signer.domain, "from_address": from,
            "addresses": addresses.map { ["address": $0] },
            "from_choices": ([sending.defaultAddress] + addresses).map { ["address": $0, "selected": $0 == from] },
            "smarthost": sending.smarthost ?? "", "own_smarthost": sending.smarthost != nil,
            "sending_error": sendingError?.message ?? "", "smtp_invalid": sendingError?.field == "smtp_url",
            "typed_address": typedAddress, "address_error": addressError ?? "",
            "dkim_name": signer.recordName, "dkim_record": signer.dnsRecord,
            "pending": String(status.pending), "sent": String(status.sent), "failed": String(status.failed),
            "has_problems": !status.recentProblems.isEmpty,
            "problems": status.recentProblems.map { ["text": "#\($0.id): \($0.error) (\($0.attempts) attempts)"] },
            "relay_url": "https://\(request.hostForLinks)/mail/inbound", "token": token ?? "",
        ]
        let error = addressError ?? sendingError?.message
        return self.render(
            "mail", request, current: "/admin/mail", error: error, status: error == nil ? .ok : .unprocessableContent, values)
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
        case "sending":
            let url = request.form.text("smtp_url")
            let smarthost: MailSending.SmarthostChange =
                request.form["smarthost"] == "deployment" ? .deployment : url.map { .url($0) } ?? .keep
            do {
                try await MailSending(self.helpdesk).update(
                    sendingAddress: request.form.text("from"), smarthost: smarthost, by: signedIn.principal)
            } catch HavenError.validation(let errors) {
                return try await self.mail(
                    request, signedIn, sendingError: (Self.describe(errors), errors.first?.field ?? "from"))
            }
            return .redirect(request.site.prefix + "/admin/mail?notice=sending-saved")
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
