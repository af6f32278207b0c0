import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP client that sends exactly the bytes a test gives it (no client library fixing up a request), and
/// reports what came back and whether the server closed the connection.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects to 127.0.0.1:`port`, from `source` (another loopback address, say 127.0.0.2) when given.
    init(port: Int, source: String? = nil) throws {
        self.descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard self.descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(self.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                Glibc.close(self.descriptor)
                throw Failure(description: "bind \(source): errno \(errno)")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(self.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(self.descriptor)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit {
        Glibc.close(self.descriptor)
    }

    /// Sends everything; false when the server has closed or reset the connection.
    @discardableResult
    func send(_ text: String) -> Bool { self.send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Reads until the server closes the connection or `timeout` seconds pass without it closing. Waits by sleeping,
    /// never by blocking: the server under test runs on the same cooperative threads.
    func readUntilClosed(timeout: Double) async -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            switch self.readAvailable() {
            case .some(let bytes) where bytes.isEmpty:
                guard deadline.timeIntervalSinceNow > 0 else { return (String(decoding: received, as: UTF8.self), false) }
                try? await Task.sleep(for: .milliseconds(5))
            case .some(let bytes):
                received += bytes
            case .none:
                return (String(decoding: received, as: UTF8.self), true)
            }
        }
    }

    /// Whether the server has closed the connection by now (reads what is there, never waits).
    var isClosedByServer: Bool {
        while let bytes = self.readAvailable() {
            if bytes.isEmpty { return false }
        }
        return true
    }

    /// What has arrived without waiting: empty when nothing has, nil once the server closed or reset the connection.
    private func readAvailable() -> [UInt8]? {
        var poller = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    /// Reads one answer (head, then a Content-Length body), or what arrived before `timeout`.
    func readAnswer(timeout: Double = 5) async -> String {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            let text = String(decoding: received, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let head = text[..<end.lowerBound].lowercased()
                let length =
                    head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length { return text }
            }
            guard let bytes = self.readAvailable() else { break }
            if bytes.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
            received += bytes
        }
        return String(decoding: received, as: UTF8.self)
    }
}

extension String {
    /// The status code of an HTTP answer's first line.
    var httpStatus: Int? {
        let parts = self.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
        return Int(parts[1])
    }

    /// A header's value in an HTTP answer (first occurrence, name case-insensitive).
    func httpHeader(_ name: String) -> String? {
        let head = self.components(separatedBy: "\r\n\r\n")[0]
        for line in head.components(separatedBy: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
