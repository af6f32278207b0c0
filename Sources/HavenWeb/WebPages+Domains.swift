import Foundation
import HTTPTypes
import HavenApp
import HavenCore

/// The admin's custom domains: add one, the CNAME to publish, the status badge (green active; amber awaiting,
/// issuing or renewing; red failed or expired, with the CA's or DNS's reason), the diagnosis of
/// `haven domains check` on a button, and removal — through `CustomDomains`, as the API and CLI. While a domain is
/// on its way the page reloads itself every few seconds (a meta refresh: no script), so the badge turns green by
/// itself when the certificate arrives.
extension WebPages {
    static func domainBadge(_ state: DomainStatus.State) -> (label: String, colour: String) {
        switch state {
        case .active: return ("active", "green")
        case .awaitingActivation: return ("awaiting DNS", "amber")
        case .issuing: return ("issuing certificate", "amber")
        case .renewing: return ("renewing", "amber")
        case .failed: return ("failed", "red")
        case .expired: return ("expired", "red")
        }
    }

    func domains(
        _ request: WebRequest, _ signedIn: SignedIn, error: String? = nil, typed: String? = nil, diagnosis: (Int64, JSONObject)? = nil
    ) async throws -> WebResponse {
        let domains = try await CustomDomains(self.helpdesk).list(by: signedIn.principal)
        let rows = domains.map { domain -> [String: Any] in
            let badge = Self.domainBadge(domain.status.state)
            var row = Self.present([
                "id": String(domain.id), "domain": domain.domain, "cname": domain.cnameTarget, "badge": badge.label,
                "colour": badge.colour, "reason": domain.status.reason, "expires": domain.status.notAfter.map(Self.date),
                "added": Self.date(domain.createdAt),
            ])
            if let (id, report) = diagnosis, id == domain.id {
                let problems = report["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
                row["diagnosis"] = [
                    "problems": problems, "clean": problems.isEmpty,
                    "found_cname": report["found"]?.objectValue?["cname"]?.stringValue ?? "none",
                    "addresses": (report["found"]?.objectValue?["addresses"]?.arrayValue?.compactMap(\.stringValue) ?? []).joined(
                        separator: ", "),
                    "notes": report["notes"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                ]
            }
            return row
        }
        let pending = domains.contains { [.awaitingActivation, .issuing, .renewing].contains($0.status.state) }
        return self.render(
            "domains", request, current: "/admin/domains", error: error, status: error == nil ? .ok : .unprocessableContent,
            [
                "domains": rows, "typed": typed ?? "", "invalid_domain": error != nil,
                // Only while something is on its way, and never over a diagnosis being read.
                "refresh": pending && diagnosis == nil && error == nil,
            ])
    }

    func domainAction(_ request: WebRequest, _ signedIn: SignedIn, id: Int64?, action: String) async throws -> WebResponse {
        let domains = CustomDomains(self.helpdesk)
        let back = request.site.prefix + "/admin/domains"
        do {
            switch (action, id) {
            case ("add", nil):
                let name = request.form["domain"] ?? ""
                do {
                    _ = try await domains.add(name, by: signedIn.principal)
                } catch HavenError.validation(let problems), HavenError.conflict(let problems) {
                    return try await self.domains(
                        request.showing("/admin/domains"), signedIn, error: problems.map(\.message).joined(separator: " "), typed: name)
                }
                return .redirect(back + "?notice=domain-added")
            case ("check", let id?):
                let report = try await domains.diagnose(id, by: signedIn.principal)
                return try await self.domains(request.showing("/admin/domains"), signedIn, diagnosis: (id, report))
            case ("remove", let id?):
                _ = try await domains.remove(id: id, by: signedIn.principal)
                return .redirect(back + "?notice=domain-removed")
            default:
                return self.message(request, status: .notFound, "Page not found", "There is no page at this address.")
            }
        } catch HavenError.notFound {
            return self.message(request, status: .notFound, "Domain not found", "There is no such custom domain in \(request.tenant.name).")
        }
    }
}
