import Foundation
import HavenCore

/// The tenant's own touch on its portal and widget, as a stylesheet (`/theme.css`): pages carry no inline style, so
/// the accent and top-bar colours come from here. Text on either is white or ink, whichever reads better on it.
enum PortalTheme {
    static func css(_ settings: PortalSettings) -> String {
        let accent = PortalSettings.normalizedColor(settings.accentColor) ?? PortalSettings().accentColor
        let ink = Self.readableInk(on: accent)
        var css = """
            :root { --accent: \(accent); --accent-ink: \(ink); }
            button.primary:hover, .button.primary:hover { background: var(--accent); filter: brightness(.92); }

            """
        let header = PortalSettings.normalizedColor(settings.headerColor) ?? PortalSettings().headerColor
        if header != PortalSettings().headerColor {
            let text = Self.readableInk(on: header)
            let dark = text == "#ffffff"
            // The bar's links and names take the readable ink; hover and the current page a veil of it.
            css += """
                .top { background: \(header); border-bottom-color: \(header); }
                .top .brand, .top .brand .site, .top nav a, .top .sign-out, .top .sign-out button { color: \(text); }
                .top .brand .mark { color: \(text); }
                .top nav a:hover { background: \(dark ? "rgba(255,255,255,.16)" : "rgba(0,0,0,.06)"); }
                .top nav a[aria-current="page"] { background: \(dark ? "rgba(255,255,255,.24)" : "rgba(0,0,0,.1)"); color: \(text); }

                """
        }
        return css
    }

    /// White or ink, whichever reads better on `color`.
    static func readableInk(on color: String) -> String {
        self.luminance(color) > 0.35 ? "#1c2330" : "#ffffff"
    }

    /// Relative luminance (WCAG 2) of `#rrggbb`.
    static func luminance(_ color: String) -> Double {
        let hex = Array(color.dropFirst())
        func channel(_ offset: Int) -> Double {
            let value = Double(Int(String(hex[offset..<offset + 2]), radix: 16) ?? 0) / 255
            return value <= 0.039_28 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }
}
