import ArgumentParser
import HavenCore

@main
struct Haven: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haven",
        abstract: "A self-hosted, multi-tenant helpdesk with a Freshdesk-compatible API.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, TenantCommand.self, AgentCommand.self, KeysCommand.self, ReindexCommand.self,
            AuditCommand.self,
            DomainsCommand.self, TLSCommand.self, APIKeyCommand.self, ContactCommand.self, MailCommand.self, ReceiptsCommand.self,
            RetentionCommand.self, ExportCommand.self,
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

    var resolved: String {
        self.dataDirectory ?? Environment.value("HAVEN_DATA_DIR") ?? "./data"
    }

    var resolvedKeyDirectory: String? {
        self.keyDirectory ?? Environment.value("HAVEN_KEY_DIR")
    }
}
