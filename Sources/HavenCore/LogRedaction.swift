/// An error that can describe itself for an application log without personal data or secrets: places (table,
/// column, row id), kinds and counts, never a value a user sent or a record held.
public protocol LogSafeError: Error {
    var logDescription: String { get }
}

/// The one way errors reach application logs. An error that does not promise a safe description is logged by its
/// type name alone: a message built from a request (a duplicate e-mail address, a rejected value) must not leak.
public enum LogRedaction {
    public static func describe(_ error: any Error) -> String {
        if let safe = error as? any LogSafeError { return safe.logDescription }
        return String(describing: type(of: error))
    }
}

extension HavenError: LogSafeError {
    /// The kind of failure; field names and internal reasons (written by Haven's code), never client-facing messages,
    /// which may quote what the client sent.
    public var logDescription: String {
        switch self {
        case .validation(let errors): return "validation failed: \(errors.map(\.field).joined(separator: ", "))"
        case .conflict(let errors): return "conflict: \(errors.map(\.field).joined(separator: ", "))"
        case .invalidJSON: return "invalid JSON"
        case .noContentRequired: return "no content required"
        case .unauthenticated: return "unauthenticated"
        case .forbidden(let code, _): return "forbidden: \(code)"
        case .notFound: return "not found"
        case .methodNotAllowed: return "method not allowed"
        case .notAcceptable: return "not acceptable"
        case .payloadTooLarge(let limit): return "payload over \(limit) bytes"
        case .unsupportedMediaType: return "unsupported media type"
        case .rateLimited: return "rate limited"
        case .usage: return "usage error"
        case .internalFailure(let reason): return "internal failure: \(reason)"
        case .unreadable(let what, let reason): return "\(what) is unreadable (\(reason))"
        }
    }
}
