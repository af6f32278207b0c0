import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real Postfix (Debian's) of the test's own: its configuration, queue and log in a temporary directory, SMTP on a
/// free loopback port, mail for `domain` handed to Haven over LMTP — the setup docs/email.md gives operators, so
/// the machine's own Postfix (if any) is never touched. Retries are fast (1 s) so a test sees a deferred message
/// arrive once Haven is back.
final class PostfixInstance: Sendable {
    let directory: String
    let smtpPort: Int
    let process: ChildProcess

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/postfix") }

    static func start(lmtpPort: Int, domain: String) async throws -> PostfixInstance {
        let directory = "/tmp/haven-postfix-" + UUID().uuidString.prefix(8).lowercased()
        let configuration = directory + "/conf"
        try FileManager.default.createDirectory(atPath: configuration, withIntermediateDirectories: true)
        // Postfix's daemons run as `postfix` and must reach their queue under this directory.
        chmod(directory, 0o755)
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/queue", withIntermediateDirectories: true)
        _ = try await ChildProcess("/bin/chown", ["postfix", directory + "/data"]).finished()
        let smtpPort = FreePort.next()
        let main = """
            compatibility_level = 3.6
            queue_directory = \(directory)/queue
            data_directory = \(directory)/data
            mail_owner = postfix
            setgid_group = postdrop
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            myhostname = mx.haven.test
            mydestination =
            mynetworks = 127.0.0.0/8
            local_recipient_maps =
            relay_domains =
            virtual_mailbox_domains = \(domain)
            virtual_transport = lmtp:inet:127.0.0.1:\(lmtpPort)
            smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
            maillog_file = \(directory)/maillog
            maillog_file_prefixes = /tmp
            smtputf8_enable = no
            biff = no
            queue_run_delay = 1s
            minimal_backoff_time = 1s
            maximal_backoff_time = 2s
            lmtp_connection_cache_on_demand = no
            message_size_limit = 52428800

            """
        var master = "127.0.0.1:\(smtpPort) inet n - n - - smtpd\n"
        for line in [
            "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
            "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap", "smtp unix - - n - - smtp", "relay unix - - n - - smtp",
            "showq unix n - n - - showq", "error unix - - n - - error", "retry unix - - n - - error",
            "discard unix - - n - - discard", "lmtp unix - - n - - lmtp", "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd",
        ] {
            master += line + "\n"
        }
        try main.write(toFile: configuration + "/main.cf", atomically: true, encoding: .utf8)
        try master.write(toFile: configuration + "/master.cf", atomically: true, encoding: .utf8)
        try? FileManager.default.copyItem(atPath: "/etc/postfix/dynamicmaps.cf", toPath: configuration + "/dynamicmaps.cf")
        let process = try ChildProcess("/usr/sbin/postfix", ["-c", configuration, "start-fg"], discardOutput: true)
        let instance = PostfixInstance(directory: directory, smtpPort: smtpPort, process: process)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if (try? RawConnection(port: smtpPort)) != nil { return instance }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        await instance.stop()
        throw ChildProcess.SpawnError(description: "Postfix did not start: \(instance.log)")
    }

    private init(directory: String, smtpPort: Int, process: ChildProcess) {
        self.directory = directory
        self.smtpPort = smtpPort
        self.process = process
    }

    /// Postfix's log so far.
    var log: String { (try? String(contentsOfFile: self.directory + "/maillog", encoding: .utf8)) ?? "" }

    /// Messages still in the queue (incoming, active or deferred).
    var queued: Int {
        ["incoming", "active", "deferred", "maildrop"].reduce(0) { total, name in
            total + DataFiles.paths(under: self.directory + "/queue/" + name).count
        }
    }

    /// `postqueue -f`: attempt every queued message now (as an operator would after bringing the LMTP side back),
    /// instead of waiting for Postfix's retry schedule, which backs off after a failure mid-message.
    func flush() async {
        _ = try? await ChildProcess("/usr/sbin/postqueue", ["-c", self.directory + "/conf", "-f"], discardOutput: true).finished()
    }

    /// `postqueue -p`: what is still queued and why (for failure messages).
    func queueListing() async -> String {
        (try? await ChildProcess("/usr/sbin/postqueue", ["-c", self.directory + "/conf", "-p"]).finished()).map { $0.stdout + $0.stderr }
            ?? "(postqueue failed)"
    }

    func stop() async {
        _ = try? await ChildProcess("/usr/sbin/postfix", ["-c", self.directory + "/conf", "stop"], discardOutput: true).finished()
        if self.process.isRunning { self.process.terminate() }
        _ = await Task.detached { self.process.waitUntilExit() }.value
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    /// Sends one message through this Postfix with swaks; returns swaks's transcript.
    func send(_ arguments: [String]) async throws -> String {
        let result = try await ChildProcess("/usr/bin/swaks", ["--server", "127.0.0.1:\(self.smtpPort)"] + arguments).finished()
        guard result.status == 0 else { throw ChildProcess.SpawnError(description: "swaks failed: \(result.stdout)\(result.stderr)") }
        return result.stdout
    }
}
