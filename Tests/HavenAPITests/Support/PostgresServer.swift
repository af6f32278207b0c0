import Foundation
import HavenCore
import HavenStore
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
    /// Databases made so far, and the one made for each data directory a test uses (restarts on the same data, the
    /// `haven` binary pointed at it): the same database each time.
    private static let made = Mutex<(count: Int, named: [String: (owner: DatabaseURL, node: DatabaseURL)])>((0, [:]))

    private init(port: Int, directory: String) {
        self.port = port
        self.directory = directory
    }

    private static let started = Mutex<Result<PostgresServer, any Error>?>(nil)

    /// The shared server, started on first use.
    static func shared() async throws -> PostgresServer {
        try await Self.offThePool { try Self.startedServer() }
    }

    /// Runs blocking work (processes, waits) on a Dispatch thread: the cooperative pool has a thread per core, and
    /// every in-process test server answers requests on it, so blocking it stalls every test at once.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The same for synchronous callers (the `haven` binary's test helpers): starting is synchronous throughout.
    static func startedServer() throws -> PostgresServer {
        try Self.started.withLock { state in
            if let state { return try state.get() }
            let result = Result { try Self.start() }
            state = result
            return try result.get()
        }
    }

    /// The database belonging to a test's data directory: new on first use, the same one when a test starts Haven
    /// again on that directory.
    func database(for directory: String) async throws -> (owner: DatabaseURL, node: DatabaseURL) {
        try await Self.offThePool { try Self.database(for: directory) }
    }

    /// The same, for synchronous callers (the CLI test helpers): nil before the server started.
    static func database(for directory: String) throws -> (owner: DatabaseURL, node: DatabaseURL) {
        _ = try Self.startedServer()
        let key = URL(fileURLWithPath: directory).standardizedFileURL.path
        if let existing = Self.made.withLock({ $0.named[key] }) {
            if let source = Self.keystoreToRestore.withLock({ $0.removeValue(forKey: key) }),
                let (server, port) = Self.running.withLock({ $0 })
            {
                try Self.dump(source, into: existing.node.database, server, port, options: "--schema=ks")
            }
            return existing
        }
        let created = try Self.newDatabase()
        return Self.made.withLock { made in
            if let raced = made.named[key] { return raced }
            made.named[key] = created
            return created
        }
    }

    /// Backups whose keystore is still to come: restored, as docs/postgresql.md has operators do it, from the newest
    /// keystore (the source's `ks` schema as it is when the backup is first used), never from the backup's time.
    private static let keystoreToRestore = Mutex<[String: String]>([:])

    /// A backup of the database of `source`'s data directory, taken with PostgreSQL's own tools as docs/postgresql.md
    /// tells operators to: the data with `pg_dump --exclude-schema=ks`, restored with `pg_restore` as the database
    /// of `copy`'s directory; its keystore comes from the newest keystore when the copy is first used.
    static func copyDatabase(of source: String, to copy: String) throws {
        let (_, from) = try Self.database(for: source)
        guard let (directory, port) = Self.running.withLock({ $0 }) else { return }
        let number = Self.made.withLock { made in
            made.count += 1
            return made.count
        }
        let name = "haven_\(getpid())_\(number)"
        try Self.psql(directory, port, "CREATE DATABASE \(name) OWNER haven_owner")
        try Self.dump(from.database, into: name, directory, port, options: "--exclude-schema=ks")
        let key = URL(fileURLWithPath: copy).standardizedFileURL.path
        Self.keystoreToRestore.withLock { $0[key] = from.database }
        Self.made.withLock { made in
            made.named[key] = (
                DatabaseURL(user: "haven_owner", password: "owner-secret", host: "127.0.0.1", port: port, database: name, tls: .disable),
                DatabaseURL(user: "haven_node", password: "node-secret", host: "127.0.0.1", port: port, database: name, tls: .disable)
            )
        }
    }

    private static func dump(_ source: String, into target: String, _ directory: String, _ port: Int, options: String) throws {
        let dump = "\(Self.binaries)/pg_dump -h \(directory) -p \(port) -U postgres -Fc \(options) \(source)"
        let restore = "\(Self.binaries)/pg_restore -h \(directory) -p \(port) -U postgres --exit-on-error -d \(target)"
        try Self.asServerUser("/bin/bash", ["-c", "set -o pipefail; \(dump) | \(restore)"])
    }

    /// Owner and node URLs of a new, empty database.
    func database() async throws -> (owner: DatabaseURL, node: DatabaseURL) {
        try await Self.offThePool { try Self.newDatabase() }
    }

    private static func newDatabase() throws -> (owner: DatabaseURL, node: DatabaseURL) {
        guard let (directory, port) = Self.running.withLock({ $0 }) else {
            throw HavenError.internalFailure("the tests' PostgreSQL is not running")
        }
        let number = Self.made.withLock { made in
            made.count += 1
            return made.count
        }
        let name = "haven_\(getpid())_\(number)"
        // A copy of the migrated template: a file copy, where migrating each database anew took most of a second.
        for attempt in 1...50 {
            do {
                try Self.psql(directory, port, "CREATE DATABASE \(name) OWNER haven_owner TEMPLATE haven_template")
                break
            } catch  where attempt < 50 {
                // The template's last connection may still be closing.
                usleep(100_000)
            }
        }
        return (
            DatabaseURL(user: "haven_owner", password: "owner-secret", host: "127.0.0.1", port: port, database: name, tls: .disable),
            DatabaseURL(user: "haven_node", password: "node-secret", host: "127.0.0.1", port: port, database: name, tls: .disable)
        )
    }

    /// Runs SQL as the superuser (setup only: Haven itself never connects as one).
    func superuser(_ sql: String, database: String = "postgres") async throws -> String {
        let (directory, port) = (self.directory, self.port)
        return try await Self.offThePool { try Self.psql(directory, port, sql, database: database) }
    }

    private static func start() throws -> PostgresServer {
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
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1500 \
            -c max_locks_per_transaction=256 -c max_wal_size=64MB -c min_wal_size=32MB > \(directory)/server.log 2>&1 &
            server=$!
            while [ -d /proc/\(getpid()) ] && kill -0 $server 2>/dev/null; do sleep 1; done
            kill -INT $server 2>/dev/null
            wait $server
            rm -rf \(directory)/data
            """
        let arguments = getuid() == 0 ? ["-u", "postgres", "--", "/bin/sh", "-c", script] : ["-c", script]
        _ = try ChildProcess(getuid() == 0 ? "/usr/sbin/runuser" : "/bin/sh", arguments, discardOutput: true)
        for _ in 0..<200 {
            if (try? ChildProcess("\(Self.binaries)/pg_isready", ["-h", directory, "-p", String(port), "-q"]).finish().status) == 0 {
                break
            }
            usleep(50_000)
        }
        _ = try Self.psql(
            directory, port,
            """
            CREATE ROLE haven_owner LOGIN PASSWORD 'owner-secret';
            CREATE ROLE haven_app NOLOGIN;
            CREATE ROLE haven_node LOGIN PASSWORD 'node-secret' IN ROLE haven_app;
            """)
        try Self.psql(directory, port, "CREATE DATABASE haven_template OWNER haven_owner")
        // Migrated by the binary, as an operator would (and synchronously, so the CLI helpers can start the server too).
        let template = DatabaseURL(
            user: "haven_owner", password: "owner-secret", host: "127.0.0.1", port: port, database: "haven_template", tls: .disable)
        let migrated = try ChildProcess(
            CLITests.binary.path, ["migrate", "--data-dir", directory + "/template-data", "--database-url", template.connectionString]
        ).finish()
        guard migrated.status == 0 else { throw HavenError.internalFailure("haven migrate of the template failed: \(migrated.stderr)") }
        Self.running.withLock { $0 = (directory, port) }
        return PostgresServer(port: port, directory: directory)
    }

    /// Where the started server is, for the synchronous at-rest scan.
    private static let running = Mutex<(directory: String, port: Int)?>(nil)

    /// The files of the database belonging to a data directory (its tables and indexes) and the server's write-ahead
    /// log, after a checkpoint wrote every change to them: what an attacker with the database server's disk would
    /// read of that deployment. Empty for a directory without a database.
    static func filesAtRest(of dataDirectory: String) throws -> [String] {
        let key = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        guard let (directory, port) = Self.running.withLock({ $0 }), let database = Self.made.withLock({ $0.named[key] })?.node.database
        else { return [] }
        try Self.psql(directory, port, "CHECKPOINT")
        let oid = try Self.psql(directory, port, "SELECT oid FROM pg_database WHERE datname = '\(database)'").trimmingWhitespace()
        return [directory + "/data/base/" + oid, directory + "/data/pg_wal"].flatMap { root in
            (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []).map { root + "/" + $0 }
        }
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

extension DatabaseURL {
    /// The URL with its password, for a child process's environment (tests only: Haven itself never prints it).
    var connectionString: String {
        "postgres://\(self.user):\(self.password ?? "")@\(self.host):\(self.port)/\(self.database)?sslmode=\(self.tls.rawValue)"
    }
}
