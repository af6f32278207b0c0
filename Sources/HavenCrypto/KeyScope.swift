/// Which key seals a value: the tenant data key, the key of one data subject (a contact or agent), whose deletion
/// makes everything sealed under it unreadable in every copy of the database (crypto-shredding), or the key of one
/// secure field value (a card number a form asked for), destroyed when its ticket is resolved or closed.
public enum KeyScope: Sendable, Hashable, CustomStringConvertible {
    case tenant
    case subject(Int64)
    case secret(Int64)

    /// The envelope's key-scope byte (encryption.md §10.4).
    public var code: UInt8 {
        switch self {
        case .tenant: return 0x01
        case .subject: return 0x02
        case .secret: return 0x03
        }
    }

    public var description: String {
        switch self {
        case .tenant: return "tenant data key"
        case .subject(let id): return "subject key of user \(id)"
        case .secret(let id): return "key of secure value \(id)"
        }
    }
}
