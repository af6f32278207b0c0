#if canImport(Glibc)
    import Glibc
#endif

/// A loopback port nothing listens on, found by letting the kernel pick one and releasing it at once (for child
/// processes that must be told their ports). Random ports from a fixed range collided between parallel suites.
enum FreePort {
    static func next(udp: Bool = false) -> Int {
        let descriptor = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        precondition(descriptor >= 0, "socket failed")
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        precondition(bound, "bind failed")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
