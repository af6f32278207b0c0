import ArgumentParser
import Foundation
import HavenAudit
import HavenCore
import HavenStore
import Logging

/// `haven db …`: moving a deployment's database.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Move a deployment's database.", subcommands: [DatabaseCopyCommand.self])
}

/// `haven db copy --to postgres://…`: the SQLite deployment in `--data-dir` into an empty PostgreSQL database that
/// `haven migrate` prepared; then the blind indexes are rebuilt there and every tenant's audit chain is verified.
/// The key directory stays where it is: `haven serve --database-url …` uses the same one.
struct DatabaseCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy this SQLite deployment into an empty, migrated PostgreSQL database (docs/postgresql.md).")

    @OptionGroup var data: DataDirectoryOption
    @Option(name: .customLong("to"), help: "The PostgreSQL database: postgres://user:password@host:port/database (a node's role).")
    var target: String

    func run() async throws {
        let started = ContinuousClock.now
        let logger = CLI.logger()
        do {
            guard self.data.databaseURL == nil else {
                throw HavenError.usage(
                    "haven db copy reads the SQLite deployment in --data-dir; name the target with --to, not --database-url")
            }
            let url = try DatabaseURL(parsing: self.target)
            let directory = self.data.resolved
            guard FileManager.default.fileExists(atPath: Store.databasePath(dataDirectory: directory)) else {
                throw HavenError.usage("There is no SQLite deployment in \(directory) (no haven.sqlite)")
            }
            let keyDirectory = self.data.resolvedKeyDirectory ?? Store.defaultKeyDirectory(dataDirectory: directory)
            let source = try await Store.open(dataDirectory: directory, keyDirectory: keyDirectory, logger: logger)
            let copied: DatabaseCopy.Outcome
            do {
                let target = try await Store.verifiedPostgres(url, maximumConnections: 4, clock: SystemClock(), logger: logger)
                do {
                    copied = try await DatabaseCopy(source: source, target: target, logger: logger).run { table, rows in
                        FileHandleOutput.standardError("copied \(rows) rows of \(table)\n")
                    }
                } catch {
                    await target.close()
                    throw error
                }
                await target.close()
            } catch {
                await source.database.close()
                throw error
            }
            await source.database.close()
            let tenants = try await Self.finish(url, keyDirectory: keyDirectory, logger: logger)
            let seconds = ContinuousClock.now - started
            CLI.printJSON([
                "tables": .int(Int64(copied.tables)), "rows": .int(Int64(copied.rows)), "tenants": .array(tenants),
                "seconds": .int(seconds.components.seconds),
            ])
        } catch {
            CLI.fail(error)
        }
    }

    /// On the target: every tenant's blind indexes rebuilt and its audit chain verified (a chain that does not verify
    /// fails the command, naming the tenant).
    static func finish(_ url: DatabaseURL, keyDirectory: String, logger: Logger) async throws -> [JSONValue] {
        let store = try await Store.open(databaseURL: url, keyDirectory: keyDirectory, maximumConnections: 4, logger: logger)
        do {
            var report: [JSONValue] = []
            for tenant in try await store.read({ sql in try await store.tenants.all(on: sql) }) {
                let indexed = try await Reindexer(store: store).run(tenant.id)
                guard case .intact(let entries) = try await AuditVerifier(store: store).verify(tenant.id) else {
                    throw HavenError.usage("The audit chain of tenant \(tenant.subdomain) does not verify on the target: do not use it")
                }
                report.append([
                    "subdomain": .string(tenant.subdomain), "tickets": .int(Int64(indexed.tickets)),
                    "people": .int(Int64(indexed.users)), "audit_entries_verified": .int(Int64(entries)),
                ])
            }
            await store.database.close()
            return report
        } catch {
            await store.database.close()
            throw error
        }
    }
}
