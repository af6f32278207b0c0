/// Why a sign-in step or an account action was refused, with the message a person reads. The messages never tell
/// an unknown e-mail address from a wrong password.
public enum SignInError: Error, Sendable, Equatable {
    case invalidCredentials
    /// Longer than any password Haven accepts: refused before it costs a hash.
    case tooLong
    /// Too many failures: try again after this many seconds.
    case locked(retryAfterSeconds: Int64)
    /// Too many password checks at once on this server: try again in a moment.
    case busy
    case invalidCode
    /// An invitation or reset link that is unknown, used already or expired.
    case invalidLink
    case weakPassword([String])
    case wrongCurrentPassword
    /// The action needs the password or a code again (within the last five minutes).
    case reauthenticationRequired
    /// The session ended (signed out, timed out or ended by an admin).
    case sessionEnded

    public var message: String {
        switch self {
        case .invalidCredentials: return "The e-mail address or the password is not right."
        case .tooLong: return "That password is longer than 1,024 bytes; no password here is that long."
        case .locked(let seconds):
            let minutes = max(1, (seconds + 59) / 60)
            return "Too many failed attempts. Try again in \(minutes) minute\(minutes == 1 ? "" : "s"), or ask an admin to unlock you."
        case .busy: return "The server is busy checking other sign-ins. Try again in a moment."
        case .invalidCode: return "That code is not right, or it was used already. Enter the current code from your app."
        case .invalidLink: return "This link is not valid any more: it was used already or it expired. Ask for a new one."
        case .weakPassword(let problems): return "Choose another password: " + problems.joined(separator: "; ") + "."
        case .wrongCurrentPassword: return "Your current password is not right."
        case .reauthenticationRequired: return "Confirm it is you: enter your password or a code again."
        case .sessionEnded: return "Your session has ended. Sign in again."
        }
    }
}
