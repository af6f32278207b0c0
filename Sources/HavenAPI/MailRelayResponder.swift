import HTTPTypes
public import HavenApp
public import HavenCore
public import HavenMail
public import Hummingbird
public import Logging
import NIOCore

/// `POST /mail/inbound`: a hosted relay hands over one message (`Content-Type: message/rfc822`) for the tenant its
/// `Authorization: Bearer mr_…` token belongs to — the same parser, routing and storage as the LMTP listener, with
/// its answers as HTTP statuses: 201/200 stored (or already stored), 400/415 not a message, 401 no valid token,
/// 413 too large, 422 never storable (no sender), 503 with Retry-After when storing failed (the relay retries).
public struct MailRelayResponder: Sendable {
    let helpdesk: Helpdesk
    let maxMessageBytes: Int
    let limits: ParsedMail.Limits
    let throttle: AuthenticationThrottle
    let trustedProxies: IPAllowlist
    let logger: Logger

    public init(
        helpdesk: Helpdesk, maxMessageBytes: Int, limits: ParsedMail.Limits, throttle: AuthenticationThrottle,
        trustedProxies: IPAllowlist, logger: Logger
    ) {
        self.helpdesk = helpdesk
        self.maxMessageBytes = maxMessageBytes
        self.limits = limits
        self.throttle = throttle
        self.trustedProxies = trustedProxies
        self.logger = logger
    }

    public static let path = "/mail/inbound"

    public func respond(to request: Request, context: HavenRequestContext) async -> Response {
        do {
            return try await self.handle(request, context: context)
        } catch let refusal as InboundMail.Refusal {
            return Self.answer(.init(code: 422), ["code": "not_storable", "message": .string(refusal.description)])
        } catch {
            self.logger.error("relayed mail not stored", metadata: ["error": .string(LogRedaction.describe(error))])
            var response = Self.answer(
                .serviceUnavailable, ["code": "try_again", "message": "The message could not be stored now; send it again later"])
            response.headers[.retryAfter] = "60"
            return response
        }
    }

    func handle(_ request: Request, context: HavenRequestContext) async throws -> Response {
        guard request.method == .post else {
            var response = Self.answer(.methodNotAllowed, ["code": "method_not_allowed", "message": "POST a message here"])
            response.headers[.allow] = "POST"
            return response
        }
        let sourceIP = ForwardedClient.address(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: HTTPField.Name("X-Forwarded-For")!],
            trusted: self.trustedProxies)
        if let seconds = self.throttle.retryAfter(sourceIP) {
            var response = Self.answer(.tooManyRequests, ["code": "too_many_failures", "message": "Too many failed attempts"])
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let authorization = request.headers[.authorization] ?? ""
        let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)).trimmingWhitespace() : ""
        guard let tenant = try await MailRelay(self.helpdesk).tenant(forToken: token) else {
            _ = self.throttle.failed(sourceIP)
            return Self.answer(.unauthorized, ["code": "invalid_credentials", "message": "Send the tenant's relay token as Bearer"])
        }
        let type = request.headers[.contentType]?.split(separator: ";").first.map { String($0).trimmingWhitespace().lowercased() }
        guard type == "message/rfc822" else {
            return Self.answer(.unsupportedMediaType, ["code": "invalid_content_type", "message": "Content-Type must be message/rfc822"])
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > self.maxMessageBytes {
            return Self.tooLarge(self.maxMessageBytes)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: self.maxMessageBytes)
        } catch {
            return Self.tooLarge(self.maxMessageBytes)
        }
        let raw = Array(body.readableBytesView)
        guard !raw.isEmpty else { return Self.answer(.badRequest, ["code": "empty", "message": "The message is empty"]) }
        let recipient = request.uri.queryParameters.get("recipient")
        let outcome = try await InboundMail(self.helpdesk).deliver(
            raw, tenant: tenant, recipient: recipient, envelopeSender: request.uri.queryParameters.get("sender"),
            limits: self.limits)
        switch outcome {
        case .created(let ticket):
            return Self.answer(.created, ["outcome": "created", "ticket_id": .int(ticket.rawValue)])
        case .replied(let ticket, let conversation), .noted(let ticket, let conversation):
            return Self.answer(
                .created,
                [
                    "outcome": .string(outcome == .replied(ticket, conversation) ? "replied" : "noted"), "ticket_id": .int(ticket.rawValue),
                    "conversation_id": .int(conversation.rawValue),
                ])
        case .duplicate:
            return Self.answer(.ok, ["outcome": "duplicate"])
        case .discarded(let reason):
            return Self.answer(.ok, ["outcome": "discarded", "reason": .string(reason)])
        }
    }

    static func tooLarge(_ limit: Int) -> Response {
        Self.answer(.contentTooLarge, ["code": "too_large", "message": .string("The message is larger than \(limit) bytes")])
    }

    static func answer(_ status: HTTPResponse.Status, _ object: JSONObject) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(.object(object)))))
    }
}
