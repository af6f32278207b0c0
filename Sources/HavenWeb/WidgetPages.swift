import Crypto
import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenCrypto
import HavenStore

/// The feedback widget's form (`/widget/new`), in an iframe on a site the tenant lists (people.md §3). It works
/// without cookies (a third-party frame gets none): the form carries a token signed for the tenant and the
/// embedding origin, valid two hours. The page may be framed only by that origin (CSP `frame-ancestors`); an origin
/// not on the list gets a notice and no form. Each address may send a few tickets per ten minutes (shared with the
/// portal's visitor form), and a hidden field only robots fill in (the honeypot) quietly drops the submission.
struct WidgetPages {
    let web: WebPages
    let key: SymmetricKey

    var helpdesk: Helpdesk { self.web.helpdesk }

    static let tokenLifetime: Int64 = 2 * 3_600
    static let honeypot = "website"

    /// `fromItself`: the browser says the post came from a page of this host (`Origin`, else `Sec-Fetch-Site`).
    func handle(_ request: WebRequest, fromItself: Bool) async throws -> WebResponse {
        let portal = PortalTickets(self.helpdesk)
        let form = try await portal.form(tenant: request.tenant.id)
        let origin = (request.isPost ? request.form["origin"] : request.query["origin"]) ?? ""
        guard form.settings.allowsWidget(from: origin), let embedder = PortalSettings.normalizedOrigin(origin) else {
            return self.notice(
                request, status: .forbidden, "Not available here",
                "\(request.tenant.name) has not allowed its feedback form on this site.", framedBy: "*")
        }
        guard form.settings.anonymousTickets else {
            return self.notice(
                request, status: .forbidden, "Not available", "\(request.tenant.name) takes requests from signed-in customers only.",
                framedBy: embedder)
        }
        guard request.isPost else { return self.formPage(request, form, origin: embedder) }
        // The frame's own form posts to its own host; anything else is a forged post.
        guard fromItself, self.validToken(request.form["token"] ?? "", tenant: request.tenant.id, origin: embedder)
        else {
            return self.notice(
                request, status: .forbidden, "Form expired", "This form has expired. Reload the page and write again.", framedBy: embedder)
        }
        let throttle = self.web.visitorThrottle
        if let wait = throttle.take(request.tenant.id, address: request.sourceIP) {
            var response = self.notice(
                request, status: .tooManyRequests, "Please wait",
                "Too many requests from your network. Try again in \(max(1, wait / 60)) minutes.", framedBy: embedder)
            response.headers.append((.retryAfter, String(wait)))
            return response
        }
        let input = WebPages.newTicket(request.form, fields: form.fields)
        if !(request.form[Self.honeypot] ?? "").isEmpty {
            // A robot filled in the field people never see: it gets the thank-you page, nothing is stored, and what it
            // took of the allowance stays taken.
            return self.notice(request, status: .ok, "Thank you", "We have your message and will answer by e-mail.", framedBy: embedder)
        }
        do {
            let ticket = try await portal.open(
                input, channel: .widget, contact: nil, tenant: request.tenant.id, sourceIP: request.sourceIP, form: form)
            return self.notice(
                request, status: .ok, "Thank you", "Your request is ticket #\(ticket.id). We will answer by e-mail.", framedBy: embedder)
        } catch HavenError.validation(let problems) {
            throttle.giveBack(request.tenant.id, address: request.sourceIP)
            return self.formPage(request, form, origin: embedder, input: input, problems: problems)
        }
    }

    private func formPage(
        _ request: WebRequest, _ form: PortalTickets.Form, origin: String, input: PortalTickets.NewTicket? = nil,
        problems: [FieldError] = []
    ) -> WebResponse {
        var response = self.web.newTicketPage(
            request, form, input: input, problems: problems, template: "widget_form",
            extra: [
                "visitor": true, "origin": origin, "token": self.token(tenant: request.tenant.id, origin: origin),
                "portal_title": WebPages.portalTitle(form.settings, request),
            ])
        response.contentSecurityPolicy = Self.policy(framedBy: origin)
        return response
    }

    private func notice(_ request: WebRequest, status: HTTPResponse.Status, _ heading: String, _ text: String, framedBy: String)
        -> WebResponse
    {
        var response = WebResponse.page(
            self.web.pages.render("widget_message", ["tenant_name": request.tenant.name, "heading": heading, "text": text]), status: status)
        response.contentSecurityPolicy = Self.policy(framedBy: framedBy)
        return response
    }

    /// The pages' policy with framing allowed to `origin` only (`*` for the notice that carries no form).
    static func policy(framedBy origin: String) -> String {
        PagePolicy.contentSecurityPolicy.replacingOccurrences(of: "frame-ancestors 'none'", with: "frame-ancestors \(origin)")
    }

    func token(tenant: TenantID, origin: String) -> String {
        let issued = self.helpdesk.clock.now().secondsSince1970
        return "\(issued).\(self.signature(tenant: tenant, origin: origin, issued: issued))"
    }

    func validToken(_ token: String, tenant: TenantID, origin: String) -> Bool {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let issued = Int64(parts[0]) else { return false }
        let now = self.helpdesk.clock.now().secondsSince1970
        guard issued <= now + 60, now - issued <= Self.tokenLifetime else { return false }
        return ConstantTime.equal(Array(parts[1].utf8), Array(self.signature(tenant: tenant, origin: origin, issued: issued).utf8))
    }

    private func signature(tenant: TenantID, origin: String, issued: Int64) -> String {
        SecretTokens.keyedHash("widget \(tenant.rawValue) \(origin) \(issued)", key: self.key)
    }
}
