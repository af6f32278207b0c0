import HavenCore

/// `postgres://user:password@host:port/database?sslmode=…` — where a PostgreSQL deployment's database is
/// (`HAVEN_DATABASE_URL` or `--database-url`). Parsed here so a bad URL is refused at start-up with the part
/// that is wrong named, and never echoed with its password.
public struct DatabaseURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP: only for loopback or a private network the operator trusts.
        case disable
        /// TLS, the server's certificate verified against the system's roots and its name.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    public init(user: String, password: String?, host: String, port: Int, database: String, tls: TLSMode) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// The URL without its password, for logs and messages.
    public var redacted: String {
        "postgres://\(self.user)@\(self.host):\(self.port)/\(self.database)?sslmode=\(self.tls.rawValue)"
    }

    public init(parsing text: String) throws {
        func refuse(_ why: String) -> HavenError {
            HavenError.usage("The database URL is not usable: \(why) (expected postgres://user:password@host:port/database)")
        }
        var rest = Substring(text)
        guard let scheme = rest.firstRange(of: "://"), ["postgres", "postgresql"].contains(rest[..<scheme.lowerBound].lowercased())
        else { throw refuse("it must start with postgres://") }
        rest = rest[scheme.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw refuse("it names no database") }
        let database = try Self.decode(rest[rest.index(after: slash)...], refuse)
        guard !database.isEmpty else { throw refuse("it names no database") }
        rest = rest[..<slash]
        guard let at = rest.lastIndex(of: "@") else { throw refuse("it names no user") }
        let credentials = rest[..<at]
        let address = rest[rest.index(after: at)...]
        let user: String
        var password: String?
        if let colon = credentials.firstIndex(of: ":") {
            user = try Self.decode(credentials[..<colon], refuse)
            password = try Self.decode(credentials[credentials.index(after: colon)...], refuse)
        } else {
            user = try Self.decode(credentials, refuse)
        }
        guard !user.isEmpty else { throw refuse("it names no user") }
        var host = address
        var port = 5432
        if let colon = address.lastIndex(of: ":"), !address.hasSuffix("]") {
            guard let number = Int(address[address.index(after: colon)...]), (1...65_535).contains(number) else {
                throw refuse("the port is not a number from 1 to 65535")
            }
            port = number
            host = address[..<colon]
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { throw refuse("it names no host") }
        var tls: TLSMode = Self.isLoopback(String(host)) ? .disable : .verifyFull
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw refuse("the parameter \(parts.first ?? "") has no value") }
            switch parts[0] {
            case "sslmode":
                guard let mode = TLSMode(rawValue: parts[1]) else {
                    throw refuse("sslmode must be disable or verify-full")
                }
                tls = mode
            default:
                throw refuse("the parameter \(parts[0]) is not one Haven knows (only sslmode)")
            }
        }
        self.init(user: user, password: password, host: String(host), port: port, database: database, tls: tls)
    }

    /// Loopback needs no TLS by default (the traffic never leaves the machine); every other host gets verified TLS
    /// unless the URL says `sslmode=disable`.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    private static func decode(_ text: Substring, _ refuse: (String) -> HavenError) throws -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { throw refuse("a %-escape is incomplete") }
            bytes.append(value)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
