import ArgumentParser
import HavenCore
import HavenCrypto
import HavenStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Inspect and rotate the encryption keys.",
        subcommands: [Status.self, Rotate.self, NewEpoch.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print epochs, key versions and how many envelopes each key version still holds (one JSON object)."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "Only this tenant (subdomain).") var tenant: String?

        func run() async throws {
            await CLI.withStore(self.data) { store in
                let admin = KeyAdministration(store: store, actor: .cli("keys status"))
                let tenants = try await store.read { sql in try await store.tenants.all(on: sql) }
                    .filter { self.tenant == nil || $0.subdomain == self.tenant }
                if let wanted = self.tenant, tenants.isEmpty { throw HavenError.usage("No tenant with subdomain '\(wanted)'") }
                var tenantObjects: [JSONValue] = []
                for tenant in tenants {
                    let status = try await admin.status(tenant.id)
                    var envelopes = JSONObject()
                    for scope in status.envelopes.keys.sorted() {
                        let versions = status.envelopes[scope]!.sorted { $0.key < $1.key }.map {
                            (String($0.key), JSONValue.int(Int64($0.value)))
                        }
                        envelopes.append(scope, .object(JSONObject(versions)))
                    }
                    tenantObjects.append(
                        .object(
                            JSONObject([
                                ("subdomain", .string(tenant.subdomain)),
                                ("data_key_version", .int(Int64(status.dataVersion))),
                                ("key_encryption_key_generation", .int(Int64(status.keyEncryptionGeneration))),
                                ("epoch", .int(status.epoch)),
                                ("subject_keys", .int(Int64(status.subjectKeys))),
                                ("envelopes_by_key_version", .object(envelopes)),
                                (
                                    "old_version_envelopes",
                                    .int(
                                        Int64(
                                            status.envelopes.values.flatMap { $0 }.filter { $0.key < status.dataVersion }.map(\.value)
                                                .reduce(0, +)))
                                ),
                                ("plaintext_values", .int(Int64(status.plaintextValues))),
                            ])
                        )
                    )
                }
                let epochs: [JSONValue] = try await admin.epochs().map { epoch in
                    .object(
                        JSONObject([
                            ("epoch", .int(epoch.epoch)),
                            ("state", .string(epoch.state)),
                            ("key_present", .bool(epoch.keyPresent)),
                            ("destroy_after", epoch.destroyAfter.map { .timestamp($0) } ?? .null),
                        ])
                    )
                }
                CLI.printJSON(
                    .object(
                        JSONObject([
                            ("provider", .string(store.keys.provider.name)),
                            ("epochs", .array(epochs)),
                            ("tenants", .array(tenantObjects)),
                        ])
                    )
                )
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new data-key version primary and re-encrypt every older envelope while Haven serves."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String

        func run() async throws {
            await CLI.withStore(self.data) { store in
                let tenant = try await CLI.tenant(self.tenant, in: store)
                let version = try await KeyAdministration(store: store, actor: .cli("keys rotate")).rotate(tenant.id)
                let result = try await KeyRotationRun(store: store, tenant: tenant.id).run { done, total in
                    FileHandleOutput.standardError("\rre-encrypting: \(done)/\(total)")
                }
                FileHandleOutput.standardError("\n")
                CLI.printJSON([
                    "subdomain": .string(tenant.subdomain),
                    "data_key_version": .int(Int64(version)),
                    "resealed": .int(Int64(result.resealed)),
                    "unreadable_skipped": .int(Int64(result.skipped)),
                    "remaining": .int(Int64(result.remaining)),
                ])
                if result.remaining > 0 {
                    throw HavenError.usage("\(result.remaining) rows could not be re-encrypted (unreadable); see the log")
                }
            }
        }
    }

    struct NewEpoch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-epoch",
            abstract:
                "Create a new epoch key, regenerate every tenant key-encryption key, and destroy old epoch keys after the grace period."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(name: .customLong("grace-hours"), help: "Keep the previous epoch key this long (default $HAVEN_EPOCH_GRACE_HOURS or 168).")
        var graceHours: Int?

        func run() async throws {
            let hours = self.graceHours ?? Environment.value("HAVEN_EPOCH_GRACE_HOURS").flatMap { Int($0) } ?? 168
            guard hours >= 0 else { CLI.fail(HavenError.usage("--grace-hours must not be negative")) }
            await CLI.withStore(self.data) { store in
                let change = try await KeyAdministration(store: store, actor: .cli("keys new-epoch")).newEpoch(grace: Int64(hours) * 3600)
                CLI.printJSON([
                    "epoch": .int(change.epoch),
                    "tenants_rewrapped": .int(Int64(change.tenants)),
                    "destroyed_epochs": .array(change.destroyed.map { .int($0) }),
                    "previous_epochs_destroyed_after": .timestamp(
                        Timestamp(secondsSince1970: store.clock.now().secondsSince1970 + Int64(hours) * 3600)),
                ])
            }
        }
    }
}

struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the blind-index file from the encrypted data (after a restore: backups exclude it)."
    )

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Only this tenant (subdomain).") var tenant: String?

    func run() async throws {
        await CLI.withStore(self.data) { store in
            let tenants = try await store.read { sql in try await store.tenants.all(on: sql) }
                .filter { self.tenant == nil || $0.subdomain == self.tenant }
            if let wanted = self.tenant, tenants.isEmpty { throw HavenError.usage("No tenant with subdomain '\(wanted)'") }
            for tenant in tenants {
                let outcome = try await Reindexer(store: store).run(tenant.id)
                try await store.write { sql in
                    try await store.audit.record(
                        AuditEvent(
                            tenant: tenant.id, occurredAt: store.clock.now(), actor: .cli("reindex"), action: "index.rebuilt",
                            targetType: "tenant", targetID: tenant.id.description,
                            details: [
                                "users": .int(Int64(outcome.users)), "companies": .int(Int64(outcome.companies)),
                                "tickets": .int(Int64(outcome.tickets)),
                            ]),
                        on: sql)
                }
                CLI.printJSON([
                    "subdomain": .string(tenant.subdomain),
                    "users": .int(Int64(outcome.users)),
                    "companies": .int(Int64(outcome.companies)),
                    "tickets": .int(Int64(outcome.tickets)),
                ])
            }
        }
    }
}
