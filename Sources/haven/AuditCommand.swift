import ArgumentParser
import HavenAudit
import HavenCore
import HavenStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the tamper-evident audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-compute a tenant's audit hash chain: exit 0 when intact, 1 naming the first entry that does not verify."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String

        func run() async throws {
            let result = await CLI.withStore(self.data) { store -> AuditVerifier.Result in
                guard let tenant = try await store.read({ sql in try await store.tenants.find(subdomain: self.tenant, on: sql) }) else {
                    throw HavenError.usage("No tenant with subdomain '\(self.tenant)'")
                }
                return try await AuditVerifier(store: store).verify(tenant.id)
            }
            switch result {
            case .intact(let entries):
                CLI.printJSON(["subdomain": .string(self.tenant), "intact": true, "entries": .int(Int64(entries))])
            case .broken(let seq, let reason):
                CLI.printJSON(["subdomain": .string(self.tenant), "intact": false, "first_bad_entry": .int(seq), "reason": .string(reason)])
                throw ExitCode(1)
            }
        }
    }
}
