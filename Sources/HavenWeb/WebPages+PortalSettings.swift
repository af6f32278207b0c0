import Foundation
import HTTPTypes
import HavenApp
import HavenCore

/// The admin's portal page: name, welcome text, colour, visitors' tickets, the consent text and its versions, the
/// widget's allowed origins (with the mixed-content warning) and the snippet to paste — through
/// `PortalAdministration`, so the console records what the same change records anywhere.
extension WebPages {
    /// Uploads (multipart, the file checked by its bytes) or removes the logo; a refused file re-shows the page with
    /// the reason at the file input.
    func portalLogo(_ request: WebRequest, _ signedIn: SignedIn, remove: Bool) async throws -> WebResponse {
        let administration = PortalAdministration(self.helpdesk)
        if remove {
            try await administration.removeLogo(by: signedIn.principal)
            return .redirect(request.site.prefix + "/admin/portal?notice=logo-removed")
        }
        do {
            try await administration.setLogo(request.files["logo"]?.data ?? [], by: signedIn.principal)
        } catch HavenError.validation(let problems) {
            return try await self.portalSettings(request.showing("/admin/portal"), signedIn, logoProblems: problems)
        }
        return .redirect(request.site.prefix + "/admin/portal?notice=logo-saved")
    }

    func portalSettings(_ request: WebRequest, _ signedIn: SignedIn, logoProblems: [FieldError] = []) async throws -> WebResponse {
        let administration = PortalAdministration(self.helpdesk)
        var problems: [FieldError] = logoProblems
        var typed: PortalAdministration.Update?
        if request.isPost {
            let form = request.form
            let update = PortalAdministration.Update(
                name: form["name"] ?? "", welcome: form["welcome"] ?? "", accentColor: form["accent_color"] ?? "",
                headerColor: form["header_color"] ?? PortalSettings().headerColor,
                anonymousTickets: form["anonymous_tickets"] == "yes", consentRequired: form["consent_required"] == "yes",
                consentText: form["consent_text"] ?? "",
                widgetOrigins: (form["widget_origins"] ?? "").split(whereSeparator: \.isNewline).map(String.init),
                acknowledgeNewTickets: form["acknowledge_new_tickets"] == "yes", community: form["community"] == "yes")
            do {
                try await administration.update(update, by: signedIn.principal)
                return .redirect(request.site.prefix + "/admin/portal?notice=portal-saved")
            } catch HavenError.validation(let found) {
                problems = found
                typed = update
            }
        }
        let overview = try await administration.overview(by: signedIn.principal)
        let settings = overview.settings
        var values: [String: Any] = [
            "name": typed?.name ?? settings.name, "welcome": typed?.welcome ?? settings.welcome,
            "accent_color": PortalSettings.normalizedColor(typed?.accentColor ?? "") ?? settings.accentColor,
            "header_color": PortalSettings.normalizedColor(typed?.headerColor ?? "") ?? settings.headerColor,
            "anonymous_tickets": typed?.anonymousTickets ?? settings.anonymousTickets,
            "consent_required": typed?.consentRequired ?? settings.consentRequired,
            "acknowledge_new_tickets": typed?.acknowledgeNewTickets ?? settings.acknowledgeNewTickets,
            "community": typed?.community ?? settings.community,
            "consent_text": typed?.consentText ?? overview.consentTexts.first?.text ?? "",
            "widget_origins": typed?.widgetOrigins.joined(separator: "\n") ?? settings.widgetOrigins.joined(separator: "\n"),
            "insecure": settings.insecureWidgetOrigins,
            "portal_url": "https://\(request.hostForLinks)/",
            "snippet":
                "<script src=\"https://\(request.hostForLinks)\(StaticAssets.widgetPath)\" integrity=\"\(StaticAssets.widgetIntegrity)\" crossorigin=\"anonymous\" async></script>",
            "versions": overview.consentTexts.map { text -> [String: Any] in
                [
                    "version": String(text.version), "created": Self.date(text.createdAt), "sha256": String(text.sha256.prefix(16)) + "…",
                    "text": text.text,
                ]
            },
        ]
        if let digest = try await administration.logoDigest(signedIn.tenant.id) { values["current_logo"] = "/logo?v=" + digest }
        for field in Set(problems.map(\.field)) { values["invalid_\(field)"] = true }
        return self.render(
            "portal_settings", request, current: "/admin/portal", error: problems.isEmpty ? nil : Self.describe(problems),
            status: problems.isEmpty ? .ok : .unprocessableContent, values)
    }
}
