import Foundation

/// aiosmtpd (PyPI) as the smarthost Haven sends through, the way a mail provider's submission port works: STARTTLS
/// required (with a certificate for `localhost` that only this test's CA bundle trusts), AUTH required over TLS, and
/// every accepted message recorded as `NNNN.eml` with its envelope in `NNNN.json`.
final class Smarthost: Sendable {
    let directory: String
    let port: Int
    let process: ChildProcess
    static let username = "haven"
    static let password = "s3cret p@ss"

    static var isInstalled: Bool {
        (try? ChildProcess("/usr/bin/env", ["python3", "-c", "import aiosmtpd, dkim"], discardOutput: true).waitUntilExit()) == 0
    }

    struct Received: Sendable {
        let bytes: [UInt8]
        let sender: String
        let recipients: [String]
        let tls: Bool
        let authenticated: Bool
    }

    static let script = """
        import json, os, signal, ssl, sys
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword
        out, port, cert, key, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
        excluded = ["PLAIN"] if sys.argv[7] == "login-only" else []
        class Handler:
            count = 0
            async def handle_DATA(self, server, session, envelope):
                Handler.count += 1
                base = os.path.join(out, "%04d" % Handler.count)
                with open(base + ".eml", "wb") as f:
                    f.write(envelope.original_content)
                with open(base + ".json", "w") as f:
                    json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "tls": session.ssl is not None,
                               "auth": bool(session.authenticated)}, f)
                return "250 2.0.0 Recorded"
        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login == user.encode() and data.password == password.encode()
            return AuthResult(success=ok, handled=False)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                                authenticator=authenticate, auth_require_tls=True, auth_exclude_mechanism=excluded)
        controller.start()
        print("ready", flush=True)
        signal.sigwait([signal.SIGTERM, signal.SIGINT])
        controller.stop()
        """

    /// Starts it; `caBundle` is the PEM file Haven must trust (HAVEN_SMTP_CA_BUNDLE). `loginOnly`: AUTH offers
    /// LOGIN and not PLAIN, as some providers do.
    static func start(loginOnly: Bool = false) async throws -> (Smarthost, caBundle: String) {
        let directory = NSTemporaryDirectory() + "haven-smarthost-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/mail", withIntermediateDirectories: true)
        let made = try await ChildProcess(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ]
        ).finished()
        guard made.status == 0 else { throw ChildProcess.SpawnError(description: "openssl: \(made.stderr)") }
        let port = FreePort.next()
        let process = try ChildProcess(
            "/usr/bin/env",
            [
                "python3", "-c", Self.script, directory + "/mail", String(port), directory + "/cert.pem", directory + "/key.pem",
                Self.username, Self.password, loginOnly ? "login-only" : "any",
            ])
        let host = Smarthost(directory: directory, port: port, process: process)
        var output = ""
        let deadline = Date().addingTimeInterval(20)
        while !output.contains("ready"), Date() < deadline, process.isRunning { output += process.readOutput() }
        guard output.contains("ready") else {
            await host.stop()
            throw ChildProcess.SpawnError(description: "the smarthost did not start: \(output)")
        }
        return (host, directory + "/cert.pem")
    }

    private init(directory: String, port: Int, process: ChildProcess) {
        self.directory = directory
        self.port = port
        self.process = process
    }

    /// `HAVEN_SMTP_URL` for this smarthost.
    var url: String {
        let password = Self.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "smtp://\(Self.username):\(password)@localhost:\(self.port)"
    }

    var received: [Received] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: self.directory + "/mail")) ?? []).filter {
            $0.hasSuffix(".json")
        }
        .sorted()
        return names.compactMap { name in
            let base = self.directory + "/mail/" + name.dropLast(5)
            guard
                let envelope = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: base + ".json")))
                    as? [String: Any],
                let bytes = try? Data(contentsOf: URL(fileURLWithPath: base + ".eml"))
            else { return nil }
            return Received(
                bytes: Array(bytes), sender: envelope["from"] as? String ?? "", recipients: envelope["to"] as? [String] ?? [],
                tls: envelope["tls"] as? Bool ?? false, authenticated: envelope["auth"] as? Bool ?? false)
        }
    }

    func stop() async {
        self.process.terminate()
        _ = await self.process.finished()
        try? FileManager.default.removeItem(atPath: self.directory)
    }
}
