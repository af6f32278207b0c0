import HavenCrypto

/// The files under /static/ — Haven's own stylesheet — and the widget's script, compiled in (no CDN, no file system
/// lookups at run time). Each is served with a strong ETag and a long cache lifetime; the widget's script also to
/// other sites (CORS), as Subresource Integrity on a cross-origin script requires.
enum StaticAssets {
    struct Asset: Sendable {
        let contentType: String
        let body: String
        let etag: String
        let crossOrigin: Bool

        init(_ contentType: String, _ body: String, crossOrigin: Bool = false) {
            self.contentType = contentType
            self.body = body
            self.etag = "\"" + SecretTokens.hash(body).prefix(24) + "\""
            self.crossOrigin = crossOrigin
        }
    }

    static let widgetPath = "/widget.js"

    static let files: [String: Asset] = [
        "/static/haven.css": Asset("text/css; charset=utf-8", Stylesheet.css),
        "/static/portal.js": Asset("text/javascript; charset=utf-8", PortalScript.source),
        widgetPath: Asset("text/javascript; charset=utf-8", WidgetScript.source, crossOrigin: true),
    ]

    /// The `integrity` value of the widget's script in the snippet an admin copies.
    static let widgetIntegrity = SubresourceIntegrity.sha384(WidgetScript.source)
}
