import ArgumentParser
import HavenCore

@main
struct Haven: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haven",
        abstract: "A self-hosted, multi-tenant helpdesk with a Freshdesk-compatible API.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, TenantCommand.self, AgentCommand.self, DomainsCommand.self, TLSCommand.self,
        ]
    )
}

/// `--data-dir`, accepted by every subcommand that touches data; `HAVEN_DATA_DIR` when absent.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $HAVEN_DATA_DIR or ./data).")
    var dataDirectory: String?

    var resolved: String {
        self.dataDirectory ?? Environment.value("HAVEN_DATA_DIR") ?? "./data"
    }
}
