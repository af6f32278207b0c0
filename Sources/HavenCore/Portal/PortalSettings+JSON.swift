/// The stored form of `PortalSettings`: a JSON object whose missing keys keep their defaults, so a setting added
/// later needs no migration.
extension PortalSettings {
    public var json: JSONObject {
        [
            "name": .string(self.name), "welcome": .string(self.welcome), "accent_color": .string(self.accentColor),
            "header_color": .string(self.headerColor),
            "anonymous_tickets": .bool(self.anonymousTickets), "consent_required": .bool(self.consentRequired),
            "widget_origins": .strings(self.widgetOrigins), "acknowledge_new_tickets": .bool(self.acknowledgeNewTickets),
            "community": .bool(self.community),
        ]
    }

    public init(json: JSONObject) {
        self.init()
        if let name = json["name"]?.stringValue { self.name = name }
        if let welcome = json["welcome"]?.stringValue { self.welcome = welcome }
        if let color = json["accent_color"]?.stringValue.flatMap(Self.normalizedColor) { self.accentColor = color }
        if let color = json["header_color"]?.stringValue.flatMap(Self.normalizedColor) { self.headerColor = color }
        if let anonymous = json["anonymous_tickets"]?.boolValue { self.anonymousTickets = anonymous }
        if let consent = json["consent_required"]?.boolValue { self.consentRequired = consent }
        if let acknowledge = json["acknowledge_new_tickets"]?.boolValue { self.acknowledgeNewTickets = acknowledge }
        if let community = json["community"]?.boolValue { self.community = community }
        if let origins = json["widget_origins"]?.arrayValue {
            self.widgetOrigins = origins.compactMap { $0.stringValue.flatMap(Self.normalizedOrigin) }
        }
    }
}
