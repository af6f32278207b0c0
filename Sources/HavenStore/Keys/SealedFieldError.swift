public import HavenCore

/// A sealed value that did not open. Carries where it lives (never its content), so the record can be reported as
/// unreadable while every other record keeps working.
public enum SealedFieldError: Error, Sendable, CustomStringConvertible, LogSafeError {
    /// The envelope names a key version this process has not loaded (another process rotated): reload and retry.
    case missingKeyVersion(FieldContext, UInt32)
    /// The key the value was sealed with was deleted on purpose: its data subject (or tenant) was erased.
    case erased(FieldContext)
    /// The bytes are not a valid envelope for this place: damaged, moved, or not encrypted at all.
    case damaged(FieldContext, String)

    public var context: FieldContext {
        switch self {
        case .missingKeyVersion(let context, _), .erased(let context), .damaged(let context, _): return context
        }
    }

    public var unreadable: Unreadable {
        switch self {
        case .erased: return .erased
        case .missingKeyVersion, .damaged: return .damaged
        }
    }

    /// The place (tenant, table, column, row id) and what went wrong; never content.
    public var logDescription: String { self.description }

    public var description: String {
        let c = self.context
        switch self {
        case .missingKeyVersion(_, let version):
            return "\(c.table)/\(c.rowID) column \(c.column): key version \(version) is not in the keystore"
        case .erased: return "\(c.table)/\(c.rowID) column \(c.column): sealed under an erased key"
        case .damaged(_, let reason): return "\(c.table)/\(c.rowID) column \(c.column): \(reason)"
        }
    }
}

/// Where a sealed value lives: the envelope's associated data binds a ciphertext to exactly this place.
public struct FieldContext: Sendable, Hashable {
    public let tenant: TenantID
    public let table: String
    public let column: String
    public let rowID: Int64

    public init(tenant: TenantID, table: String, column: String, rowID: Int64) {
        self.tenant = tenant
        self.table = table
        self.column = column
        self.rowID = rowID
    }
}
