import Foundation
import HavenCore
import HavenStore
import Logging
import Synchronization

/// A real PostgreSQL 15 (Debian's `postgresql-15`) for the tests, started once per test process: `initdb` into a
/// temporary directory and `postgres` on a free loopback port, run as the unprivileged `postgres` user when the
/// tests run as root (PostgreSQL refuses to run as root), stopped by a watchdog when the test process ends.
///
/// Roles as docs/postgresql.md has an operator create them: `haven_owner` owns each test database and runs the
/// migrations; `haven_node` is what Haven connects as, a member of `haven_app` with row access only, so the
/// row-level-security wall applies to it. Each test gets a database of its own (`database()`).
actor PostgresServer {
    static let binaries = "/usr/lib/postgresql/15/bin"
    let port: Int
    let directory: String
    private var databases = 0
    /// Databases made for a directory a test reuses (restarts on the same data): the same database each time.
    private var named: [String: (owner: DatabaseURL, node: DatabaseURL)] = [:]

    private init(port: Int, directory: String) {
        self.port = port
        self.directory = directory
    }

    private static let started = StartOnce()

    /// The shared server, started on first use.
    static func shared() async throws -> PostgresServer {
        try await self.started.server()
    }

    private actor StartOnce {
        private var task: Task<PostgresServer, any Error>?
        func server() async throws -> PostgresServer {
            if let task { return try await task.value }
            let task = Task { try await PostgresServer.start() }
            self.task = task
            return try await task.value
        }
    }

    /// The database belonging to a test's data directory: new on first use, the same one when a test starts Haven
    /// again on that directory.
    func database(for directory: String) async throws -> (owner: DatabaseURL, node: DatabaseURL) {
        if let existing = self.named[directory] { return existing }
        let made = try await self.database()
        self.named[directory] = made
        return made
    }

    /// Owner and node URLs of a new, empty database.
    func database() async throws -> (owner: DatabaseURL, node: DatabaseURL) {
        self.databases += 1
        let name = "haven_\(getpid())_\(self.databases)"
        // A copy of the migrated template: a file copy, where migrating each database anew took most of a second.
        for attempt in 1...50 {
            do {
                try Self.psql(self.directory, self.port, "CREATE DATABASE \(name) OWNER haven_owner TEMPLATE haven_template")
                break
            } catch  where attempt < 50 {
                // The template's last connection may still be closing.
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return (
            DatabaseURL(user: "haven_owner", password: "owner-secret", host: "127.0.0.1", port: self.port, database: name, tls: .disable),
            DatabaseURL(user: "haven_node", password: "node-secret", host: "127.0.0.1", port: self.port, database: name, tls: .disable)
        )
    }

    /// Runs SQL as the superuser (setup only: Haven itself never connects as one).
    func superuser(_ sql: String, database: String = "postgres") throws -> String {
        try Self.psql(self.directory, self.port, sql, database: database)
    }

    private static func start() async throws -> PostgresServer {
        guard FileManager.default.isExecutableFile(atPath: "\(Self.binaries)/initdb") else {
            throw HavenError.usage("PostgreSQL 15 is missing: apt-get install postgresql-15 (scripts/test does)")
        }
        let directory = NSTemporaryDirectory() + "haven-pg-\(getpid())-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run("/usr/bin/chown", ["postgres:postgres", directory]) }
        try Self.asServerUser(
            "\(Self.binaries)/initdb",
            [
                "-D", directory + "/data", "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C.UTF-8",
            ])
        let port = FreePort.next()
        // The watchdog stops the server when this test process is gone (Swift Testing has no global tear-down).
        let script = """
            \(Self.binaries)/postgres -D \(directory)/data -p \(port) -k \(directory) -c listen_addresses=127.0.0.1 \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500 \
            -c max_locks_per_transaction=256 > \(directory)/server.log 2>&1 &
            server=$!
            while [ -d /proc/\(getpid()) ] && kill -0 $server 2>/dev/null; do sleep 1; done
            kill -INT $server 2>/dev/null
            """
        let arguments = getuid() == 0 ? ["-u", "postgres", "--", "/bin/sh", "-c", script] : ["-c", script]
        _ = try ChildProcess(getuid() == 0 ? "/usr/sbin/runuser" : "/bin/sh", arguments, discardOutput: true)
        for _ in 0..<200 {
            if (try? ChildProcess("\(Self.binaries)/pg_isready", ["-h", directory, "-p", String(port), "-q"]).finish().status) == 0 {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        _ = try Self.psql(
            directory, port,
            """
            CREATE ROLE haven_owner LOGIN PASSWORD 'owner-secret';
            CREATE ROLE haven_app NOLOGIN;
            CREATE ROLE haven_node LOGIN PASSWORD 'node-secret' IN ROLE haven_app;
            """)
        try Self.psql(directory, port, "CREATE DATABASE haven_template OWNER haven_owner")
        var logger = Logger(label: "postgres-template")
        logger.logLevel = .critical
        try await Store.migratePostgres(
            databaseURL: DatabaseURL(
                user: "haven_owner", password: "owner-secret", host: "127.0.0.1", port: port, database: "haven_template", tls: .disable),
            logger: logger)
        Self.running.withLock { $0 = (directory, port) }
        return PostgresServer(port: port, directory: directory)
    }

    /// Where the started server is, for the synchronous at-rest scan.
    private static let running = Mutex<(directory: String, port: Int)?>(nil)

    /// Every file of the cluster (tables, indexes, write-ahead log), after a checkpoint wrote every change to them:
    /// what an attacker with the database server's disk would read.
    static func filesAtRest() throws -> [String] {
        guard let (directory, port) = Self.running.withLock({ $0 }) else { return [] }
        try Self.psql(directory, port, "CHECKPOINT")
        let data = directory + "/data"
        return (FileManager.default.enumerator(atPath: data)?.compactMap { $0 as? String } ?? []).map { data + "/" + $0 }
    }

    @discardableResult
    private static func psql(_ directory: String, _ port: Int, _ sql: String, database: String = "postgres") throws -> String {
        try Self.asServerUser(
            "\(Self.binaries)/psql",
            ["-h", directory, "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql])
    }

    @discardableResult
    private static func asServerUser(_ executable: String, _ arguments: [String]) throws -> String {
        if getuid() == 0 { return try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments) }
        return try Self.run(executable, arguments)
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let result = try ChildProcess(executable, arguments).finish()
        guard result.status == 0 else {
            throw HavenError.internalFailure("\((executable as NSString).lastPathComponent) failed: \(result.stderr)")
        }
        return result.stdout
    }
}
