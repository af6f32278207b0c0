public import HavenCore

/// What can go wrong talking to an ACME CA. `problem` carries the CA's problem document (`type :: detail`), the text
/// a tenant sees as the reason of a failed domain.
public enum ACMEError: Error, Sendable, Equatable, LogSafeError, CustomStringConvertible {
    case problem(type: String, detail: String, status: Int, retryAfter: Int64?)
    case protocolViolation(String)
    case transport(String)
    case timedOut(String)

    public var description: String {
        switch self {
        case .problem(let type, let detail, _, _): return "\(type) :: \(detail)"
        case .protocolViolation(let what): return "the CA answered unexpectedly: \(what)"
        case .transport(let what): return "the CA could not be reached: \(what)"
        case .timedOut(let what): return "timed out: \(what)"
        }
    }

    public var logDescription: String { self.description }

    var isBadNonce: Bool {
        if case .problem(let type, _, _, _) = self { return type == "urn:ietf:params:acme:error:badNonce" }
        return false
    }
}
