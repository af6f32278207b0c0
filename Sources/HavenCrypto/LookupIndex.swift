import HavenCore

/// Computes the lookup keys stored beside sensitive values (e-mail, phone, company name) so equality lookups and
/// uniqueness work without reading the value. Today the key is the canonical value itself; the encryption issue
/// replaces this with a keyed blind index (HMAC) without touching any caller.
public protocol LookupIndex: Sendable {
    func email(_ tenant: TenantID, _ value: String) -> String
    func phone(_ tenant: TenantID, _ value: String) -> String
    func companyName(_ tenant: TenantID, _ value: String) -> String
}

public struct CanonicalLookupIndex: LookupIndex {
    public init() {}

    public func email(_ tenant: TenantID, _ value: String) -> String { EmailAddress.canonical(value) }

    /// Phone numbers compare by their digits (and a leading '+'), so "+1 (555) 010-0200" finds "+15550100200".
    public func phone(_ tenant: TenantID, _ value: String) -> String {
        let trimmed = value.trimmingWhitespace()
        let digits = trimmed.filter(\.isNumber)
        return trimmed.hasPrefix("+") ? "+" + digits : digits
    }

    public func companyName(_ tenant: TenantID, _ value: String) -> String { Company.canonicalName(value) }
}
