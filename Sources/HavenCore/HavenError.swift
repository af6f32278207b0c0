/// One field-level problem in a request, in the shape Freshdesk reports it:
/// `{"field":"priority","message":"It should be one of these values: '1,2,3,4'","code":"invalid_value"}`.
public struct FieldError: Sendable, Equatable, Error {
    public var field: String
    public var message: String
    public var code: Code
    /// Extra facts a client can act on, e.g. the id of the existing record a duplicate clashes with.
    public var additionalInfo: [String: Int64]

    public enum Code: String, Sendable {
        case missingField = "missing_field"
        case invalidValue = "invalid_value"
        case duplicateValue = "duplicate_value"
        case datatypeMismatch = "datatype_mismatch"
        case invalidField = "invalid_field"
        case readonlyField = "readonly_field"
        case inconsistentState = "inconsistent_state"
    }

    public init(field: String, message: String, code: Code, additionalInfo: [String: Int64] = [:]) {
        self.field = field
        self.message = message
        self.code = code
        self.additionalInfo = additionalInfo
    }

    public static func missing(_ field: String) -> FieldError {
        FieldError(field: field, message: "Mandatory attribute missing", code: .missingField)
    }

    public static func unexpected(_ field: String) -> FieldError {
        FieldError(field: field, message: "Unexpected/invalid field in request", code: .invalidField)
    }

    public static func notOneOf(_ field: String, _ allowed: [String]) -> FieldError {
        FieldError(
            field: field,
            message: "It should be one of these values: '\(allowed.joined(separator: ","))'",
            code: .invalidValue
        )
    }

    public static func wrongType(_ field: String, _ typeName: String) -> FieldError {
        FieldError(field: field, message: "It should be a/an \(typeName)", code: .datatypeMismatch)
    }

    public static func invalid(_ field: String, _ message: String) -> FieldError {
        FieldError(field: field, message: message, code: .invalidValue)
    }
}

/// Every failure Haven reports. Mapped once, at the API edge, to Freshdesk's status codes and error bodies; the CLI
/// prints `message` and exits non-zero.
public enum HavenError: Error, Sendable, Equatable {
    /// 400 with `{"description":"Validation failed","errors":[…]}`.
    case validation([FieldError])
    /// 400 `invalid_json`: the body could not be parsed.
    case invalidJSON(String)
    /// 400 `no_content_required`: a body was sent where none is taken.
    case noContentRequired
    /// 401 `invalid_credentials`.
    case unauthenticated
    /// 403 with the given code (`access_denied`, `account_suspended`, …).
    case forbidden(code: String, message: String)
    /// 404 with a blank body: unknown, hard-deleted, or another tenant's record (indistinguishable on purpose).
    case notFound
    /// 405, e.g. updating a trashed ticket; `allow` lists the verbs the path does take.
    case methodNotAllowed(message: String, allow: [String])
    /// 406: the client will not accept JSON.
    case notAcceptable
    /// 409 with the validation shape and `duplicate_value`.
    case conflict([FieldError])
    /// 413: the body is over the configured limit.
    case payloadTooLarge(limit: Int)
    /// 415: a body that is neither JSON nor accepted multipart.
    case unsupportedMediaType(String)
    /// 429 with `Retry-After`.
    case rateLimited(retryAfterSeconds: Int)
    /// A command-line or configuration problem (never an HTTP answer).
    case usage(String)
    /// Something that should not happen. Logged without content; answered as 500.
    case internalFailure(String)
    /// A stored record whose sealed content cannot be opened: erased (410) or damaged (500), named, never guessed.
    case unreadable(what: String, reason: Unreadable)

    public static let accessDenied = HavenError.forbidden(
        code: "access_denied",
        message: "You are not authorized to perform this action."
    )

    public static func invalid(_ field: String, _ message: String) -> HavenError {
        .validation([.invalid(field, message)])
    }

    /// The field problems of a validation error, so several checks can be reported in one answer.
    public var fieldErrors: [FieldError] {
        if case .validation(let errors) = self { return errors }
        return []
    }

    public var message: String {
        switch self {
        case .validation(let errors), .conflict(let errors):
            return errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .invalidJSON(let message): return message
        case .noContentRequired: return "No JSON data required"
        case .unauthenticated: return "You have to be logged in to perform this action."
        case .forbidden(_, let message): return message
        case .notFound: return "Not found"
        case .methodNotAllowed(let message, _): return message
        case .notAcceptable: return "Only application/json is served"
        case .payloadTooLarge(let limit): return "The request body is larger than the limit of \(limit) bytes"
        case .unsupportedMediaType(let message): return message
        case .rateLimited(let seconds): return "Rate limit exceeded; retry in \(seconds) seconds"
        case .usage(let message): return message
        case .internalFailure(let message): return message
        case .unreadable(let what, .erased):
            return "\(what) belongs to an erased person or tenant; its content no longer exists"
        case .unreadable(let what, .damaged):
            return "\(what) cannot be decrypted: its stored data is damaged or was tampered with. Other records are unaffected"
        }
    }
}

/// Why a stored record's sealed content cannot be shown.
public enum Unreadable: String, Sendable, Equatable {
    /// Its key was deleted on purpose: the data subject (or tenant) was erased.
    case erased
    /// Its bytes do not authenticate: damaged, moved, or tampered with.
    case damaged
}

/// A record with sealed columns, which may come back as an unreadable stub.
public protocol SealedRecord {
    var unreadable: Unreadable? { get }
    /// "Ticket 5", for the error that names it.
    var recordName: String { get }
}

extension SealedRecord {
    /// The record itself, or the error naming it as erased or damaged: views and edits never show or build on a
    /// stub whose content could not be read.
    public func requireReadable() throws -> Self {
        if let reason = self.unreadable { throw HavenError.unreadable(what: self.recordName, reason: reason) }
        return self
    }
}

extension Ticket: SealedRecord {
    public var recordName: String { "Ticket \(self.id)" }
}

extension Contact: SealedRecord {
    public var recordName: String { "\(self.isAgent ? "Agent" : "Contact") \(self.id)" }
}

extension Company: SealedRecord {
    public var recordName: String { "Company \(self.id)" }
}

extension Conversation: SealedRecord {
    public var recordName: String { "Conversation \(self.id)" }
}
