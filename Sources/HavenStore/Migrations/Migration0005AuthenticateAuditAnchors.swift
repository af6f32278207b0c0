/// A purge anchor says "the log starts at entry N, after hash H". Without authentication anyone who can write the
/// database could delete old entries and write an anchor that skips them; the MAC (under the tenant's audit chain
/// key, which lives in the keystore) makes a forged or altered anchor fail verification.
enum Migration0005AuthenticateAuditAnchors {
    static let migration = Migration(
        version: 5,
        name: "0005_AuthenticateAuditAnchors",
        statements: [
            "ALTER TABLE audit_anchors ADD COLUMN mac BLOB NOT NULL DEFAULT x''"
        ]
    )
}
