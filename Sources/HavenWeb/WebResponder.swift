import Crypto
import Foundation
import HTTPTypes
public import HavenAPI
public import HavenApp
import HavenCore
import HavenCrypto
import HavenStore
public import Hummingbird
public import Logging
import NIOCore

/// The web channel: the console (agents, under /console) and the portal (contacts, at the root) of the tenant a
/// host names. Every request is resolved once — tenant, site, client address, allowlist, form, CSRF, session — and
/// then handled by the pages, which call the same use cases as the API. Nothing a browser sends produces an
/// unhandled error: anything unexpected becomes a logged 500 page without request content.
public struct WebResponder: HTTPResponder {
    public typealias Context = HavenRequestContext

    let helpdesk: Helpdesk
    let configuration: APIConfiguration
    let securityEvents: SecurityEvents
    let pages: Pages
    let logger: Logger
    /// Signs the widget's forms (they work without cookies). Per process: a form outlives a restart by failing
    /// once, with a "reload" notice.
    let widgetKey: SymmetricKey
    let visitorThrottle: VisitorTicketThrottle
    /// "Forgot your password?" requests per tenant and client address: 10 an hour.
    let linkRequestThrottle: VisitorTicketThrottle

    /// Forms are small; anything larger is refused before it is read.
    static let maxFormBytes = 64 * 1024
    /// The portal logo's form: the largest logo (200 KB) with room for its fields and framing.
    static let maxLogoUploadBytes = 256 * 1024

    /// The largest multipart body a path takes, nil for the paths that take no file (every other form stays
    /// URL-encoded and within `maxFormBytes`): the logo, and a ticket's reply and note with their files (the API's
    /// upload limit, `HAVEN_MAX_UPLOAD_BYTES`).
    func uploadLimit(_ path: String) -> Int? {
        if path == "/console/admin/portal/logo" { return Self.maxLogoUploadBytes }
        let parts = path.split(separator: "/")
        if parts.count == 4, parts[0] == "console", parts[1] == "tickets", Int64(parts[2]) != nil, ["reply", "note"].contains(parts[3]) {
            return self.configuration.maxUploadBytes
        }
        return nil
    }

    public init(helpdesk: Helpdesk, configuration: APIConfiguration, securityEvents: SecurityEvents, logger: Logger) throws {
        self.pages = try Pages()
        self.helpdesk = helpdesk
        self.configuration = configuration
        self.securityEvents = securityEvents
        self.logger = logger
        self.widgetKey = SymmetricKey(data: helpdesk.store.random.bytes(count: 32))
        self.visitorThrottle = VisitorTicketThrottle(clock: helpdesk.clock)
        self.linkRequestThrottle = VisitorTicketThrottle(limit: 10, windowSeconds: 3_600, clock: helpdesk.clock)
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        do {
            return try await self.handle(request, context: context).response()
        } catch {
            self.logger.error("web request failed", metadata: ["error": .string(LogRedaction.describe(error))])
            return self.message(status: .internalServerError, "Something went wrong", "The server could not complete this request.")
                .response()
        }
    }

    private func handle(_ request: Request, context: HavenRequestContext) async throws -> WebResponse {
        let path = request.uri.path
        if let asset = StaticAssets.files[path] {
            RequestRoute.name("\(request.method.rawValue) /static")
            return Self.serve(asset, request)
        }
        guard request.method == .get || request.method == .head || request.method == .post else {
            var response = self.message(status: .methodNotAllowed, "Not allowed", "Pages answer GET and POST only.")
            response.headers.append((.allow, "GET, HEAD, POST"))
            return response
        }
        guard let (tenant, customDomain) = try await self.tenant(servedAt: request.head.authority) else {
            return self.message(status: .notFound, "No helpdesk here", "There is no helpdesk at this address. Check the link you followed.")
        }
        guard tenant.status == .active else {
            return self.message(status: .forbidden, "Helpdesk suspended", "This helpdesk is suspended. Contact its owner.")
        }
        let site = Site.forPath(path)
        let sourceIP = ForwardedClient.address(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: Self.forwardedFor],
            trusted: self.configuration.trustedProxies)
        let route = "\(request.method.rawValue) \(site.prefix.isEmpty ? "/" : site.prefix)"
        RequestRoute.name(route)
        let policy = try await self.helpdesk.store.compiledPolicy(tenant.id)
        guard policy.allows(sourceIP, in: site.allowlist) else {
            self.securityEvents.rejected(.addressRefused, tenant: tenant.id, agent: nil, keyID: nil, route: route, sourceIP: sourceIP)
            return self.message(
                status: .forbidden, "Not allowed from this address",
                "\(tenant.name) allows its \(site.audience == .agent ? "console" : "portal") only from certain networks, and your address "
                    + "\(sourceIP.map(ClientAddress.display) ?? "unknown") is not one of them. Connect from an allowed network, or ask an admin.",
                tenant: tenant)
        }
        var form = FormBody()
        var files: [MultipartForm.Part] = []
        // A form with files (megabytes) is read only for someone signed in: nobody else makes the server hold one.
        // The session resolved for that check is the request's (resolved once).
        var early: SignedIn?? = nil
        if request.method == .post, let limit = self.uploadLimit(path), limit > Self.maxLogoUploadBytes {
            var signedIn: SignedIn?
            if let token = Cookies.value(site.cookie, in: request.headers[.cookie]) {
                signedIn = try await Sessions(self.helpdesk).resolve(
                    token: token, tenant: tenant, audience: site.audience, sourceIP: sourceIP)
            }
            early = .some(signedIn)
            guard signedIn?.session.stage == .complete else {
                return self.message(
                    status: .unauthorized, "Signed out", "Sign in again, then send the form once more.", tenant: tenant)
            }
        }
        if request.method == .post {
            switch try await self.readForm(request, path: path) {
            case .success(let parsed): (form, files) = parsed
            case .failure(let problem): return self.message(status: problem.status, problem.heading, problem.text, tenant: tenant)
            }
        }
        let pages = WebPages(
            helpdesk: self.helpdesk, pages: self.pages, securityEvents: self.securityEvents,
            issuer: tenant.name.isEmpty ? "Haven" : tenant.name, visitorThrottle: self.visitorThrottle,
            linkRequestThrottle: self.linkRequestThrottle)
        let relative = String(path.dropFirst(site.prefix.count))
        let cookieHeader = request.headers[.cookie]
        var web = WebRequest(
            method: request.method, path: relative.isEmpty ? "/" : relative, query: Self.query(request), form: form, tenant: tenant,
            site: site, sourceIP: sourceIP, userAgent: request.headers[.userAgent], cookieHeader: cookieHeader,
            hostForLinks: customDomain
                ?? Self.linkHost(subdomain: tenant.subdomain, baseDomain: self.configuration.baseDomain, authority: request.head.authority),
            signedIn: nil)
        web.rawQuery = request.uri.query
        for file in files where web.files[file.name] == nil { web.files[file.name] = file }
        web.fileList = files
        if site.audience == .contact {
            // The portal's name, colour (its stylesheet) and logo: one small read per portal request.
            let store = self.helpdesk.store
            let (settings, logo) = try await store.read { sql in
                (try await store.portal.settings(tenant.id, on: sql), try await store.portal.logoDigest(tenant.id, on: sql))
            }
            if path == "/theme.css" {
                return WebResponse(
                    status: .ok, headers: [(.contentType, "text/css; charset=utf-8"), (.cacheControl, "no-cache")],
                    body: PortalTheme.css(settings))
            }
            if path == "/logo" { return try await self.logo(tenant, digest: logo, request) }
            web.portalName = settings.name.isEmpty ? nil : settings.name
            web.portalLogo = logo
            web.portalCommunity = settings.community
        }
        if path == "/widget/new" {
            // A frame on another site gets no cookies: the widget's form is checked by its own signed token.
            return try await WidgetPages(web: pages, key: self.widgetKey)
                .handle(web, fromItself: Self.originRefusal(request) == nil)
        }
        if let early {
            web.signedIn = early
        } else if let token = Cookies.value(site.cookie, in: cookieHeader) {
            web.signedIn = try await Sessions(self.helpdesk).resolve(
                token: token, tenant: tenant, audience: site.audience, sourceIP: sourceIP)
        }
        if request.method == .post, let refusal = self.forgeryCheck(request, web) {
            self.securityEvents.rejected(
                .forgeryRefused, tenant: tenant.id, agent: web.signedIn?.principal.agentID, keyID: nil, route: route, sourceIP: sourceIP)
            return self.message(status: .forbidden, "Form refused", refusal, tenant: tenant)
        }
        return try await pages.handle(web)
    }

    /// The tenant a host names: `{subdomain}.{base domain}`, or one of the tenant's custom domains (then also
    /// returned, as the host of links handed out there).
    private func tenant(servedAt authority: String?) async throws -> (Tenant, String?)? {
        let store = self.helpdesk.store
        guard let parsed = HostAuthority(authority) else { return nil }
        if let subdomain = parsed.subdomain(of: self.configuration.baseDomain) {
            return try await store.read { sql in try await store.tenants.find(subdomain: subdomain, on: sql) }.map { ($0, nil) }
        }
        let host = parsed.host
        guard !host.hasPrefix("[") else { return nil }
        return try await store.read { sql -> (Tenant, String?)? in
            guard let domain = try await store.customDomains.find(domain: host, on: sql),
                let tenant = try await store.tenants.find(domain.tenantID, on: sql)
            else { return nil }
            return (tenant, host)
        }
    }

    /// CSRF (people.md §2): a POST must come from this site (`Origin`, else `Sec-Fetch-Site`) and carry the token of
    /// the session, or before sign-in the token of the form cookie. Returns the refusal's message, nil when fine.
    private func forgeryCheck(_ request: Request, _ web: WebRequest) -> String? {
        if let refusal = Self.originRefusal(request) { return refusal }
        guard let expected = web.formToken(), let sent = web.form["csrf"],
            ConstantTime.equal(Array(expected.utf8), Array(sent.utf8))
        else { return "This form has expired or did not come from this page. Go back, reload the page and try again." }
        return nil
    }

    /// Whether the browser says a request came from a page of this very host; the refusal's message when not.
    static func originRefusal(_ request: Request) -> String? {
        let authority = request.head.authority?.lowercased() ?? ""
        // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` even for a form of the page itself; then
        // `Sec-Fetch-Site` (set by the browser, never by a page) says where the form came from.
        if let origin = request.headers[.origin]?.lowercased(), origin != "null" {
            guard origin == "https://\(authority)" else { return "This form was sent from another site, so it was refused." }
        } else if let fetchSite = request.headers[Self.secFetchSite]?.lowercased() {
            guard fetchSite == "same-origin" else { return "This form was sent from another site, so it was refused." }
        } else {
            return "This form was sent without saying where from, so it was refused. Use a current browser."
        }
        return nil
    }

    struct FormProblem: Error {
        let status: HTTPResponse.Status
        let heading: String
        let text: String
    }

    /// The portal's logo: public like the portal's pages. Its address names its digest, so the browser keeps it and
    /// only revalidates (a 304 without opening the sealed image).
    private func logo(_ tenant: Tenant, digest: String?, _ request: Request) async throws -> WebResponse {
        guard let digest, let logo = try await PortalAdministration(self.helpdesk).logo(tenant.id) else {
            return self.message(status: .notFound, "No logo", "This portal has no logo.", tenant: tenant)
        }
        let etag = "\"\(digest)\""
        let cache: (HTTPField.Name, String) = (.cacheControl, "public, max-age=86400")
        if request.headers[.ifNoneMatch] == etag {
            return WebResponse(status: .notModified, headers: [(.eTag, etag), cache], body: "")
        }
        var response = WebResponse(status: .ok, headers: [(.contentType, logo.contentType), (.eTag, etag), cache])
        response.data = logo.data
        return response
    }

    private func readForm(_ request: Request, path: String) async throws -> Result<(FormBody, [MultipartForm.Part]), FormProblem> {
        let header = request.headers[.contentType] ?? ""
        if let limit = self.uploadLimit(path), let boundary = MultipartForm.boundary(ofContentType: header) {
            return try await self.readMultipartForm(request, boundary: boundary, limit: limit)
        }
        let type = header.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        guard type == "application/x-www-form-urlencoded" else {
            return .failure(
                FormProblem(
                    status: .unsupportedMediaType, heading: "Form refused",
                    text: path == "/console/admin/portal/logo"
                        ? "This form takes a file: send it as multipart/form-data." : "Forms must be sent as URL-encoded forms."))
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxFormBytes {
            return .failure(FormProblem(status: .contentTooLarge, heading: "Form too large", text: "The form is larger than 64 KB."))
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxFormBytes)
        } catch is NIOTooManyBytesError {
            return .failure(FormProblem(status: .contentTooLarge, heading: "Form too large", text: "The form is larger than 64 KB."))
        }
        do {
            return .success((try FormBody(parsing: Substring(String(decoding: buffer.readableBytesView, as: UTF8.self))), []))
        } catch {
            return .failure(FormProblem(status: .badRequest, heading: "Form refused", text: "The form could not be read."))
        }
    }

    /// A form with files (the portal's logo, a reply's attachments): up to `limit`, parsed whole before anything acts
    /// on it. File inputs left empty are dropped.
    private func readMultipartForm(_ request: Request, boundary: String, limit: Int) async throws -> Result<
        (FormBody, [MultipartForm.Part]), FormProblem
    > {
        let size = limit >= 1_048_576 ? "\(limit / 1_048_576) MB" : "\(limit / 1_024) KB"
        let tooLarge = FormProblem(
            status: .contentTooLarge, heading: "Upload too large",
            text: "The form with its files is larger than \(size). Choose smaller files, or fewer.")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            return .failure(tooLarge)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return .failure(tooLarge)
        }
        do {
            let parsed = try MultipartForm(parsing: Array(buffer.readableBytesView), boundary: boundary)
            let files = parsed.parts.filter { part in part.filename.map { !$0.isEmpty || !part.data.isEmpty } ?? false }
            return .success((FormBody(fields: parsed.fields), files))
        } catch {
            return .failure(FormProblem(status: .badRequest, heading: "Form refused", text: "The form could not be read: \(error)."))
        }
    }

    /// The host of links an admin hands over: the tenant's own name, with the port the browser used when it is a
    /// number (nothing else of the Host header is echoed).
    static func linkHost(subdomain: String, baseDomain: String, authority: String?) -> String {
        let host = "\(subdomain).\(baseDomain.lowercased())"
        guard let port = HostAuthority(authority)?.port else { return host }
        return host + ":\(port)"
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let crossOriginResourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy")!

    static func query(_ request: Request) -> FormBody {
        (try? FormBody(parsing: Substring(request.uri.query ?? ""))) ?? FormBody()
    }

    static func serve(_ asset: StaticAssets.Asset, _ request: Request) -> WebResponse {
        var response = WebResponse(
            status: .ok, headers: [(.contentType, asset.contentType), (.eTag, asset.etag), (.cacheControl, "public, max-age=86400")],
            body: request.method == .head ? "" : asset.body)
        if asset.crossOrigin {
            response.headers.append((.accessControlAllowOrigin, "*"))
            response.headers.append((Self.crossOriginResourcePolicy, "cross-origin"))
        }
        if request.headers[.ifNoneMatch] == asset.etag {
            response.status = .notModified
            response.body = ""
        }
        return response
    }

    func message(status: HTTPResponse.Status, _ heading: String, _ text: String, tenant: Tenant? = nil) -> WebResponse {
        let context: [String: Any] = [
            "tenant_name": tenant?.name ?? "Haven", "site_name": "", "heading": heading, "text": text, "narrow": true, "home": "/",
        ]
        return .page(self.pages.render("message", context), status: status)
    }
}
