import HavenCore
import HavenCrypto
import HavenStore

/// The lockout's two subjects for one attempt: the account (by the e-mail typed, so an unknown address locks exactly
/// like a known one and reveals nothing) and the source address. Both are keyed hashes under the tenant's key.
struct SignInSubjects {
    let account: String
    let address: String?

    static func load(_ tenant: TenantID, email: String, sourceIP: String?, audience: Audience, store: Store, on sql: SQLExecutor)
        async throws -> SignInSubjects
    {
        let indexes = try await store.keys.indexes(tenant, on: sql)
        return SignInSubjects(
            account: indexes.signInSubject("account:\(audience.rawValue):\(TextNormalizer.email(email))"),
            address: sourceIP.map { indexes.signInSubject("address:\(audience.rawValue):\($0)") })
    }
}
