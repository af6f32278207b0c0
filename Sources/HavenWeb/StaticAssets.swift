import HavenCrypto

/// The files under /static/: Haven's own stylesheet, compiled in (no CDN, no file system lookups at run time).
/// Each is served with a strong ETag and a long cache lifetime.
enum StaticAssets {
    struct Asset: Sendable {
        let contentType: String
        let body: String
        let etag: String

        init(_ contentType: String, _ body: String) {
            self.contentType = contentType
            self.body = body
            self.etag = "\"" + SecretTokens.hash(body).prefix(24) + "\""
        }
    }

    static let files: [String: Asset] = [
        "/static/haven.css": Asset("text/css; charset=utf-8", Stylesheet.css)
    ]
}
