import ArgumentParser
import Foundation
import HavenApp
import HavenCore
import HavenStore

/// Where the links the CLI prints point: the tenant's host under `HAVEN_BASE_DOMAIN`, with `HAVEN_HTTPS_PORT` when
/// it is not 443 (as `haven serve` reads them).
enum AccountLinks {
    /// The page without the token (what the mailed link is made of).
    static func page(_ tenant: Tenant, path: String) -> String {
        let base = (Environment.value("HAVEN_BASE_DOMAIN") ?? "localhost").lowercased()
        let port = Environment.value("HAVEN_PUBLIC_HTTPS_PORT") ?? Environment.value("HAVEN_HTTPS_PORT") ?? "8443"
        let authority = "\(tenant.subdomain).\(base)" + (port == "443" ? "" : ":\(port)")
        return "https://\(authority)\(path)"
    }

    static func url(_ tenant: Tenant, path: String, token: String) -> String {
        self.page(tenant, path: path) + "?token=\(token)"
    }

    /// The agent a `--email` names in a tenant, or the usage error.
    static func agent(_ email: String, in tenant: Tenant, store: Store) async throws -> UserID {
        let id = try await store.read { sql -> UserID? in
            for id in try await store.contacts.userIDs(email: email, tenant.id, on: sql)
            where try await store.agents.exists(tenant.id, id, on: sql) {
                return id
            }
            return nil
        }
        guard let id else { throw HavenError.usage("No agent with e-mail \(email) in tenant '\(tenant.subdomain)'") }
        return id
    }

    static func date(_ text: String, option: String) throws -> Timestamp {
        guard let end = CivilDate.endOfDay(text) else { throw HavenError.usage("\(option) must be a date YYYY-MM-DD") }
        return end
    }
}

extension AgentCommand {
    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Invite an agent (no API key): prints the one-time link that sets their password, valid for 7 days.")

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var email: String
        @Option var name: String?
        @Option(help: "agent or supervisor (admin only by an admin's change later)") var role: String = "agent"
        @Option(
            name: .customLong("occasional-until"), help: "Vendor access: an occasional agent whose access ends on this date (YYYY-MM-DD).")
        var occasionalUntil: String?

        func run() async throws {
            guard let role = AgentRole(rawValue: self.role) else {
                CLI.fail(HavenError.usage("--role must be one of admin, supervisor, agent"))
            }
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("agent invite", tenant: self.tenant, in: helpdesk)
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let until = try self.occasionalUntil.map { try AccountLinks.date($0, option: "--occasional-until") }
                let (agent, token) = try await InviteAgent(helpdesk)(
                    email: self.email, name: self.name, role: role, occasionalUntil: until, by: principal,
                    mailing: AccountLinks.page(tenant, path: "/console/set-password"))
                let id = agent.profile.contact.id
                CLI.printJSON([
                    "agent_id": .id(id), "link": .string(AccountLinks.url(tenant, path: "/console/set-password", token: token)),
                    "expires_in_hours": .int(Passwords.lifetime(.invitation) / 3600),
                ])
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Print a one-time link (valid for an hour) that sets a new password for an agent; earlier links stop working.")

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var email: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("agent reset-password", tenant: self.tenant, in: helpdesk)
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let id = try await AccountLinks.agent(self.email, in: tenant, store: helpdesk.store)
                let token = try await Passwords(helpdesk).issueLink(
                    for: id, purpose: .passwordReset, by: principal, mailing: AccountLinks.page(tenant, path: "/console/set-password"))
                CLI.printJSON([
                    "agent_id": .id(id), "link": .string(AccountLinks.url(tenant, path: "/console/set-password", token: token)),
                    "expires_in_hours": .int(Passwords.lifetime(.passwordReset) / 3600),
                ])
            }
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift an agent's sign-in lock.")

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var email: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("agent unlock", tenant: self.tenant, in: helpdesk)
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let id = try await AccountLinks.agent(self.email, in: tenant, store: helpdesk.store)
                try await SecurityAdministration(helpdesk).unlock(id, by: principal)
                CLI.printJSON(["agent_id": .id(id), "unlocked": true])
            }
        }
    }
}

extension TenantCommand {
    struct Allowlist: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A tenant's IP allowlists: the operator's way back in when admins locked themselves out, and bulk import.",
            subcommands: [Clear.self, Replace.self])

        struct Replace: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set",
                abstract: "Replace one allowlist of a tenant with the CIDR blocks of a file (one per line, # comments); audited.")

            @OptionGroup var data: DataDirectoryOption
            @Argument(help: "The tenant's subdomain.") var subdomain: String
            @Option(help: "console, portal or api") var scope: String
            @Option(help: "The file with one CIDR block per line (- for standard input).") var file: String

            func run() async throws {
                guard let scope = SecurityPolicy.AllowlistScope(rawValue: self.scope) else {
                    CLI.fail(HavenError.usage("--scope must be console, portal or api"))
                }
                let text = CLI.readText(self.file)
                let entries = text.split(whereSeparator: \.isNewline)
                    .map {
                        $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
                    }
                    .filter { !$0.isEmpty }
                await CLI.withHelpdesk(self.data) { helpdesk in
                    let principal = try await CLI.principal("tenant allowlist set", tenant: self.subdomain, in: helpdesk)
                    do {
                        // The operator sets lists for the tenant's people: no own address to protect (confirmed).
                        _ = try await SecurityAdministration(helpdesk).update(
                            ["allowlists": [scope.rawValue: .strings(entries)]], confirmed: true, by: principal)
                    } catch HavenError.validation(let problems) {
                        throw HavenError.usage(problems.map(\.message).joined(separator: "; "))
                    }
                    CLI.printJSON([
                        "tenant": .string(self.subdomain), "scope": .string(scope.rawValue), "entries": .int(Int64(entries.count)),
                    ])
                }
            }
        }

        struct Clear: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Empty a tenant's allowlists (all, or the --scope given); audited.")

            @OptionGroup var data: DataDirectoryOption
            @Argument(help: "The tenant's subdomain.") var subdomain: String
            @Option(help: "console, portal or api (default: all three)") var scope: [String] = []

            func run() async throws {
                var scopes: [SecurityPolicy.AllowlistScope] = []
                for name in self.scope {
                    guard let scope = SecurityPolicy.AllowlistScope(rawValue: name) else {
                        CLI.fail(HavenError.usage("--scope must be console, portal or api"))
                    }
                    scopes.append(scope)
                }
                let chosen = scopes.isEmpty ? SecurityPolicy.AllowlistScope.allCases : scopes
                await CLI.withHelpdesk(self.data) { helpdesk in
                    let principal = try await CLI.principal("tenant allowlist clear", tenant: self.subdomain, in: helpdesk)
                    let removed = try await SecurityAdministration(helpdesk).clearAllowlists(chosen, by: principal)
                    CLI.printJSON([
                        "tenant": .string(self.subdomain), "scopes": .strings(chosen.map(\.rawValue)),
                        "entries_removed": .int(Int64(removed)),
                    ])
                }
            }
        }
    }
}

/// `haven api-key create|list|revoke`: an agent's API keys from the command line.
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-key", abstract: "Create, list and revoke agents' API keys.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for an agent; prints it once.")

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var email: String
        @Option var name: String
        @Flag(name: .customLong("read-only")) var readOnly = false
        @Option(help: "Expiry date YYYY-MM-DD (the key works through that day, UTC).") var expires: String?
        @Option(name: .customLong("allow"), help: "A CIDR block the key may be used from (repeat for several).") var allow: [String] = []

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let agent = try await AccountLinks.agent(self.email, in: tenant, store: helpdesk.store)
                let request = APIKeyManagement.Request(
                    name: self.name, expiresAt: try self.expires.map { try AccountLinks.date($0, option: "--expires") },
                    readOnly: self.readOnly,
                    allowlist: self.allow)
                do {
                    let (record, key) = try await APIKeyManagement(helpdesk).create(
                        request, for: agent, by: .cliOperator("api-key create", tenant: tenant.id))
                    CLI.printJSON(["id": .id(record.id), "agent_id": .id(agent), "api_key": .string(key)])
                } catch HavenError.validation(let problems) {
                    throw HavenError.usage(
                        problems.map { "--\($0.field.replacingOccurrences(of: "_", with: "-")) \($0.message)" }.joined(separator: "; "))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one JSON object per key of an agent (never the key itself).")

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var email: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let agent = try await AccountLinks.agent(self.email, in: tenant, store: helpdesk.store)
                for key in try await APIKeyManagement(helpdesk).list(for: agent, by: .cliOperator("api-key list", tenant: tenant.id)) {
                    CLI.printJSON([
                        "id": .id(key.id), "name": .string(key.name), "prefix": .string(key.prefix), "read_only": .bool(key.readOnly),
                        "expires_at": .optional(key.expiresAt), "last_used_at": .optional(key.lastUsedAt),
                        "allowlist": .strings(key.allowlist),
                        "revoked_at": .optional(key.revokedAt), "created_at": .timestamp(key.createdAt),
                    ])
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id; takes effect at once.")

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Argument var id: Int64

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                do {
                    try await APIKeyManagement(helpdesk).revoke(APIKeyID(self.id), by: .cliOperator("api-key revoke", tenant: tenant.id))
                } catch HavenError.notFound {
                    throw HavenError.usage("No unrevoked key \(self.id) in tenant '\(self.tenant)'")
                }
                CLI.printJSON(["id": .int(self.id), "revoked": true])
            }
        }
    }
}

/// `haven contact password-link`: a portal customer's one-time link that sets their password.
struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Portal customers' sign-in.", subcommands: [PasswordLink.self])

    struct PasswordLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password-link",
            abstract: "Print a one-time link (valid 7 days) where a contact sets their portal password; earlier links stop working.")

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var email: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("contact password-link", tenant: self.tenant, in: helpdesk)
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let store = helpdesk.store
                let id = try await store.read { sql -> UserID? in
                    for id in try await store.contacts.userIDs(email: self.email, tenant.id, on: sql)
                    where try await !store.agents.exists(tenant.id, id, on: sql) {
                        return id
                    }
                    return nil
                }
                guard let id else { throw HavenError.usage("No contact with e-mail \(self.email) in tenant '\(self.tenant)'") }
                let token = try await Passwords(helpdesk).issueLink(
                    for: id, purpose: .invitation, by: principal, mailing: AccountLinks.page(tenant, path: "/set-password"))
                CLI.printJSON([
                    "contact_id": .id(id), "link": .string(AccountLinks.url(tenant, path: "/set-password", token: token)),
                    "expires_in_hours": .int(Passwords.lifetime(.invitation) / 3600),
                ])
            }
        }
    }
}
