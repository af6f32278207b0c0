import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// One web request, resolved once at the edge: the tenant its host names, the site (console or portal), the
/// client's address, the form, and the session when the cookie names a live one.
struct WebRequest: Sendable {
    let method: HTTPRequest.Method
    /// The path below the site's prefix ("/sign-in", "/" for the site's home).
    let path: String
    let query: FormBody
    let form: FormBody
    let tenant: Tenant
    let site: Site
    let sourceIP: String?
    let userAgent: String?
    var cookieHeader: String?
    /// The host and port the browser used (already matched to the tenant), for links the admin hands over.
    let hostForLinks: String
    /// The portal's own name when the tenant gave it one (shown in the portal's header instead of the tenant's).
    var portalName: String? = nil
    /// The portal logo's digest when there is one (its address is `/logo?v=<digest>`).
    var portalLogo: String? = nil
    /// The portal shows the community forums (its navigation links them).
    var portalCommunity = false
    /// The files of a `multipart/form-data` form, by field name, the first of each (its text fields are in `form`).
    var files: [String: MultipartForm.Part] = [:]
    /// Every file part of a multipart form, in order (a reply's attachments).
    var fileList: [MultipartForm.Part] = []
    /// The query string as sent, for parsers shared with the API (the audit log's filters).
    var rawQuery: String? = nil
    var signedIn: SignedIn?

    var isPost: Bool { self.method == .post }

    /// The set-password page of this site, as links (mailed or shown) name it; the token goes after `?token=`.
    var setPasswordPage: String { "https://\(self.hostForLinks)\(self.site.prefix)/set-password" }

    /// This request as if the form cookie held `token` (the page that sets the cookie renders with it).
    func withFormToken(_ token: String) -> WebRequest {
        var copy = self
        copy.cookieHeader = "\(Site.formCookie)=\(token)"
        return copy
    }

    /// A GET of another page of the site, for a POST that answers by showing that page.
    func showing(_ path: String) -> WebRequest {
        WebRequest(
            method: .get, path: path, query: FormBody(), form: FormBody(), tenant: self.tenant, site: self.site, sourceIP: self.sourceIP,
            userAgent: self.userAgent, cookieHeader: self.cookieHeader, hostForLinks: self.hostForLinks, portalName: self.portalName,
            portalLogo: self.portalLogo, portalCommunity: self.portalCommunity, signedIn: self.signedIn)
    }

    /// The token the page's forms must carry: the session's, or before sign-in the form cookie's.
    func formToken() -> String? {
        self.signedIn?.session.csrfToken ?? Cookies.value(Site.formCookie, in: self.cookieHeader)
    }
}
