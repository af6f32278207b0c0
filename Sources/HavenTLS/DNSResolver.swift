import Foundation
public import HavenCore
import NIOCore
import NIOPosix

/// Asks one DNS resolver (`HAVEN_DNS_RESOLVER`, host:port) over UDP, with a timeout and a retry: the small client
/// the domain verifier needs for CNAME, A, AAAA and CAA. Answers are taken as given (no DNSSEC; the CA validates
/// independently before it issues).
public struct DNSResolver: Sendable {
    public let host: String
    public let port: Int
    let timeout: Duration
    let attempts: Int
    let random: any RandomSource

    public init(host: String, port: Int, timeout: Duration = .seconds(2), attempts: Int = 2, random: any RandomSource) {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.attempts = attempts
        self.random = random
    }

    /// The first nameserver of /etc/resolv.conf, port 53 (`host:port`).
    public static func systemResolver() -> String {
        let text = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, parts[0] == "nameserver" {
                return parts[1].contains(":") ? "[\(parts[1])]:53" : "\(parts[1]):53"
            }
        }
        return "127.0.0.1:53"
    }

    /// Parses `host:port` (`[v6]:port` for IPv6); nil when malformed.
    public static func address(_ text: String) -> (host: String, port: Int)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            host = parts[0]
            portText = parts[1]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }

    public struct Failure: Error, Sendable, Equatable, LogSafeError {
        public let message: String
        public var logDescription: String { self.message }
    }

    public func query(_ name: String, _ type: DNSRecordType) async throws -> DNSResponse {
        var lastError = Failure(message: "no answer")
        for _ in 0..<max(1, self.attempts) {
            let bytes = self.random.bytes(count: 2)
            let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            do {
                let reply = try await self.exchange(DNSMessage.query(id: id, name: name, type: type), id: id)
                return reply
            } catch let error as Failure {
                lastError = error
            }
        }
        throw lastError
    }

    private func exchange(_ query: [UInt8], id: UInt16) async throws -> DNSResponse {
        let remote: SocketAddress
        do {
            remote = try SocketAddress(ipAddress: self.host, port: self.port)
        } catch {
            throw Failure(message: "the resolver \(self.host):\(self.port) is not an IP address and port")
        }
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: query)))
            return try await withThrowingTaskGroup(of: DNSResponse?.self) { group in
                group.addTask {
                    for try await envelope in inbound {
                        // Anything that is not the answer to this query (another id, garbage) is ignored.
                        if let response = try? DNSMessage.parse(Array(envelope.data.readableBytesView), id: id) {
                            return response
                        }
                    }
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: self.timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else {
                    throw Failure(message: "the resolver \(self.host):\(self.port) did not answer within \(self.timeout)")
                }
                return first
            }
        }
    }
}
