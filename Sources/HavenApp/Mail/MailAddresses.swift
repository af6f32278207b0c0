public import HavenCore
import HavenStore

/// A tenant's own support addresses (`help@their-company.example`, forwarded to Haven): mail to them opens and
/// threads tickets as `{subdomain}@{mail domain}` does. An address routes to one tenant only. Admin work, audited.
public struct MailAddresses: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func list(by principal: Principal) async throws -> [String] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .manageDomains) { sql in
            try await store.mail.addresses(principal.tenant, on: sql)
        }
    }

    /// Every address mail reaches this tenant at, the built-in one first (every agent may read them: they are where
    /// customers write to, not secrets).
    public func supportAddresses(by principal: Principal) async throws -> [SupportAddress] {
        let store = self.helpdesk.store
        let mailDomain = self.helpdesk.settings.mailDomain
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard let tenant = try await store.tenants.find(principal.tenant, on: sql) else { throw HavenError.notFound }
            let sending = try await store.mail.settings(principal.tenant, on: sql).sendingAddress
            let builtIn = "\(tenant.subdomain)@\(mailDomain)"
            return [
                SupportAddress(
                    id: 1, address: builtIn, isBuiltIn: true, isPrimary: sending == nil || sending == builtIn, createdAt: tenant.createdAt)
            ]
                + (try await store.mail.numberedAddresses(principal.tenant, on: sql)).map {
                    SupportAddress(
                        id: $0.id, address: $0.address, isBuiltIn: false, isPrimary: sending == $0.address, createdAt: $0.addedAt)
                }
        }
    }

    public func add(_ address: String, by principal: Principal) async throws {
        let normalized = address.trimmingWhitespace().lowercased()
        guard EmailAddress.isValid(normalized), !normalized.contains("+") else {
            throw HavenError.invalid("address", "Write one address like support@example.com (without a +tag)")
        }
        // The default addresses are the tenants' own; nobody registers one in another tenant's name.
        if normalized.hasSuffix("@" + self.helpdesk.settings.mailDomain) {
            throw HavenError.invalid("address", "Addresses at \(self.helpdesk.settings.mailDomain) are given by subdomain")
        }
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            try await store.mail.addAddress(change.tenant, normalized, at: change.now, on: change.sql)
            try await change.record(.mailAddressAdded, .tenant(change.tenant), details: ["address": .string(normalized)])
        }
    }

    public func remove(_ address: String, by principal: Principal) async throws {
        let normalized = address.trimmingWhitespace().lowercased()
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageDomains) { change in
            guard try await store.mail.removeAddress(change.tenant, normalized, on: change.sql) else { throw HavenError.notFound }
            // Mail cannot keep coming from an address that no longer routes here: back to the default one.
            var settings = try await store.mail.settings(change.tenant, on: change.sql)
            if settings.sendingAddress == normalized {
                settings.sendingAddress = nil
                try await store.mail.saveSettings(change.tenant, settings, at: change.now, on: change.sql)
            }
            try await change.record(.mailAddressRemoved, .tenant(change.tenant), details: ["address": .string(normalized)])
        }
    }
}
