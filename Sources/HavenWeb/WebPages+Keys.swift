import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// The admin's encryption page: the tenant's data-key version, key-encryption generation and epoch, how many values
/// are sealed under each version (and any still in clear), and "Rotate the data key" (after confirming the
/// password), whose re-sealing job shows its progress here, the page reloading itself until it is done.
extension WebPages {
    func keys(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        let keys = TenantKeys(self.helpdesk)
        let status = try await keys.status(by: signedIn.principal)
        var values: [String: Any] = [
            "data_version": String(status.dataVersion), "kek_generation": String(status.keyEncryptionGeneration),
            "epoch": String(status.epoch), "subject_keys": String(status.subjectKeys), "plaintext": status.plaintextValues,
            "envelopes": status.envelopes.keys.sorted().flatMap { scope in
                (status.envelopes[scope] ?? [:]).sorted { $0.key < $1.key }.map { version, count -> [String: Any] in
                    [
                        "scope": scope == "tenant" ? "tenant data key" : "people's keys", "version": String(version),
                        "count": String(count), "current": version == status.dataVersion,
                    ]
                }
            },
        ]
        if let id = request.query["job"] {
            do {
                let job = try await keys.job(id, by: signedIn.principal)
                let running = job.status == .queued || job.status == .inProgress
                values["job"] = Self.present([
                    "status": job.status.rawValue.lowercased(), "progress": String(job.progress), "running": running,
                    "failed": job.status == .failed,
                    "resealed": job.result?["resealed"]?.intValue.map(String.init),
                ])
                values["refresh"] = running
            } catch HavenError.notFound {
                return self.message(request, status: .notFound, "No such job", "There is no key rotation with this number.")
            }
        }
        return self.render("keys", request, current: "/admin/keys", values)
    }

    func rotateKeys(_ request: WebRequest, _ signedIn: SignedIn) async throws -> WebResponse {
        if let confirm = self.requireRecentAuthentication(request, signedIn, returnTo: request.site.prefix + "/admin/keys") {
            return confirm
        }
        let job = try await TenantKeys(self.helpdesk).rotate(by: signedIn.principal)
        return .redirect(request.site.prefix + "/admin/keys?job=\(job.id)")
    }
}
