public import HavenCore
import HavenCrypto
import HavenStore

/// An admin's portal settings below the channels: the portal's name, welcome text and colour, anonymous tickets,
/// the consent checkbox and its text (every change of wording is a new version), and the widget's allowed origins.
public struct PortalAdministration: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What an admin edits: the settings and every consent text version, newest first.
    public struct Overview: Sendable {
        public let settings: PortalSettings
        public let consentTexts: [ConsentText]
    }

    /// What a save asks for, as typed in a form: each value is checked before anything is written.
    public struct Update: Sendable {
        public var name: String
        public var welcome: String
        public var accentColor: String
        /// The portal's top bar (its text turns white or ink by itself, whichever reads better).
        public var headerColor: String
        public var anonymousTickets: Bool
        public var consentRequired: Bool
        /// The consent wording; a new version when it differs from the current one.
        public var consentText: String
        /// One origin per entry.
        public var widgetOrigins: [String]
        public var acknowledgeNewTickets: Bool
        /// The community forums on the portal.
        public var community: Bool

        public init(
            name: String, welcome: String, accentColor: String, headerColor: String = PortalSettings().headerColor,
            anonymousTickets: Bool, consentRequired: Bool, consentText: String, widgetOrigins: [String],
            acknowledgeNewTickets: Bool = PortalSettings().acknowledgeNewTickets, community: Bool = PortalSettings().community
        ) {
            self.acknowledgeNewTickets = acknowledgeNewTickets
            self.community = community
            self.name = name
            self.welcome = welcome
            self.accentColor = accentColor
            self.headerColor = headerColor
            self.anonymousTickets = anonymousTickets
            self.consentRequired = consentRequired
            self.consentText = consentText
            self.widgetOrigins = widgetOrigins
        }
    }

    public func overview(by principal: Principal) async throws -> Overview {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .managePortal) { sql in
            Overview(
                settings: try await store.portal.settings(principal.tenant, on: sql),
                consentTexts: try await store.portal.consentTexts(principal.tenant, on: sql))
        }
    }

    /// The logo's digest, nil when there is none: what the pages link to (`/logo?v=…`).
    public func logoDigest(_ tenant: TenantID) async throws -> String? {
        try await self.helpdesk.store.read { sql in try await self.helpdesk.store.portal.logoDigest(tenant, on: sql) }
    }

    /// The logo itself: public, as the portal shows it to anyone (a visitor's page names it).
    public func logo(_ tenant: TenantID) async throws -> PortalLogo? {
        try await self.helpdesk.store.read { sql in try await self.helpdesk.store.portal.logo(tenant, on: sql) }
    }

    /// Replaces the logo with an uploaded image, checked by its bytes (`PortalLogo.contentType(of:)`); the same image
    /// again changes nothing and records nothing.
    public func setLogo(_ data: [UInt8], by principal: Principal) async throws {
        let contentType: String
        switch PortalLogo.contentType(of: data) {
        case .success(let type): contentType = type
        case .failure(let problem): throw HavenError.validation([problem])
        }
        let logo = PortalLogo(data: data, contentType: contentType, sha256: SecretTokens.hash(data))
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .managePortal) { change in
            guard try await store.portal.logoDigest(change.tenant, on: change.sql) != logo.sha256 else { return }
            try await store.portal.saveLogo(change.tenant, logo, at: change.now, on: change.sql)
            try await change.record(
                .portalLogoChanged, .tenant(change.tenant),
                details: [
                    "sha256": .string(logo.sha256), "content_type": .string(contentType), "bytes": .int(Int64(data.count)),
                ])
        }
    }

    /// Removes the logo (the portal shows its name alone again); nothing happens when there is none.
    public func removeLogo(by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .managePortal) { change in
            guard let digest = try await store.portal.logoDigest(change.tenant, on: change.sql) else { return }
            try await store.portal.deleteLogo(change.tenant, on: change.sql)
            try await change.record(.portalLogoChanged, .tenant(change.tenant), details: ["removed": .string(digest)])
        }
    }

    /// Saves the settings; a changed consent wording becomes the next version. Throws `validation` naming each
    /// field that is wrong, and writes nothing then.
    @discardableResult
    public func update(_ update: Update, by principal: Principal) async throws -> Overview {
        let store = self.helpdesk.store
        var errors: [FieldError] = []
        var settings = PortalSettings()
        settings.name = update.name.trimmingWhitespace()
        if settings.name.count > PortalSettings.maxNameLength {
            errors.append(.invalid("name", "Has \(settings.name.count) characters, it can have maximum of \(PortalSettings.maxNameLength)"))
        }
        settings.welcome = update.welcome.trimmingWhitespace()
        if settings.welcome.count > PortalSettings.maxWelcomeLength {
            errors.append(
                .invalid("welcome", "Has \(settings.welcome.count) characters, it can have maximum of \(PortalSettings.maxWelcomeLength)"))
        }
        if let color = PortalSettings.normalizedColor(update.accentColor) {
            settings.accentColor = color
        } else {
            errors.append(.invalid("accent_color", "It should be a colour like #2557d6"))
        }
        if let color = PortalSettings.normalizedColor(update.headerColor) {
            settings.headerColor = color
        } else {
            errors.append(.invalid("header_color", "It should be a colour like #ffffff"))
        }
        settings.anonymousTickets = update.anonymousTickets
        settings.consentRequired = update.consentRequired
        settings.acknowledgeNewTickets = update.acknowledgeNewTickets
        settings.community = update.community
        var origins: [String] = []
        for entry in update.widgetOrigins.map({ $0.trimmingWhitespace() }) where !entry.isEmpty {
            guard let origin = PortalSettings.normalizedOrigin(entry) else {
                errors.append(
                    .invalid(
                        "widget_origins",
                        "'\(entry.prefix(80))' is not an origin: write the scheme and host only, like https://shop.example.com"))
                continue
            }
            if !origins.contains(origin) { origins.append(origin) }
        }
        if origins.count > PortalSettings.maxWidgetOrigins {
            errors.append(
                .invalid("widget_origins", "Has \(origins.count) origins, it can have maximum of \(PortalSettings.maxWidgetOrigins)"))
        }
        settings.widgetOrigins = origins
        let consentText = update.consentText.trimmingWhitespace().replacingCRLF()
        if consentText.count > ConsentText.maxLength {
            errors.append(.invalid("consent_text", "Has \(consentText.count) characters, it can have maximum of \(ConsentText.maxLength)"))
        }
        if settings.consentRequired && consentText.isEmpty {
            errors.append(.invalid("consent_text", "Write the consent text customers agree to, or turn the checkbox off"))
        }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        return try await self.helpdesk.change(by: principal, needs: .managePortal) { change in
            let tenant = change.tenant
            let before = try await store.portal.settings(tenant, on: change.sql)
            let current = try await store.portal.currentConsentText(tenant, on: change.sql)
            if settings != before {
                try await store.portal.save(tenant, settings, at: change.now, on: change.sql)
                let changed = before.json.keys.filter { before.json[$0] != settings.json[$0] }
                try await change.record(.portalSettingsChanged, .tenant(tenant), details: ["changed": .strings(changed)])
            }
            if !consentText.isEmpty, consentText != current?.text {
                let added = try await store.portal.addConsentText(
                    tenant, text: consentText, sha256: SecretTokens.hash(consentText), at: change.now, on: change.sql)
                try await change.record(
                    .consentTextChanged, .tenant(tenant), details: ["version": .int(added.version), "sha256": .string(added.sha256)])
            }
            return Overview(
                settings: settings, consentTexts: try await store.portal.consentTexts(tenant, on: change.sql))
        }
    }
}

extension String {
    /// Line ends as `\n`, so the same wording typed in two browsers hashes alike.
    func replacingCRLF() -> String {
        String(self.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })
    }
}
