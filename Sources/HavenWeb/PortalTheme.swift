import Foundation
import HavenCore

/// The tenant's own touch on its portal and widget, as a stylesheet (`/theme.css`): pages carry no inline style, so
/// the accent colour comes from here. The text on accent buttons is white or ink, whichever reads better on it.
enum PortalTheme {
    static func css(_ settings: PortalSettings) -> String {
        let accent = PortalSettings.normalizedColor(settings.accentColor) ?? PortalSettings().accentColor
        let ink = self.luminance(accent) > 0.35 ? "#1c2330" : "#ffffff"
        return """
            :root { --accent: \(accent); --accent-ink: \(ink); }
            button.primary:hover, .button.primary:hover { background: var(--accent); filter: brightness(.92); }

            """
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
