import Foundation
import HavenCore
import HavenTLS

/// Another site on loopback, over HTTPS with a certificate from Haven's local CA (which the test browser trusts): a
/// customer's shop that embeds the widget. Python's own HTTP server serves one page; stopped when the test ends.
struct EmbeddingSite: Sendable {
    let host: String
    let port: Int
    let process: ChildProcess

    var origin: String { "https://\(self.host):\(self.port)" }

    static let server = """
        import functools, http.server, ssl, sys
        port, root, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=root))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.serve_forever()
        """

    /// Serves `page` as `/` of `https://{host}:{port}/`.
    static func start(host: String, page: String, harness: BrowserHarness, port: Int = FreePort.next()) async throws -> EmbeddingSite {
        let root = harness.directory + "/site-\(host)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try page.write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        let authority = LocalCertificateAuthority(dataDirectory: harness.directory + "/data", baseDomain: "localhost", clock: SystemClock())
        let (chain, key) = try authority.hostIssuer().issue(for: host)
        try chain.write(toFile: root + ".pem", atomically: true, encoding: .utf8)
        try key.write(toFile: root + "-key.pem", atomically: true, encoding: .utf8)
        let process = try ChildProcess(
            "/usr/bin/env", ["python3", "-c", Self.server, String(port), root, root + ".pem", root + "-key.pem"], discardOutput: true)
        let site = EmbeddingSite(host: host, port: port, process: process)
        for _ in 0..<100 {
            let (status, _, _) = try await ChildProcess(
                "/usr/bin/curl",
                [
                    "-s", "-o", "/dev/null", "--cacert", authority.caCertificatePath, "--resolve", "\(host):\(port):127.0.0.1",
                    site.origin + "/",
                ]
            ).finished()
            if status == 0 { return site }
            try await Task.sleep(for: .milliseconds(100))
        }
        await BrowserHarness.stop(process)
        throw WebDriver.Failure(description: "the site \(site.origin) did not start")
    }

    func stop() async {
        await BrowserHarness.stop(self.process)
    }
}
