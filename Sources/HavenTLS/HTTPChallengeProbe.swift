import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Fetches a domain's http-01 challenge path the way the CA will (port 80 in production), from an address the
/// domain resolves to: Haven's own check that a proxy, CDN or firewall does not stand between the CA and Haven.
public enum HTTPChallengeProbe {
    /// The body served at `path` for `host` via `address:port`, or why it could not be fetched.
    public static func fetch(address: String, port: Int, host: String, path: String) async -> Result<String, ProbeFailure> {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let result = await Self.fetch(client, address: address, port: port, host: host, path: path)
        try? await client.shutdown()
        return result
    }

    static func fetch(_ client: HTTPClient, address: String, port: Int, host: String, path: String) async -> Result<String, ProbeFailure> {
        let bracketed = address.contains(":") ? "[\(address)]" : address
        var request = HTTPClientRequest(url: "http://\(bracketed):\(port)\(path)")
        request.headers.replaceOrAdd(name: "Host", value: host)
        do {
            // Short: the client keeps retrying a refused connection until this deadline.
            let response = try await client.execute(request, timeout: .seconds(2))
            let body = try await response.body.collect(upTo: 4096)
            guard response.status == .ok else {
                if (300..<400).contains(Int(response.status.code)) {
                    return .failure(ProbeFailure(message: "it answers \(response.status.code) (a redirect) instead of the challenge"))
                }
                return .failure(ProbeFailure(message: "it answers \(response.status.code) instead of the challenge"))
            }
            return .success(String(buffer: body))
        } catch {
            return .failure(ProbeFailure(message: "\(address):\(port) cannot be reached (\(TLSProbe.explain(error)))"))
        }
    }

    public struct ProbeFailure: Error, Sendable, Equatable {
        public let message: String
    }
}
