public import HavenApp
public import HavenCore
public import HavenStore

/// Everything a handler may use: the caller (tenant and agent, resolved once at the edge), path parameters, the
/// decoded query, the parsed body, and the time the request is handled at.
public struct APIRequest: Sendable {
    public let tenant: Tenant
    public let caller: APIKeyOwner
    public let pathParameters: [String: Int64]
    public let pathTokens: [String: String]
    public let query: QueryParameters
    public let body: JSONObject?
    /// The `attachments[]` of a `multipart/form-data` body.
    public var files: [FileUpload] = []
    /// Scheme and host for absolute URLs (`Location`, `Link`), never taken unchecked from the Host header.
    public let baseURL: String
    public let now: Timestamp
    /// The client's address as the listener saw it; sealed into audit entries, never logged.
    public let sourceIP: String?

    public var tenantID: TenantID { self.tenant.id }
    public var agentID: UserID { self.caller.agentID }

    /// A numeric path parameter; the router only matches digits, so a missing one is a routing bug.
    public func id<K>(_ name: String = "id") throws -> Identifier<K> {
        guard let value = self.pathParameters[name] else {
            throw HavenError.internalFailure("route has no parameter \(name)")
        }
        return Identifier(value)
    }

    /// A numeric path parameter for records whose ids are plain numbers (custom domains, certificates).
    public func number(_ name: String = "id") throws -> Int64 {
        guard let value = self.pathParameters[name] else {
            throw HavenError.internalFailure("route has no parameter \(name)")
        }
        return value
    }

    public func token(_ name: String) throws -> String {
        guard let value = self.pathTokens[name] else {
            throw HavenError.internalFailure("route has no token \(name)")
        }
        return value
    }

    /// The request body, `{}` when none was sent.
    public var object: JSONObject { self.body ?? JSONObject() }

    /// The agent behind the API key, as every use case takes it.
    public var principal: Principal {
        .agent(self.caller.agentID, role: self.caller.role, apiKey: self.caller.keyID, tenant: self.tenantID, sourceIP: self.sourceIP)
    }
}

/// A handler's answer before the responder adds the common headers.
public struct APIResponse: Sendable {
    public var status: HTTPStatusCode
    public var body: JSONValue?
    public var headers: [(String, String)]
    /// A file instead of JSON (an attachment's download): its content type and bytes.
    public var file: (contentType: String, bytes: [UInt8])?
    /// A file read a chunk at a time while it is sent (an export's download), never whole in memory.
    public var stream: ExportFileReader?

    public init(status: HTTPStatusCode = .ok, body: JSONValue?, headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// A download: `Content-Disposition: attachment`, so a browser saves it and never renders it.
    public static func attachment(_ text: String, contentType: String, filename: String) -> APIResponse {
        self.attachment(Array(text.utf8), contentType: contentType, filename: filename)
    }

    public static func attachment(_ bytes: [UInt8], contentType: String, filename: String) -> APIResponse {
        var response = APIResponse(body: nil, headers: [("Content-Disposition", ContentDisposition.attachment(filename: filename))])
        response.file = (contentType, bytes)
        return response
    }

    /// An export's file, streamed: `Content-Disposition: attachment` like any download.
    public static func attachment(_ reader: ExportFileReader) -> APIResponse {
        var response = APIResponse(
            body: nil, headers: [("Content-Disposition", ContentDisposition.attachment(filename: reader.file.filename))])
        response.stream = reader
        return response
    }

    public static func ok(_ body: JSONValue) -> APIResponse { APIResponse(body: body) }

    public static func created(_ body: JSONValue, location: String) -> APIResponse {
        APIResponse(status: .created, body: body, headers: [("Location", location)])
    }

    public static let noContent = APIResponse(status: .noContent, body: nil)
}

/// The statuses the API answers with.
public enum HTTPStatusCode: Int, Sendable {
    case ok = 200
    case created = 201
    case accepted = 202
    case noContent = 204
    case badRequest = 400
    case unauthorized = 401
    case forbidden = 403
    case notFound = 404
    case methodNotAllowed = 405
    case notAcceptable = 406
    case conflict = 409
    case payloadTooLarge = 413
    case unsupportedMediaType = 415
    case tooManyRequests = 429
    case gone = 410
    case internalServerError = 500
}
