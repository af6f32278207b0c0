public import HavenCore
public import HavenCrypto

/// Seals and opens the sensitive columns of rows under one scope key (encryption.md §10.4). Obtained from the
/// `KeyRing` once per scope, then used synchronously for every column: no provider or keystore call per field.
public struct Sealer: Sendable {
    let ring: KeyRing
    public let tenant: TenantID
    public let scope: KeyScope
    let keys: ScopeKeys

    public func place(_ table: String, _ column: String, _ rowID: Int64) -> EnvelopePlace {
        EnvelopePlace(tenant: String(self.tenant.rawValue), table: table, column: column, rowID: String(rowID))
    }

    /// NULL stays NULL (absence is not encrypted); an empty string is sealed like any other value.
    public func seal(_ value: String?, _ table: String, _ column: String, _ rowID: Int64) throws -> DBValue {
        guard let value else { return .null }
        let version = self.keys.primary
        let fieldKey = self.ring.fieldKey(
            self.tenant, self.scope, version: version, key: self.keys.versions[version]!, table: table, column: column
        )
        return .blob(
            try FieldEnvelope.seal(
                Array(value.utf8),
                fieldKey: fieldKey,
                header: .init(scopeCode: self.scope.code, keyVersion: version),
                nonce: self.ring.nonces.next(),
                place: self.place(table, column, rowID)
            )
        )
    }

    /// An empty list or object is stored as a zero-length value: absence, like NULL (encryption.md §10.4: "do not
    /// encrypt absence"). Its envelope's length would tell the same anyway, and most tickets have four empty e-mail
    /// lists, each an AES-GCM open saved on every read.
    public static let absent = DBValue.blob([])

    public func sealList(_ values: [String], _ table: String, _ column: String, _ rowID: Int64) throws -> DBValue {
        values.isEmpty ? Self.absent : try self.seal(JSONWriter.string(.strings(values)), table, column, rowID)
    }

    public func sealObject(_ object: JSONObject, _ table: String, _ column: String, _ rowID: Int64) throws -> DBValue {
        object.isEmpty ? Self.absent : try self.seal(JSONWriter.string(.object(object)), table, column, rowID)
    }

    /// Re-seals one stored column with this sealer's primary key version: after a rotation (`opener` nil, this
    /// sealer opens too) or when a thread moves to another requester's key (`opener` is the old owner's sealer).
    /// Absent values stay absent.
    func reseal(_ row: Row, _ table: String, _ column: String, _ rowID: Int64, openedWith opener: Sealer? = nil) throws -> DBValue {
        let stored = try row.optionalValue(column)
        if case .blob(let bytes) = stored, bytes.isEmpty { return stored }
        return try self.seal((opener ?? self).open(stored, table, column, rowID), table, column, rowID)
    }

    /// Opens one column. Never returns stored bytes that did not authenticate: a value that is not an envelope for
    /// exactly this place is `damaged`, never passed through as plaintext.
    public func open(_ row: Row, _ table: String, _ column: String, _ rowID: Int64) throws -> String? {
        try self.open(row.optionalValue(column), table, column, rowID)
    }

    public func open(_ stored: DBValue, _ table: String, _ column: String, _ rowID: Int64) throws -> String? {
        let context = FieldContext(tenant: self.tenant, table: table, column: column, rowID: rowID)
        guard case .blob(let envelope) = stored else {
            if case .null = stored { return nil }
            throw SealedFieldError.damaged(context, "the stored value is not an envelope")
        }
        let header: FieldEnvelope.Header
        do {
            header = try FieldEnvelope.header(of: envelope)
        } catch {
            throw SealedFieldError.damaged(context, "\(error)")
        }
        guard header.scopeCode == self.scope.code else {
            throw SealedFieldError.damaged(context, "sealed under another key scope")
        }
        guard let key = self.keys.versions[header.keyVersion] else {
            throw SealedFieldError.missingKeyVersion(context, header.keyVersion)
        }
        let fieldKey = self.ring.fieldKey(self.tenant, self.scope, version: header.keyVersion, key: key, table: table, column: column)
        let plaintext: [UInt8]
        do {
            plaintext = try FieldEnvelope.open(envelope, fieldKey: fieldKey, place: self.place(table, column, rowID))
        } catch {
            throw SealedFieldError.damaged(context, "the envelope does not authenticate (changed, moved or wrong key)")
        }
        guard let text = String(validating: plaintext, as: UTF8.self) else {
            throw SealedFieldError.damaged(context, "the plaintext is not UTF-8")
        }
        return text
    }

    public func openList(_ row: Row, _ table: String, _ column: String, _ rowID: Int64) throws -> [String] {
        let stored = try row.optionalValue(column)
        if Self.isAbsent(stored) { return [] }
        return try StoredJSON.array(self.open(stored, table, column, rowID), column: "\(table).\(column)").compactMap(\.stringValue)
    }

    public func openObject(_ row: Row, _ table: String, _ column: String, _ rowID: Int64) throws -> JSONObject {
        let stored = try row.optionalValue(column)
        if Self.isAbsent(stored) { return JSONObject() }
        return try StoredJSON.object(self.open(stored, table, column, rowID), column: "\(table).\(column)")
    }

    static func isAbsent(_ stored: DBValue) -> Bool {
        switch stored {
        case .null: return true
        case .blob(let bytes): return bytes.isEmpty
        default: return false
        }
    }
}
