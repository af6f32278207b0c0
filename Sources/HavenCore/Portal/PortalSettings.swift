/// How a tenant's customer portal and feedback widget behave and look (people.md §3): the name and welcome text on
/// the portal's home, the accent and top-bar colours, whether a visitor may open a ticket without an account, whether the
/// consent checkbox is shown (and then required), and the origins allowed to embed the widget. Public content only:
/// nothing here is personal data.
public struct PortalSettings: Sendable, Equatable {
    /// Shown in the portal's header; the tenant's name when empty.
    public var name = ""
    public var welcome = "Tell us what you need and we will get back to you."
    /// `#rrggbb`, served in the tenant's stylesheet (pages carry no inline style).
    public var accentColor = "#2557d6"
    /// `#rrggbb`: the portal's top bar, behind the logo or name and the navigation.
    public var headerColor = "#ffffff"
    /// A visitor may open a ticket without signing in (a contact is found or created from the e-mail).
    public var anonymousTickets = true
    /// The new-ticket form (portal and widget) shows the current consent text with a checkbox that must be ticked.
    public var consentRequired = false
    /// A new ticket from mail, the portal or the widget is acknowledged to the requester by mail (never an
    /// automatic message, which would start a loop).
    public var acknowledgeNewTickets = true
    /// The community forums are shown on the portal (`/community`); off, they are the agents' alone.
    public var community = false
    /// Sites allowed to embed the feedback widget, as origins (`https://shop.example.com`, with a port when not 443).
    public var widgetOrigins: [String] = []

    public init() {}

    public static let maxNameLength = 100
    public static let maxWelcomeLength = 1_000
    public static let maxWidgetOrigins = 50

    /// Origins of the widget list that browsers will block as mixed content (the widget runs on HTTPS only).
    public var insecureWidgetOrigins: [String] { self.widgetOrigins.filter { $0.hasPrefix("http://") } }

    /// Whether `origin` (as a browser sends it) may embed the widget.
    public func allowsWidget(from origin: String) -> Bool {
        guard let normalized = Self.normalizedOrigin(origin) else { return false }
        return self.widgetOrigins.contains(normalized)
    }

    /// An origin in its one spelling (`scheme://host[:port]`, lower case, default port dropped), or nil when the text
    /// is not an origin (a path, a query, user info, a wildcard or another scheme are all refused).
    public static func normalizedOrigin(_ text: String) -> String? {
        let lowered = text.trimmingWhitespace().lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") {
            scheme = "https"
        } else if lowered.hasPrefix("http://") {
            scheme = "http"
        } else {
            return nil
        }
        var rest = Substring(lowered.dropFirst(scheme.count + 3))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, rest.count <= 300 else { return nil }
        var host = rest
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { return nil }
                port = number
            }
            let inner = host.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            if let colon = rest.lastIndex(of: ":") {
                host = rest[..<colon]
                guard let number = Int(rest[rest.index(after: colon)...]) else { return nil }
                port = number
            }
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard !host.isEmpty,
                labels.allSatisfy({ label in
                    !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                })
            else { return nil }
        }
        if let port {
            guard (1...65_535).contains(port) else { return nil }
            if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) {
                return "\(scheme)://\(host)"
            }
            return "\(scheme)://\(host):\(port)"
        }
        return "\(scheme)://\(host)"
    }

    /// `#rrggbb` in lower case, or nil.
    public static func normalizedColor(_ text: String) -> String? {
        let lowered = text.trimmingWhitespace().lowercased()
        guard lowered.count == 7, lowered.hasPrefix("#"), lowered.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        return lowered
    }
}
