public import Crypto

/// Per-column keys derived from a scope key (encryption.md §10.1): each (table, column) gets its own AES key and each
/// blind index its own HMAC key, so a value cannot be moved between columns and no key serves two purposes.
public enum KeyDerivation {
    /// `HKDF-SHA256(ikm = scope key, salt = "", info = "hd/v1/enc" ‖ LP(table) ‖ LP(column))`.
    public static func fieldKey(from scopeKey: SymmetricKey, table: String, column: String) -> SymmetricKey {
        var info = ByteWriter()
        info.raw("hd/v1/enc")
        info.lengthPrefixed(table)
        info.lengthPrefixed(column)
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: scopeKey, info: info.bytes, outputByteCount: 32)
    }

    /// `HKDF-SHA256(ikm = blind-index root key, info = "hd/v1/bidx" ‖ LP(table) ‖ LP(column) ‖ LP(index))`.
    public static func indexKey(from rootKey: SymmetricKey, table: String, column: String, index: String) -> SymmetricKey {
        var info = ByteWriter()
        info.raw("hd/v1/bidx")
        info.lengthPrefixed(table)
        info.lengthPrefixed(column)
        info.lengthPrefixed(index)
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: rootKey, info: info.bytes, outputByteCount: 32)
    }
}
