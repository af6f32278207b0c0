import ArgumentParser
import HavenApp
import HavenCore
import HavenStore

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create and manage tenants.",
        subcommands: [Create.self, List.self, Terminate.self, Reactivate.self, Purge.self, Allowlist.self, CardMasking.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tenant with its admin agent; prints one JSON object with the admin's API key."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option var name: String
        @Option var subdomain: String
        @Option(name: .customLong("admin-email")) var adminEmail: String
        @Option(name: .customLong("admin-name")) var adminName: String?
        @Option(help: "The deployment region recorded for the tenant.") var region: String = "local"

        func run() async throws {
            await CLI.withStore(self.data) { store in
                let created = try await Provisioning(store: store, actor: .cli("tenant create")).createTenant(
                    name: self.name,
                    subdomain: self.subdomain,
                    adminEmail: self.adminEmail,
                    adminName: self.adminName,
                    region: self.region
                )
                CLI.printJSON([
                    "tenant_id": .id(created.tenant.id),
                    "subdomain": .string(created.tenant.subdomain),
                    "agent_id": .id(created.agentID),
                    "api_key": .string(created.apiKey),
                ])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one JSON object per tenant.")

        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                // The purge date as `serve` will see it (HAVEN_TENANT_PURGE_DAYS, default 90).
                let days =
                    Int64(Environment.value("HAVEN_TENANT_PURGE_DAYS") ?? "").flatMap { (1...36_500).contains($0) ? $0 : nil }
                    ?? TenantPurges.defaultDays
                for tenant in try await TenantAdministration(helpdesk).all() {
                    var object: JSONObject = [
                        "tenant_id": .id(tenant.id),
                        "name": .string(tenant.name),
                        "subdomain": .string(tenant.subdomain),
                        "region": .string(tenant.region),
                        "status": .string(tenant.status.rawValue),
                        "created_at": .timestamp(tenant.createdAt),
                    ]
                    if let purgeAt = TenantPurges.purgeAt(tenant, days: days) {
                        object.append("terminated_at", .optional(tenant.terminatedAt ?? tenant.updatedAt))
                        object.append("purge_at", .timestamp(purgeAt))
                    }
                    CLI.printJSON(.object(object))
                }
            }
        }
    }

    struct Terminate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a tenant: its API answers 403 account_suspended.")

        @OptionGroup var data: DataDirectoryOption
        @Argument var subdomain: String

        func run() async throws {
            await setStatus(self.data, self.subdomain, .terminated)
        }
    }

    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reactivate a terminated tenant.")

        @OptionGroup var data: DataDirectoryOption
        @Argument var subdomain: String

        func run() async throws {
            await setStatus(self.data, self.subdomain, .active)
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a terminated tenant for good: its rows, index tokens and every key (unreadable in backups too)."
        )

        @OptionGroup var data: DataDirectoryOption
        @Argument var subdomain: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let (tenant, receipt) = try await TenantAdministration(helpdesk).purge(subdomain: self.subdomain)
                CLI.printJSON([
                    "subdomain": .string(self.subdomain), "tenant_id": .id(tenant), "status": "purged", "receipt": .string(receipt),
                ])
            }
        }
    }

    static func setStatus(_ data: DataDirectoryOption, _ subdomain: String, _ status: Tenant.Status) async {
        await CLI.withHelpdesk(data) { helpdesk in
            try await TenantAdministration(helpdesk).setStatus(
                status, subdomain: subdomain, command: status == .active ? "tenant reactivate" : "tenant terminate")
            CLI.printJSON(["subdomain": .string(subdomain), "status": .string(status.rawValue)])
        }
    }
}

private func setStatus(_ data: DataDirectoryOption, _ subdomain: String, _ status: Tenant.Status) async {
    await TenantCommand.setStatus(data, subdomain, status)
}

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Create and invite agents, print password links, lift locks.",
        subcommands: [Create.self, Invite.self, ResetPassword.self, Unlock.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an agent in a tenant; prints one JSON object with its API key."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var email: String
        @Option var name: String
        @Option var role: String = "agent"
        @Flag var occasional = false

        func run() async throws {
            guard let role = AgentRole(rawValue: self.role) else {
                CLI.fail(HavenError.usage("--role must be one of admin, supervisor, agent"))
            }
            await CLI.withStore(self.data) { store in
                let created = try await Provisioning(store: store, actor: .cli("agent create")).createAgent(
                    tenantSubdomain: self.tenant,
                    email: self.email,
                    name: self.name,
                    role: role,
                    occasional: self.occasional
                )
                CLI.printJSON(["agent_id": .id(created.agentID), "api_key": .string(created.apiKey)])
            }
        }
    }
}
