import HavenCore

/// Where a sensitive value lives: the envelope's associated data binds a ciphertext to exactly this place, so it
/// cannot be moved to another tenant, table, column or row.
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

/// The one door sensitive columns pass through. Repositories never write or read such a column any other way, so
/// switching the storage form (plaintext today, the AES-256-GCM field envelope with the encryption issue) changes
/// this type and nothing else.
public protocol FieldProtector: Sendable {
    func seal(_ plaintext: String, for context: FieldContext) throws -> DBValue
    func open(_ row: Row, column: String, for context: FieldContext) throws -> String?
}

/// Stores sensitive values as they are. This is the state before encryption at rest lands (issue "Encryption at
/// rest"); it exists so that every sensitive column is already routed through `FieldProtector`.
public struct PassthroughFieldProtector: FieldProtector {
    public init() {}

    public func seal(_ plaintext: String, for context: FieldContext) throws -> DBValue {
        .text(plaintext)
    }

    public func open(_ row: Row, column: String, for context: FieldContext) throws -> String? {
        try row.optionalString(column)
    }
}

extension FieldProtector {
    func seal(_ plaintext: String?, for context: FieldContext) throws -> DBValue {
        guard let plaintext else { return .null }
        return try self.seal(plaintext, for: context)
    }

    /// A sealed JSON array of strings (e-mail lists).
    func sealList(_ values: [String], for context: FieldContext) throws -> DBValue {
        try self.seal(JSONWriter.string(.strings(values)), for: context)
    }

    func openList(_ row: Row, column: String, for context: FieldContext) throws -> [String] {
        try StoredJSON.array(self.open(row, column: column, for: context), column: "\(context.table).\(column)")
            .compactMap(\.stringValue)
    }

    func sealObject(_ object: JSONObject, for context: FieldContext) throws -> DBValue {
        try self.seal(JSONWriter.string(.object(object)), for: context)
    }

    func openObject(_ row: Row, column: String, for context: FieldContext) throws -> JSONObject {
        try StoredJSON.object(self.open(row, column: column, for: context), column: "\(context.table).\(column)")
    }
}
