import AsyncHTTPClient
import Foundation
import HavenCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// Pebble (Let's Encrypt's test CA, Debian's `pebble` package) with its mock DNS, for one test: a listener
/// certificate made with openssl, random ports, http-01 validation against `httpPort` on 127.0.0.1, and nonce
/// rejections switched on so the client's badNonce retry is exercised. `.ci/run` installs it.
final class Pebble: @unchecked Sendable {
    let dns: MockDNS
    let process: ChildProcess
    let directory: String
    let port: Int
    let managementPort: Int
    let caPEM: String

    var directoryURL: String { "https://localhost:\(self.port)/dir" }

    private init(dns: MockDNS, process: ChildProcess, directory: String, port: Int, managementPort: Int, caPEM: String) {
        self.dns = dns
        self.process = process
        self.directory = directory
        self.port = port
        self.managementPort = managementPort
        self.caPEM = caPEM
    }

    static func start(httpPort: Int, validitySeconds: Int = 7_776_000, nonceRejectPercent: Int = 15) async throws -> Pebble {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pebble") else {
            throw HavenError.usage("/usr/bin/pebble is missing: apt-get install pebble (see .ci/run)")
        }
        let dns = try await MockDNS.start()
        let directory = NSTemporaryDirectory() + "haven-pebble-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func openssl(_ arguments: [String]) throws {
            let result = try ChildProcess("/usr/bin/openssl", arguments).finish()
            guard result.status == 0 else { throw HavenError.internalFailure("openssl \(arguments.first ?? ""): \(result.stderr)") }
        }
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650", "-subj",
            "/CN=pebble-test-ca", "-keyout", directory + "/ca.key", "-out", directory + "/ca.pem", "-addext",
            "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost", "-keyout",
            directory + "/key.pem", "-out", directory + "/server.csr",
        ])
        try
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n"
            .write(toFile: directory + "/ext.cnf", atomically: true, encoding: .utf8)
        try openssl([
            "x509", "-req", "-in", directory + "/server.csr", "-CA", directory + "/ca.pem", "-CAkey", directory + "/ca.key",
            "-CAcreateserial", "-days", "3650", "-extfile", directory + "/ext.cnf", "-out", directory + "/cert.pem",
        ])
        let caPEM = try String(contentsOfFile: directory + "/ca.pem", encoding: .utf8)
        for _ in 0..<5 {
            let port = FreePort.next()
            let management = FreePort.next()
            let config: JSONValue = [
                "pebble": [
                    "listenAddress": .string("127.0.0.1:\(port)"), "managementListenAddress": .string("127.0.0.1:\(management)"),
                    "certificate": .string(directory + "/cert.pem"), "privateKey": .string(directory + "/key.pem"),
                    "httpPort": .int(Int64(httpPort)), "tlsPort": .int(Int64(httpPort)), "ocspResponderURL": "",
                    "externalAccountBindingRequired": false, "certificateValidityPeriod": .int(Int64(validitySeconds)),
                ]
            ]
            try JSONWriter.string(config).write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
            let process = try ChildProcess(
                "/usr/bin/pebble", ["-config", directory + "/config.json", "-dnsserver", dns.resolver, "-strict=false"],
                environment: [
                    "PEBBLE_VA_NOSLEEP": "1", "PEBBLE_WFE_NONCEREJECT": String(nonceRejectPercent), "PEBBLE_AUTHZREUSE": "0",
                ],
                discardOutput: true)
            let pebble = Pebble(dns: dns, process: process, directory: directory, port: port, managementPort: management, caPEM: caPEM)
            for _ in 0..<50 where process.isRunning {
                if (try? await pebble.get(pebble.directoryURL)) != nil { return pebble }
                try await Task.sleep(for: .milliseconds(100))
            }
            process.terminate()
            process.waitUntilExit()
        }
        dns.stop()
        throw HavenError.internalFailure("pebble did not start")
    }

    func stop() {
        self.process.terminate()
        self.process.waitUntilExit()
        self.dns.stop()
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    /// The root Pebble signs issued certificates with (changes every start).
    func issuingRootPEM() async throws -> String {
        String(decoding: try await self.get("https://localhost:\(self.managementPort)/roots/0"), as: UTF8.self)
    }

    func get(_ url: String) async throws -> [UInt8] {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(self.caPEM.utf8)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            guard response.status.code == 200 else { throw HavenError.internalFailure("\(url) answered \(response.status.code)") }
            return Array(body.readableBytesView)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
