import ArgumentParser
import HavenCore
import HavenStore

@main
struct Haven: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haven",
        abstract: "A self-hosted, multi-tenant helpdesk with a Freshdesk-compatible API.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, TenantCommand.self, AgentCommand.self, KeysCommand.self, ReindexCommand.self,
            AuditCommand.self,
            DomainsCommand.self, TLSCommand.self, APIKeyCommand.self, ContactCommand.self, MailCommand.self, ReceiptsCommand.self,
            RetentionCommand.self, ExportCommand.self, DatabaseCommand.self,
        ]
    )
}

/// `--data-dir` and `--key-dir`, accepted by every subcommand that touches data; `HAVEN_DATA_DIR` and
/// `HAVEN_KEY_DIR` when absent.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $HAVEN_DATA_DIR or ./data).")
    var dataDirectory: String?

    @Option(
        name: .customLong("key-dir"),
        help:
            "Key directory: epoch keys and the keystore (default: $HAVEN_KEY_DIR or DATA_DIR/keys; production keeps it outside the data directory)."
    )
    var keyDirectory: String?

    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL instead of the embedded SQLite: postgres://user:password@host:port/database (default: $HAVEN_DATABASE_URL)."
    )
    var databaseURL: String?

    /// The PostgreSQL URL given, parsed (a bad one ends the command naming what is wrong).
    func resolvedDatabaseURL() throws -> DatabaseURL? {
        guard let text = self.databaseURL ?? Environment.value("HAVEN_DATABASE_URL"), !text.isEmpty else { return nil }
        return try DatabaseURL(parsing: text)
    }

    var resolved: String {
        self.dataDirectory ?? Environment.value("HAVEN_DATA_DIR") ?? "./data"
    }

    var resolvedKeyDirectory: String? {
        self.keyDirectory ?? Environment.value("HAVEN_KEY_DIR")
    }
}
