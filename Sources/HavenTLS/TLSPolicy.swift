import NIOCore
public import NIOSSL

/// Haven's TLS policy, in one place: TLS 1.2 and 1.3 only (optionally 1.3 only), and for TLS 1.2 only ECDHE key
/// exchange with AEAD ciphers (Mozilla "intermediate"). TLS 1.3's suites are all AEAD and fixed by BoringSSL.
public enum TLSPolicy {
    /// ECDHE with AES-GCM or ChaCha20-Poly1305 only; no CBC, no static RSA key exchange, no SHA-1 MACs.
    public static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    public enum MinimumVersion: String, Sendable, CaseIterable {
        case tls12 = "1.2"
        case tls13 = "1.3"
    }

    /// The server configuration: the default certificate serves clients without SNI or with an unknown name; the
    /// store picks the certificate for every other name, per connection.
    public static func serverConfiguration(
        store: CertificateStore,
        minimumVersion: MinimumVersion
    ) -> TLSConfiguration {
        let fallback = store.defaultIdentity
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: fallback.chain.map { .certificate($0) },
            privateKey: .privateKey(fallback.key)
        )
        // makeServerConfiguration defaults to TLS 1.0: always set the floor explicitly.
        configuration.minimumTLSVersion = minimumVersion == .tls13 ? .tlsv13 : .tlsv12
        configuration.maximumTLSVersion = .tlsv13
        configuration.cipherSuites = Self.tls12CipherSuites
        configuration.applicationProtocols = ["http/1.1"]
        configuration.sslContextCallback = { values, promise in
            store.chooseCertificate(forServerName: values.serverHostname, promise)
        }
        return configuration
    }
}
