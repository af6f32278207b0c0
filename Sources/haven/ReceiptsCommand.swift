import ArgumentParser
import Foundation
import HavenApp
import HavenCore
import HavenStore

/// `haven receipts`: the signed receipts of permanent deletions (contacts erased, tenants purged) — list, print one
/// as its file, print the deployment's public key, verify a file.
struct ReceiptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts",
        abstract: "Signed receipts of permanent deletions: list, show, verify, and the public key that checks them.",
        subcommands: [List.self, Show.self, Verify.self, PublicKey.self]
    )

    /// The tenant a `--tenant SUB` or `--tenant-id N` names (the id for a purged tenant).
    struct TenantChoice: ParsableArguments {
        @Option(help: "The tenant (subdomain).") var tenant: String?
        @Option(help: "The tenant's id: for a purged tenant, whose subdomain is gone.") var tenantId: Int64?

        func resolve(_ helpdesk: Helpdesk) async throws -> TenantID {
            switch (self.tenant, self.tenantId) {
            case (let subdomain?, nil): return try await CLI.tenant(subdomain, in: helpdesk.store).id
            case (nil, let id?): return TenantID(id)
            default: throw HavenError.usage("Name the tenant with --tenant SUB or --tenant-id N (one of them)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a tenant's receipts as one JSON array, newest first.")

        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var choice: TenantChoice

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let tenant = try await self.choice.resolve(helpdesk)
                let receipts = try await DeletionReceipts(helpdesk).list(tenant: tenant)
                CLI.printJSON(
                    .array(
                        receipts.map {
                            .object(["id": .string($0.id), "kind": .string($0.kind), "created_at": .timestamp($0.createdAt)])
                        }))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one receipt as the file to hand over (its signed body, signature and public key).")

        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var choice: TenantChoice
        @Argument(help: "The receipt's id.") var id: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let tenant = try await self.choice.resolve(helpdesk)
                guard let file = try await DeletionReceipts(helpdesk).file(self.id, tenant: tenant) else {
                    throw HavenError.usage("No receipt \(self.id) for that tenant")
                }
                // The file as signed: printed whole, ending in its one newline.
                CLI.printLine(String(file.dropLast()))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a receipt file against this deployment's public key; exit 0 when it is genuine and unaltered.")

        @OptionGroup var data: DataDirectoryOption
        @Argument(help: "The receipt file (- for standard input).") var file: String

        func run() async throws {
            let text = CLI.readText(self.file)
            await CLI.withHelpdesk(self.data) { helpdesk in
                switch try await DeletionReceipts(helpdesk).verify(text) {
                case .valid(let kind, let tenant, let at):
                    CLI.printJSON(["valid": true, "kind": .string(kind), "tenant_id": .int(tenant), "at": .string(at)])
                case .otherKey:
                    throw HavenError.usage("not valid: signed by another key than this deployment's")
                case .altered:
                    throw HavenError.usage("not valid: the receipt was altered after it was signed")
                case .unreadable(let why):
                    throw HavenError.usage("not valid: \(why)")
                }
            }
        }
    }

    struct PublicKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public-key", abstract: "Print the deployment's Ed25519 public key that signs receipts (base64).")

        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                CLI.printJSON(["algorithm": "Ed25519", "public_key": .string(try await DeletionReceipts(helpdesk).publicKey())])
            }
        }
    }
}
