import Foundation
import HTTPTypes
public import HavenApp
import HavenCore
import HavenCrypto
import HavenStore
public import HavenTLS
public import Hummingbird
public import Logging
import NIOCore

/// The HTTP entry point for `/api/v2`: routing, content negotiation, authentication, rate limiting, permission,
/// body parsing, then the handler, with every outcome (including errors) mapped to Freshdesk's shapes and common
/// headers. Nothing a client sends can produce an unhandled error: anything unexpected becomes a logged 500
/// without request content.
public struct HavenResponder: HTTPResponder {
    public typealias Context = HavenRequestContext

    let routes: [Route]
    let authenticator: Authenticator
    let rateLimiter: RateLimiter
    let throttle: AuthenticationThrottle
    let configuration: APIConfiguration
    let clock: any HavenClock
    let securityEvents: SecurityEvents
    let store: Store
    let keyUse = KeyUseRecorder()
    let logger: Logger

    /// - Parameter rateLimiter: shared by every listener serving the API, so a tenant has one budget.
    /// - Parameter throttle: shared too, so an address that keeps failing is refused on every listener.
    public init(
        helpdesk: Helpdesk,
        configuration: APIConfiguration,
        rateLimiter: RateLimiter? = nil,
        throttle: AuthenticationThrottle? = nil,
        securityEvents: SecurityEvents? = nil,
        certificates: CertificateStore? = nil,
        logger: Logger
    ) {
        let clock = helpdesk.clock
        self.routes = RouteTable.routes(helpdesk: helpdesk, certificates: certificates)
        self.authenticator = Authenticator(store: helpdesk.store, baseDomain: configuration.baseDomain, clock: clock)
        self.store = helpdesk.store
        self.rateLimiter = rateLimiter ?? RateLimiter(limitPerMinute: configuration.rateLimitPerMinute, clock: clock)
        self.throttle = throttle ?? AuthenticationThrottle(failuresPerMinute: AuthenticationThrottle.defaultFailuresPerMinute, clock: clock)
        self.configuration = configuration
        self.clock = clock
        self.securityEvents = securityEvents ?? SecurityEvents(clock: clock)
        self.logger = logger
    }

    public func respond(to request: Request, context: HavenRequestContext) async throws -> Response {
        var rateHeaders: [(String, String)] = []
        var routeLabel = "unmatched"
        let outcome: APIResponse
        do {
            let sourceIP = ForwardedClient.address(
                peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: Self.forwardedFor],
                trusted: self.configuration.trustedProxies)
            outcome = try await self.handle(request, sourceIP: sourceIP, rateHeaders: &rateHeaders, routeLabel: &routeLabel)
        } catch let error as HavenError {
            if case .internalFailure(let reason) = error {
                self.logger.error("request failed", metadata: ["route": .string(routeLabel), "reason": .string(reason)])
            }
            outcome = ErrorMapping.response(for: error)
        } catch StoreError.constraintViolation {
            // A concurrent change removed or took something this request relied on (e.g. its requester was erased
            // between the lookup and the insert): nothing was written; the client may retry.
            outcome = ErrorMapping.response(
                for: .conflict([
                    FieldError(field: "id", message: "A related record changed while the request ran; retry", code: .inconsistentState)
                ])
            )
        } catch KeyError.erased(let what) {
            // The keys are gone on purpose (a purged tenant or an erased person, seen from an old copy of the data).
            outcome = ErrorMapping.response(for: .unreadable(what: what, reason: .erased))
        } catch let error as KeyError {
            // Key material that does not open: named in the log (no key bytes exist in any message), 500 to the client.
            self.logger.error("key failure", metadata: ["route": .string(routeLabel), "error": .string(LogRedaction.describe(error))])
            outcome = ErrorMapping.response(for: .internalFailure("keys"))
        } catch let error as StoreError {
            self.logger.error("storage failure", metadata: ["route": .string(routeLabel), "error": .string(LogRedaction.describe(error))])
            outcome = ErrorMapping.response(for: .internalFailure("storage"))
        } catch {
            // Errors from the body stream (a client that hung up) and anything unforeseen: the type only, no content.
            self.logger.error(
                "unexpected failure", metadata: ["route": .string(routeLabel), "error": .string(LogRedaction.describe(error))])
            outcome = ErrorMapping.response(for: .internalFailure("unexpected"))
        }
        self.logger.debug(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(routeLabel),
                "status": .stringConvertible(outcome.status.rawValue),
            ]
        )
        return self.render(outcome, extraHeaders: rateHeaders)
    }

    private func handle(
        _ request: Request,
        sourceIP: String?,
        rateHeaders: inout [(String, String)],
        routeLabel: inout String
    ) async throws -> APIResponse {
        let path = request.uri.path
        if path == "/healthz" || path == "/api/v2/healthz" {
            RequestRoute.name("GET /healthz")
            return APIResponse(body: ["status": "ok"])
        }
        // Published without authentication: anyone holding a deletion receipt checks it with this key.
        if path == Self.receiptKeyPath, request.method == .get {
            return APIResponse(body: ["algorithm": "Ed25519", "public_key": .string(try await ReceiptSigner.load(self.store).publicKey)])
        }
        guard path == "/api/v2" || path.hasPrefix("/api/v2/") else { throw HavenError.notFound }
        let parts = path.dropFirst("/api/v2".count).split(separator: "/", omittingEmptySubsequences: true)

        let (route, parameters) = try self.route(request.method, parts)
        routeLabel = "\(route.method.rawValue) \(route.pattern)"
        RequestRoute.name(routeLabel)

        // No Accept header means */*.
        if let accept = request.headers[.accept], !Self.acceptsJSON(accept) {
            throw HavenError.notAcceptable
        }

        if let seconds = self.throttle.retryAfter(sourceIP) {
            self.securityEvents.throttled()
            throw HavenError.rateLimited(retryAfterSeconds: seconds)
        }
        let caller = try await self.authenticate(request, sourceIP: sourceIP)
        let query = try QueryParameters(request.uri.query)
        try self.admit(caller, to: route, query: query, label: routeLabel, sourceIP: sourceIP, rateHeaders: &rateHeaders)
        try await self.checkAccess(caller, method: request.method, label: routeLabel, sourceIP: sourceIP)

        let (body, files) = try await self.readBody(request, rule: route.body)
        var apiRequest = APIRequest(
            tenant: caller.tenant,
            caller: caller.owner,
            pathParameters: parameters.ids,
            pathTokens: parameters.tokens,
            query: query,
            body: body,
            baseURL: self.baseURL(for: caller.tenant, authority: request.head.authority),
            now: self.clock.now(),
            sourceIP: sourceIP
        )
        apiRequest.files = files
        return try await route.handler(apiRequest)
    }

    /// Routing: 404 when no route has this path, 405 (with Allow) when only the verb is wrong.
    private func route(_ method: HTTPRequest.Method, _ parts: [Substring]) throws -> (
        Route, (ids: [String: Int64], tokens: [String: String])
    ) {
        var allowed: [String] = []
        for route in self.routes {
            guard let parameters = route.match(parts) else { continue }
            if route.method == method { return (route, parameters) }
            allowed.append(route.method.rawValue)
        }
        if allowed.isEmpty { throw HavenError.notFound }
        throw HavenError.methodNotAllowed(message: "The method is not allowed on this resource", allow: allowed)
    }

    /// The tenant's rate limit, then the route's permission (deny by default); each refusal is counted as a security
    /// event. Sets the rate-limit headers every answer carries, refusals included.
    private func admit(
        _ caller: Authenticator.Caller, to route: Route, query: QueryParameters, label: String, sourceIP: String?,
        rateHeaders: inout [(String, String)]
    ) throws {
        let decision = self.rateLimiter.consume(caller.tenant.id, cost: route.cost(query))
        rateHeaders = [
            ("X-RateLimit-Total", String(decision.limit)),
            ("X-RateLimit-Remaining", String(decision.remaining)),
            ("X-RateLimit-Used-CurrentRequest", String(decision.cost)),
        ]
        guard decision.allowed else {
            self.securityEvents.rejected(
                .rateLimited, tenant: caller.tenant.id, agent: caller.owner.agentID, keyID: caller.owner.keyID, route: label,
                sourceIP: sourceIP)
            throw HavenError.rateLimited(retryAfterSeconds: decision.retryAfterSeconds)
        }
        guard PermissionPolicy.allows(caller.owner.role, route.permission) else {
            self.securityEvents.rejected(
                .permissionDenied, tenant: caller.tenant.id, agent: caller.owner.agentID, keyID: caller.owner.keyID, route: label,
                sourceIP: sourceIP)
            throw HavenError.accessDenied
        }
    }

    /// The tenant's API allowlist and the key's own, then the key's scope (a read-only key only reads); each refusal
    /// is an aggregated security event. Then the key's last-used time, written at most once a minute.
    private func checkAccess(_ caller: Authenticator.Caller, method: HTTPRequest.Method, label: String, sourceIP: String?) async throws {
        let owner = caller.owner
        let policy = try await self.store.compiledPolicy(caller.tenant.id)
        let keyAllows = owner.allowlist.isEmpty || sourceIP.map(owner.allowlist.allows) == true
        guard policy.allows(sourceIP, in: .api), keyAllows else {
            self.securityEvents.rejected(
                .addressRefused, tenant: caller.tenant.id, agent: owner.agentID, keyID: owner.keyID, route: label, sourceIP: sourceIP)
            throw HavenError.forbidden(
                code: "ip_not_allowed",
                message: keyAllows
                    ? "Requests from this IP address are not allowed by the account's API allowlist"
                    : "Requests from this IP address are not allowed for this API key")
        }
        if owner.readOnly, method != .get, method != .head {
            self.securityEvents.rejected(
                .permissionDenied, tenant: caller.tenant.id, agent: owner.agentID, keyID: owner.keyID, route: label, sourceIP: sourceIP)
            throw HavenError.forbidden(code: "read_only_key", message: "This API key is read-only; it cannot make changes")
        }
        let now = self.clock.now()
        if self.keyUse.isDue(owner.keyID, at: now) {
            // Bookkeeping: a failure to note the use must not fail the request it notes.
            do {
                try await self.store.write { sql in try await self.store.apiKeys.recordUse(caller.tenant.id, owner.keyID, at: now, on: sql)
                }
            } catch {
                self.logger.warning("cannot record an API key's use", metadata: ["error": .string(LogRedaction.describe(error))])
            }
        }
    }

    /// Authenticates, counting a failure as a security event of the tenant the request was aimed at.
    private func authenticate(_ request: Request, sourceIP: String?) async throws -> Authenticator.Caller {
        let authorization = request.headers[.authorization]
        do {
            return try await self.authenticator.authenticate(authorization: authorization, host: request.head.authority)
        } catch HavenError.unauthenticated {
            let tenant = try await self.authenticator.targetTenant(authorization: authorization, host: request.head.authority)
            let prefix = Authenticator.apiKey(fromAuthorization: authorization).map(APIKeys.prefix(of:))
            let blocked = self.throttle.failed(sourceIP)
            self.securityEvents.authenticationFailed(tenant: tenant, keyPrefix: prefix, sourceIP: sourceIP, blocked: blocked)
            throw HavenError.unauthenticated
        }
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// Where the deployment's receipt-signing public key is published.
    public static let receiptKeyPath = "/api/v2/deletion_receipts/public_key"

    static func acceptsJSON(_ accept: String) -> Bool {
        accept.split(separator: ",").contains { item in
            let type = item.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
            return type == "application/json" || type == "*/*" || type == "application/*" || type.isEmpty
        }
    }

    private func readBody(_ request: Request, rule: Route.BodyRule) async throws -> (JSONObject?, [FileUpload]) {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        // Files come only where a route takes them, under their own (larger) limit.
        let form = rule == .jsonOrForm && mediaType == "multipart/form-data"
        let limit = form ? self.configuration.maxUploadBytes : self.configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw HavenError.payloadTooLarge(limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HavenError.payloadTooLarge(limit: limit)
        } catch is NIOTooManyBytesError {
            // A chunked body (no Content-Length to check first) that outgrew the limit while being read.
            throw HavenError.payloadTooLarge(limit: limit)
        }
        let bytes = Array(buffer.readableBytesView)
        let isBlank = bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if isBlank {
            return (nil, [])
        }
        if form {
            guard let boundary = MultipartForm.boundary(ofContentType: request.headers[.contentType] ?? "") else {
                throw HavenError.unsupportedMediaType("multipart/form-data needs a boundary parameter")
            }
            let parsed: MultipartForm
            do {
                parsed = try MultipartForm(parsing: bytes, boundary: boundary)
            } catch {
                throw HavenError.validation([.invalid("body", "The multipart/form-data body cannot be read: \(error.description)")])
            }
            return try FormBodyFields.read(parsed)
        }
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
            if mediaType.hasPrefix("multipart/") {
                throw HavenError.unsupportedMediaType("This resource takes no files; send application/json")
            }
            throw HavenError.unsupportedMediaType("Content-Type must be application/json")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, limits: self.configuration.jsonLimits)
        } catch {
            throw HavenError.invalidJSON("\(error.message) at byte \(error.offset)")
        }
        guard case .object(let object) = value else {
            throw HavenError.invalidJSON("the body must be a JSON object")
        }
        switch rule {
        case .json, .jsonOrForm:
            return (object, [])
        case .none:
            guard object.isEmpty else { throw HavenError.noContentRequired }
            return (nil, [])
        }
    }

    /// The host for absolute URLs: the tenant's own host, or the request's host when it is a loopback literal (so a
    /// client on `127.0.0.1:8080` can follow `Link`). Any other Host value is not echoed.
    private func baseURL(for tenant: Tenant, authority: String?) -> String {
        let scheme = self.configuration.scheme
        let tenantHost = "\(tenant.subdomain).\(self.configuration.baseDomain)"
        guard let parsed = HostAuthority(authority) else { return "\(scheme)://\(tenantHost)" }
        if parsed.host == tenantHost.lowercased() || ["127.0.0.1", "localhost", "[::1]"].contains(parsed.host) {
            return "\(scheme)://\(parsed.authority)"
        }
        return "\(scheme)://\(tenantHost)"
    }

    private func render(_ outcome: APIResponse, extraHeaders: [(String, String)]) -> Response {
        var headers = HTTPFields()
        headers.append(HTTPField(name: HTTPField.Name("X-Freshdesk-API-Version")!, value: "latest=v2; requested=v2"))
        for (name, value) in extraHeaders + outcome.headers {
            if let fieldName = HTTPField.Name(name) {
                headers.append(HTTPField(name: fieldName, value: value))
            }
        }
        headers[.cacheControl] = "no-store"
        let status = HTTPResponse.Status(code: outcome.status.rawValue)
        if outcome.status == .notFound {
            // Freshdesk answers an unknown record with a blank body; pyfreshdesk relies on it not being JSON.
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: " ")))
        }
        if let reader = outcome.stream {
            headers[.contentType] = reader.file.contentType
            return Response(status: status, headers: headers, body: ExportBody.of(reader))
        }
        if let file = outcome.file {
            headers[.contentType] = file.contentType
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
        guard let body = outcome.body else {
            return Response(status: status, headers: headers, body: ResponseBody())
        }
        headers[.contentType] = "application/json; charset=utf-8"
        let bytes = JSONWriter.bytes(body)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
