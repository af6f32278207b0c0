import ArgumentParser
import HavenAPI
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Logging
import ServiceLifecycle
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web server, the API and the background services."
    )

    @OptionGroup var data: DataDirectoryOption
    @Option(name: .customLong("http-port"), help: "Plain HTTP port (default 8080; $HAVEN_HTTP_PORT).")
    var httpPort: Int?
    @Option(
        name: .customLong("https-port"),
        help: "HTTPS port (default 8443; $HAVEN_HTTPS_PORT). Reserved: the HTTPS listener is not built yet.")
    var httpsPort: Int?
    @Option(name: .customLong("base-domain"), help: "Tenants are served at {subdomain}.{base-domain} (default localhost).")
    var baseDomain: String?
    @Option(name: .customLong("bind"), help: "Address to listen on (default 127.0.0.1; $HAVEN_BIND_HOST).")
    var bindHost: String?
    @Flag(
        name: .customLong("http-api-on-loopback"),
        help: "Development only: also serve the API over plain HTTP to loopback clients (default off)."
    )
    var httpAPIOnLoopback = false

    func run() async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.load(
                flags: .init(
                    dataDirectory: self.data.dataDirectory, keyDirectory: self.data.keyDirectory, databaseURL: self.data.databaseURL,
                    httpPort: self.httpPort,
                    httpsPort: self.httpsPort, baseDomain: self.baseDomain, bindHost: self.bindHost,
                    httpAPIOnLoopback: self.httpAPIOnLoopback),
                environment: Environment.all)
        } catch {
            CLI.fail(error)
        }
        let logger = CLI.logger(level: configuration.logLevel)
        if let url = configuration.databaseURL {
            await Self.serveOnPostgres(url, configuration, logger: logger)
            return
        }
        let helpdesk = await Self.open(configuration, logger: logger)
        do {
            let server = try Self.server(helpdesk, configuration, logger: logger)
            try await server.run()
        } catch {
            await helpdesk.store.database.close()
            CLI.fail(error)
        }
        await helpdesk.store.database.close()
    }

    /// On PostgreSQL the connection pool is a service: the first of a group whose second opens Haven and serves
    /// (`ServingService`). The group starts the pool first and, shutting down in reverse order, stops it last, once
    /// the server and all its services have stopped using the database.
    static func serveOnPostgres(_ url: DatabaseURL, _ configuration: ServerConfiguration, logger: Logger) async {
        let database = HavenDatabase.openAwaitingPool(url: url, maximumConnections: configuration.databaseConnections, logger: logger)
        guard let pool = database.poolService else { CLI.fail(HavenError.internalFailure("a PostgreSQL database without a pool")) }
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: pool),
                    // The server stopping (on a signal, which it handles too) stops the group: the pool then stops.
                    .init(
                        service: ServingService(configuration: configuration, database: database, logger: logger),
                        successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await database.close()
            CLI.fail(error)
        }
        await database.close()
    }

    /// Opens Haven through the composition root (on `database`, when `serve` opened it); on an empty data directory,
    /// creates the demo tenant and prints its admin's API key once (only its hash is stored).
    static func open(_ configuration: ServerConfiguration, database: HavenDatabase? = nil, logger: Logger) async -> Helpdesk {
        do {
            let helpdesk = try await Composition.open(configuration, database: database, logger: logger)
            if Store.keysInsideDataDirectory(keyDirectory: configuration.keyDirectory, dataDirectory: configuration.dataDirectory) {
                logger.warning(
                    "Encryption keys are kept inside the data directory. A copy or backup of the data directory then carries the keys with it, which voids crypto-shredding: production keeps them elsewhere (HAVEN_KEY_DIR or --key-dir) or in a KMS."
                )
            }
            if let demo = try await FirstRun.bootstrapIfEmpty(store: helpdesk.store) {
                CLI.printLine("Created tenant 'demo' with admin agent \(demo.agentID). API key (shown once): \(demo.apiKey)")
                // The admin's way into the console: a one-time link that sets their password.
                let token = try await Passwords(helpdesk).issueLink(
                    for: demo.agentID, purpose: .invitation, by: .cliOperator("serve (first run)", tenant: demo.tenant.id))
                let port = configuration.httpsPort == 443 ? "" : ":\(configuration.httpsPort)"
                CLI.printLine(
                    "Console: set the admin's password (admin@demo.example) at "
                        + "https://demo.\(configuration.api.baseDomain)\(port)/console/set-password?token=\(token) (valid 7 days, once)")
            }
            return helpdesk
        } catch {
            CLI.fail(error)
        }
    }

    /// The server, announcing each listener once it accepts connections.
    static func server(_ helpdesk: Helpdesk, _ configuration: ServerConfiguration, logger: Logger) throws -> HavenServer {
        let server = try HavenServer(helpdesk: helpdesk, configuration: configuration, logger: logger) { kind, port in
            switch kind {
            case "https":
                CLI.printLine(
                    "Haven is serving the API on https://\(configuration.bindHost):\(port)/api/v2 (data: "
                        + "\(configuration.databaseURL?.redacted ?? configuration.dataDirectory))")
            case "lmtp":
                let place = configuration.mail.lmtpSocket ?? "\(configuration.mail.lmtpHost):\(port)"
                CLI.printLine("Mail for *@\(helpdesk.settings.mailDomain) and the support addresses is received over LMTP on \(place)")
            case "metrics":
                CLI.printLine("Metrics for operators on http://\(configuration.metrics?.host ?? ""):\(port)/metrics")
            default:
                CLI.printLine("Plain HTTP on http://\(configuration.bindHost):\(port) redirects to HTTPS")
            }
        }
        if let caPath = server.caCertificatePath {
            CLI.printLine("TLS certificate from Haven's local CA; trust it with: \(caPath)")
        }
        return server
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let url: DatabaseURL?
        do {
            url = try self.data.resolvedDatabaseURL()
        } catch {
            CLI.fail(error)
        }
        if let url {
            // PostgreSQL: run as the owner of Haven's tables; the nodes connect as members of haven_app.
            do {
                let applied = try await Store.migratePostgres(databaseURL: url, logger: CLI.logger())
                CLI.printJSON([
                    "schema_version": .int(Int64(Migrations.all.map(\.version).max() ?? 0)), "applied": .int(Int64(applied.count)),
                ])
            } catch {
                CLI.fail(error)
            }
            return
        }
        await CLI.withStore(self.data) { store in
            let versions = try await Migrator(database: store.database, clock: store.clock).appliedVersions()
            CLI.printJSON(["schema_version": .int(Int64(versions.max() ?? 0))])
        }
    }
}
