// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    // Every existential is spelled `any P`, so the cost of dynamic dispatch is visible.
    .enableUpcomingFeature("ExistentialAny"),
    // A file uses only the members of modules it imports itself, and an import is internal unless declared
    // `public import` (a module's public API names exactly what its users must import too).
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "haven",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "haven", targets: ["haven"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "HavenCore",
            swiftSettings: swiftSettings
        ),
        // The e-mail channel's protocols, pure: MIME parsing and composing, LMTP's and SMTP's state machines, DKIM
        // (no sockets, no store).
        .target(
            name: "HavenMail",
            dependencies: [
                "HavenCore",
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA for DKIM's rsa-sha256.
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HavenCrypto",
            dependencies: [
                "HavenCore",
                .product(name: "Crypto", package: "swift-crypto"),
                // scrypt, the memory-hard password hash.
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The system libsqlite3 (Debian's libsqlite3-dev): the one copy of SQLite in the process.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "HavenStore",
            dependencies: [
                "HavenCore",
                "HavenCrypto",
                "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // The scale-out engine (storage.md §5): PostgreSQL 15 over its wire protocol.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HavenAudit",
            dependencies: [
                "HavenCore",
                "HavenCrypto",
                "HavenStore",
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HavenTLS",
            dependencies: [
                "HavenCore",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The use cases: every operation below the channels (API, CLI, and the web and mail channels to come).
        .target(
            name: "HavenApp",
            dependencies: [
                "HavenCore",
                "HavenCrypto",
                "HavenStore",
                "HavenAudit",
                "HavenTLS",
                "HavenMail",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HavenAPI",
            dependencies: [
                "HavenCore",
                "HavenMail",
                "HavenCrypto",
                "HavenStore",
                "HavenAudit",
                "HavenTLS",
                "HavenApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The web channel: console and portal pages, server-rendered, over the same use cases as the API.
        .target(
            name: "HavenWeb",
            dependencies: [
                "HavenMail",
                "HavenAudit",
                "HavenCore",
                "HavenCrypto",
                "HavenStore",
                "HavenApp",
                "HavenAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HavenServer",
            dependencies: [
                "HavenWeb",
                "HavenMail",
                "HavenCrypto",
                .product(name: "NIOPosix", package: "swift-nio"),
                "HavenCore",
                "HavenApp",
                "HavenStore",
                "HavenAudit",
                "HavenAPI",
                "HavenTLS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                // The operators' /metrics (Prometheus's text format through swift-metrics' API).
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The SLA due-date benchmark: `swift run -c release sla-bench`.
        .executableTarget(
            name: "sla-bench",
            dependencies: ["HavenCore"],
            path: "Benchmarks/SLABench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "haven",
            dependencies: [
                "HavenCore",
                "HavenMail",
                "HavenAPI",
                "HavenApp",
                "HavenStore",
                "HavenAudit",
                "HavenServer",
                "HavenTLS",
                "HavenCrypto",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HavenCoreTests",
            dependencies: [
                "HavenCore",
                "HavenMail",
                "HavenCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HavenAPITests",
            dependencies: [
                "HavenCore",
                "HavenApp",
                "HavenStore",
                "HavenAudit",
                "HavenAPI",
                "HavenServer",
                "HavenTLS",
                "HavenWeb",
                "HavenMail",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                "HavenCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
