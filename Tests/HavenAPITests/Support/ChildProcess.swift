import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, for tests that run `haven` or the mock DNS. Foundation's
/// `Process.run()` on Linux over-reads a buffer while listing /proc/self/fd and crashes the test process now and
/// then (swift-corelibs-foundation PR #5472), so the suite does not use it.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private var status: Int32?
    private var rawStatus: Int32?

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `executable`; standard output and error are piped to this process unless `discardOutput`.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], discardOutput: Bool = false) throws {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw SpawnError(description: "pipe failed (errno \(errno))")
        }
        // Close-on-exec, so no other child inherits these ends (dup2 onto 1 and 2 in this child clears the flag).
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if discardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard result == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw SpawnError(description: "posix_spawn \(executable) failed (\(result))")
        }
        self.pid = pid
        self.stdoutFD = outPipe[0]
        self.stderrFD = errPipe[0]
    }

    deinit {
        close(self.stdoutFD)
        close(self.stderrFD)
    }

    /// Reads standard output and error until the child closes both, then waits for it to exit.
    func finish() -> (status: Int32, stdout: String, stderr: String) {
        var out: [UInt8] = []
        var err: [UInt8] = []
        var open = [self.stdoutFD: true, self.stderrFD: true]
        while open.values.contains(true) {
            var fds = open.filter(\.value).map { pollfd(fd: $0.key, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 1000) >= 0 else { if errno == EINTR { continue } else { break } }
            for fd in fds where fd.revents != 0 {
                let chunk = Self.read(fd.fd)
                if chunk.isEmpty { open[fd.fd] = false }
                if fd.fd == self.stdoutFD { out += chunk } else { err += chunk }
            }
        }
        return (self.waitUntilExit(), String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// `finish()` on a thread of its own: async tests must never block one of the few cooperative threads (on two
    /// cores, two blocked threads stall every other test's I/O).
    func finished() async -> (status: Int32, stdout: String, stderr: String) {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.finish()) }.start()
        }
    }

    /// Whatever standard output holds within `timeout` (empty when nothing came).
    func readOutput(timeout: Int32 = 200) -> String {
        var fds = [pollfd(fd: self.stdoutFD, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, timeout) > 0 else { return "" }
        return String(decoding: Self.read(self.stdoutFD), as: UTF8.self)
    }

    private static func read(_ fd: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return n > 0 ? Array(buffer.prefix(n)) : []
    }

    var isRunning: Bool {
        if self.status != nil { return false }
        var raw: Int32 = 0
        if waitpid(self.pid, &raw, WNOHANG) == self.pid {
            self.rawStatus = raw
            self.status = Self.decode(raw)
            return false
        }
        return true
    }

    func terminate() { kill(self.pid, SIGTERM) }
    /// SIGKILL: no shutdown code runs (a crash, as far as the database can tell).
    func killHard() { kill(self.pid, SIGKILL) }
    func interrupt() { kill(self.pid, SIGINT) }

    /// The exit code, or the signal number when a signal ended it (as Foundation's `terminationStatus`).
    @discardableResult
    func waitUntilExit() -> Int32 {
        if let status = self.status { return status }
        var raw: Int32 = 0
        while waitpid(self.pid, &raw, 0) < 0, errno == EINTR {}
        self.rawStatus = raw
        let status = Self.decode(raw)
        self.status = status
        return status
    }

    var terminationStatus: Int32 { self.waitUntilExit() }

    /// True when the child exited (rather than being killed by a signal).
    var exitedNormally: Bool {
        self.waitUntilExit()
        return (self.rawStatus ?? 0) & 0x7F == 0
    }

    static func decode(_ raw: Int32) -> Int32 {
        raw & 0x7F == 0 ? (raw >> 8) & 0xFF : raw & 0x7F
    }
}
