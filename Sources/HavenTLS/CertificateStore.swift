import NIOCore
public import NIOSSL
import Synchronization

/// A certificate chain with its private key, as served for one or more host names.
public struct ServerIdentity: Sendable {
    public let chain: [NIOSSLCertificate]
    public let key: NIOSSLPrivateKey

    public init(chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) {
        self.chain = chain
        self.key = key
    }

    public init(chainPEM: String, keyPEM: String) throws {
        self.chain = try NIOSSLCertificate.fromPEMBytes(Array(chainPEM.utf8))
        self.key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
    }
}

/// The certificates served, chosen per connection by SNI. Entries can be added, replaced and removed while serving:
/// the TLS context never changes, each new handshake reads the current entry, and connections already open keep
/// the certificate they were given. Lookups are exact host names (lower case), then the on-demand issuer (the local
/// CA's leaves for tenant hosts), else the default.
public final class CertificateStore: Sendable {
    /// How each handshake's certificate was chosen, for diagnostics.
    public struct Counts: Sendable, Equatable {
        public var byName: [String: Int] = [:]
        public var defaultForUnknownName = 0
        public var defaultWithoutName = 0
    }

    private struct State {
        var identities: [String: ServerIdentity] = [:]
        var counts = Counts()
        var onDemand: (@Sendable (String) async -> ServerIdentity?)?
    }

    public let defaultIdentity: ServerIdentity
    private let state = Mutex(State())

    public init(defaultIdentity: ServerIdentity) {
        self.defaultIdentity = defaultIdentity
    }

    public func set(_ identity: ServerIdentity, for hostName: String) {
        let name = Self.normalize(hostName)
        self.state.withLock { $0.identities[name] = identity }
    }

    public func remove(_ hostName: String) {
        let name = Self.normalize(hostName)
        self.state.withLock { $0.identities[name] = nil }
    }

    public var counts: Counts { self.state.withLock { $0.counts } }

    /// Called on a handshake for a name with no entry; an identity it returns is kept for that name from then on.
    /// It must answer nil fast for names it does not serve: it runs during the handshake.
    public func issueOnDemand(_ issuer: @escaping @Sendable (String) async -> ServerIdentity?) {
        self.state.withLock { $0.onDemand = issuer }
    }

    /// The identity for a client's SNI, counting the choice.
    public func identity(forServerName serverName: String?) -> (identity: ServerIdentity, matched: String?) {
        self.state.withLock { state in
            guard let serverName else {
                state.counts.defaultWithoutName += 1
                return (self.defaultIdentity, nil)
            }
            let name = Self.normalize(serverName)
            if let identity = state.identities[name] {
                state.counts.byName[name, default: 0] += 1
                return (identity, name)
            }
            state.counts.defaultForUnknownName += 1
            return (self.defaultIdentity, nil)
        }
    }

    /// Completes the handshake's certificate choice: a stored identity at once, else one issued on demand.
    func chooseCertificate(forServerName serverName: String?, _ promise: EventLoopPromise<NIOSSLContextConfigurationOverride>) {
        let (identity, matched) = self.identity(forServerName: serverName)
        if matched != nil {
            promise.succeed(Self.override(identity))
            return
        }
        guard let serverName, let issuer = self.state.withLock({ $0.onDemand }) else {
            promise.succeed(.noChanges)
            return
        }
        let name = Self.normalize(serverName)
        Task {
            guard let issued = await issuer(name) else {
                promise.succeed(.noChanges)
                return
            }
            self.set(issued, for: name)
            promise.succeed(Self.override(issued))
        }
    }

    static func override(_ identity: ServerIdentity) -> NIOSSLContextConfigurationOverride {
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = identity.chain.map { .certificate($0) }
        override.privateKey = .privateKey(identity.key)
        return override
    }

    static func normalize(_ hostName: String) -> String {
        var name = hostName.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }
}
