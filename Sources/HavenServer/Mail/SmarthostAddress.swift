import HavenCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a tenant's smarthost really is: its name resolved once, every address checked, and the connection made to
/// the address that was checked (the certificate is still verified against the name). A name in public DNS that
/// points at this machine or a private network is refused as the name itself would be, and a second lookup cannot
/// swap in another address between the check and the connection (DNS rebinding).
enum SmarthostAddress {
    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    /// The first public address of `host`, or `Refused` when it has none, or any of its addresses is local or
    /// private (a name with one public and one private address is not trusted either).
    /// `resolve`: getaddrinfo by default (tests give a table: this machine's resolver knows no public names).
    static func publicAddress(
        of host: String, resolve: @escaping @Sendable (String) throws -> [String] = { try SmarthostAddress.resolve($0) }
    ) async throws -> String {
        if LocalHosts.isLocal(host) { throw Refused(description: "\(host) is a local or private address") }
        let addresses = try await NIOThreadPool.singleton.runIfActive { try resolve(host) }
        guard let first = addresses.first else { throw Refused(description: "\(host) has no address") }
        if let inward = addresses.first(where: LocalHosts.isLocal) {
            throw Refused(description: "\(host) resolves to \(inward), a local or private address")
        }
        return first
    }

    /// getaddrinfo's answers as numeric strings (IPv4 and IPv6), in its order.
    static func resolve(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else { throw Refused(description: "\(host) could not be resolved") }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let address = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(address) { addresses.append(address) }
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}
