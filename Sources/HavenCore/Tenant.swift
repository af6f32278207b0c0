/// One support organisation hosted by this deployment.
public struct Tenant: Sendable, Equatable {
    public enum Status: String, Sendable {
        case active
        case terminated
    }

    public var id: TenantID
    public var name: String
    public var subdomain: String
    public var region: String
    public var status: Status
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// When it was terminated (nil while active): its automatic purge counts from here.
    public var terminatedAt: Timestamp?

    public init(
        id: TenantID,
        name: String,
        subdomain: String,
        region: String,
        status: Status,
        createdAt: Timestamp,
        updatedAt: Timestamp,
        terminatedAt: Timestamp? = nil
    ) {
        self.terminatedAt = terminatedAt
        self.id = id
        self.name = name
        self.subdomain = subdomain
        self.region = region
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Subdomains are DNS labels: 1–63 of a–z, 0–9 and '-', not starting or ending with '-'.
    public static func validateSubdomain(_ subdomain: String) -> String? {
        let reserved: Set<String> = ["www", "api", "admin", "mail", "acme", "static", "assets", "status"]
        guard (1...63).contains(subdomain.utf8.count) else { return "must be 1 to 63 characters" }
        guard subdomain.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else { return "may contain only a-z, 0-9 and '-'" }
        guard !subdomain.hasPrefix("-"), !subdomain.hasSuffix("-") else { return "must not start or end with '-'" }
        guard !reserved.contains(subdomain) else { return "is reserved" }
        return nil
    }
}
