import HavenCore
import HavenMail
import HavenStore

/// A tenant's sending settings (Admin → E-mail, `haven mail sending`): which of its own support addresses its mail
/// comes from, and its own smarthost. Admin work, audited without the smarthost's credentials.
public struct MailSending: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What the admin page shows: the sending address (nil: the default), and the smarthost URL without its
    /// password (nil: the deployment's).
    public struct Overview: Sendable, Equatable {
        public var sendingAddress: String?
        public var defaultAddress: String
        public var smarthost: String?
    }

    /// A change to the smarthost: keep it, use the deployment's, or use this URL.
    public enum SmarthostChange: Sendable, Equatable {
        case keep
        case deployment
        case url(String)
    }

    public func overview(by principal: Principal) async throws -> Overview {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .manageDomains) { sql in
            let settings = try await store.mail.settings(principal.tenant, on: sql)
            guard let tenant = try await store.tenants.find(principal.tenant, on: sql) else { throw HavenError.notFound }
            return Overview(
                sendingAddress: settings.sendingAddress, defaultAddress: "\(tenant.subdomain)@\(self.helpdesk.settings.mailDomain)",
                smarthost: settings.smtpURL.map(SMTPURL.redacted))
        }
    }

    /// Sets the sending address (nil, empty or the default address itself: the default) and the smarthost. The address must be one of the
    /// tenant's support addresses; the smarthost must be a usable SMTP URL that does not point into Haven's own
    /// network unless the operator allows it (`HelpdeskSettings.tenantSmarthostsMayBeLocal`).
    public func update(sendingAddress: String?, smarthost: SmarthostChange, by principal: Principal) async throws {
        let address = sendingAddress.map { $0.trimmingWhitespace().lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        var parsedURL: (text: String, url: SMTPURL)?
        if case .url(let text) = smarthost {
            let text = text.trimmingWhitespace()
            do {
                parsedURL = (text, try SMTPURL(text))
            } catch {
                throw HavenError.invalid("smtp_url", "The smarthost URL \(error.description)")
            }
            if let url = parsedURL?.url, !self.helpdesk.settings.tenantSmarthostsMayBeLocal {
                if url.security == .none {
                    throw HavenError.invalid("smtp_url", "A smarthost must be reached over TLS: use smtp:// (STARTTLS) or smtps://")
                }
                if LocalHosts.isLocal(url.host) {
                    throw HavenError.invalid("smtp_url", "\(url.host) is a local or private address; name your provider's smarthost")
                }
            }
        }
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            var settings = try await store.mail.settings(change.tenant, on: change.sql)
            guard let tenant = try await store.tenants.find(change.tenant, on: change.sql) else { throw HavenError.notFound }
            let address = address == "\(tenant.subdomain)@\(self.helpdesk.settings.mailDomain)" ? nil : address
            if let address, try await !store.mail.addresses(change.tenant, on: change.sql).contains(address) {
                throw HavenError.invalid("sending_address", "Add \(address) as a support address first: mail can only come from one")
            }
            settings.sendingAddress = address
            switch smarthost {
            case .keep: break
            case .deployment: settings.smtpURL = nil
            case .url: settings.smtpURL = parsedURL?.text
            }
            try await store.mail.saveSettings(change.tenant, settings, at: change.now, on: change.sql)
            var details: JSONObject = ["sending_address": .optional(settings.sendingAddress)]
            // The host says which relay; the user name and password stay out of the log.
            details.append(
                "smarthost",
                .string(parsedURL.map { "\($0.url.host):\($0.url.port)" } ?? (settings.smtpURL == nil ? "deployment" : "unchanged")))
            try await change.record(.mailSettingsChanged, .tenant(change.tenant), details: details)
            if settings.smtpURL != nil { try await store.mail.resumeWaiting(change.tenant, at: change.now, on: change.sql) }
        }
        self.helpdesk.outbox.notify()
    }
}
