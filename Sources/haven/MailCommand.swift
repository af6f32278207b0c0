import ArgumentParser
import Foundation
import HavenAPI
import HavenApp
import HavenCore
import HavenMail
import HavenServer
import HavenStore

/// `haven mail`: the e-mail channel for operators — a test message through the smarthost with every SMTP step shown,
/// the outbox's state, the DKIM record to publish, and tenants' own support addresses.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "The e-mail channel: test the smarthost, the outbox's state, the DKIM record, support addresses.",
        subcommands: [Test.self, Status.self, DKIM.self, Addresses.self, RelayToken.self]
    )

    /// The mail settings as `serve` reads them (HAVEN_BASE_DOMAIN, HAVEN_MAIL_DOMAIN, HAVEN_SMTP_URL, …).
    static func configuration(_ data: DataDirectoryOption) -> ServerConfiguration {
        do {
            return try ServerConfiguration.load(
                flags: ServerConfiguration.Flags(dataDirectory: data.dataDirectory, keyDirectory: data.keyDirectory),
                environment: ProcessInfo.processInfo.environment)
        } catch {
            CLI.fail(error)
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a DKIM-signed test message from a tenant's address through HAVEN_SMTP_URL, showing each SMTP step.",
            discussion: "Exits 1 when the smarthost refuses it or cannot be reached; nothing is queued."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain) whose address sends it.") var tenant: String
        @Option(help: "Where to send it.") var to: String

        func run() async throws {
            let configuration = MailCommand.configuration(self.data)
            guard MailAddress.isPlausible(self.to), EmailAddress.isValid(self.to.lowercased()) else {
                CLI.fail(HavenError.usage("--to \(self.to) is not an e-mail address"))
            }
            await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                guard let client = try SMTPClient.configured(configuration.mail, heloName: helpdesk.settings.mailDomain) else {
                    throw HavenError.usage("Set HAVEN_SMTP_URL (smtp://user:password@host:587) to send mail")
                }
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let domain = helpdesk.settings.mailDomain
                let from = "\(tenant.subdomain)@\(domain)"
                let now = helpdesk.clock.now().secondsSince1970
                var message = MessageComposer.Message(
                    from: MailAddress(name: tenant.name, address: from), to: [MailAddress(name: nil, address: self.to)],
                    subject: "Haven test message", messageID: "\(helpdesk.store.random.hex(count: 16)).test@\(domain)", date: now,
                    text: "This is a test message from \(tenant.name)'s helpdesk. It was signed with DKIM for \(domain).")
                message.autoSubmitted = "auto-generated"
                let signer = try await MailSigning(helpdesk).signer()
                let signed = try signer.sign(MessageComposer.compose(message), at: now)
                do {
                    let reply = try await client.send(from: from, to: [self.to], message: signed) { CLI.printLine($0) }
                    CLI.printLine("sent: the smarthost accepted it (\(reply.summary)); DKIM d=\(signer.domain) s=\(signer.selector)")
                } catch let failure as SMTPClient.Failure {
                    throw HavenError.usage("not sent: \(failure.description)")
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the outbox as one JSON object: pending, failed and sent counts, the oldest pending, recent failures.")

        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let configuration = MailCommand.configuration(self.data)
            await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                let status = try await MailAdministration(helpdesk).status()
                CLI.printJSON(
                    .object(
                        JSONObject([
                            ("smarthost", configuration.mail.smtpURL == nil ? .null : .string("configured")),
                            ("pending", .int(status.pending)), ("failed", .int(status.failed)), ("sent", .int(status.sent)),
                            ("oldest_pending", status.oldestPending.map { .string($0.iso8601) } ?? .null),
                            (
                                "recent_failures",
                                .array(
                                    status.recentProblems.map {
                                        .object(
                                            JSONObject([
                                                ("tenant_id", .int($0.tenant.rawValue)), ("id", .int($0.id)),
                                                ("attempts", .int(Int64($0.attempts))),
                                                ("error", .string($0.error)),
                                            ]))
                                    })
                            ),
                        ])))
            }
        }
    }

    struct DKIM: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dkim",
            abstract: "Print the DNS records the mail domain needs: DKIM (TXT), with SPF and DMARC advice.")

        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let configuration = MailCommand.configuration(self.data)
            await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                let signer = try await MailSigning(helpdesk).signer()
                CLI.printLine("\(signer.recordName). TXT \"\(signer.dnsRecord)\"")
                CLI.printLine("\(signer.domain). TXT \"v=spf1 include:<your smarthost's SPF> -all\"   (SPF: name your smarthost)")
                CLI.printLine("_dmarc.\(signer.domain). TXT \"v=DMARC1; p=quarantine; adkim=s\"   (DMARC: start with p=none to watch)")
            }
        }
    }

    struct RelayToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "relay-token",
            abstract: "Issue the tenant's token for posting mail over HTTP (a hosted relay); the previous one stops working.",
            discussion: "POST the raw message to https://SUB.BASE/mail/inbound with Content-Type: message/rfc822 and this token as Bearer.")

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String

        func run() async throws {
            let configuration = MailCommand.configuration(self.data)
            await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                let principal = try await CLI.principal("mail relay-token", tenant: self.tenant, in: helpdesk)
                let token = try await MailRelay(helpdesk).issueToken(by: principal)
                CLI.printJSON(
                    .object(
                        JSONObject([
                            ("token", .string(token)),
                            ("url", .string("https://\(self.tenant).\(configuration.api.baseDomain)\(MailRelayResponder.path)")),
                        ])))
            }
        }
    }

    struct Addresses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "addresses",
            abstract: "A tenant's own support addresses (forwarded to Haven): list, add, remove.",
            subcommands: [List.self, Add.self, Remove.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the tenant's addresses, the default one first.")
            @OptionGroup var data: DataDirectoryOption
            @Option(help: "The tenant (subdomain).") var tenant: String

            func run() async throws {
                let configuration = MailCommand.configuration(self.data)
                await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                    let principal = try await CLI.principal("mail addresses list", tenant: self.tenant, in: helpdesk)
                    CLI.printLine("\(self.tenant)@\(helpdesk.settings.mailDomain) (default)")
                    for address in try await MailAddresses(helpdesk).list(by: principal) { CLI.printLine(address) }
                }
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Route mail for an address to the tenant.")
            @OptionGroup var data: DataDirectoryOption
            @Option(help: "The tenant (subdomain).") var tenant: String
            @Argument(help: "The address, e.g. support@example.com.") var address: String

            func run() async throws {
                let configuration = MailCommand.configuration(self.data)
                await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                    let principal = try await CLI.principal("mail addresses add", tenant: self.tenant, in: helpdesk)
                    try await MailAddresses(helpdesk).add(self.address, by: principal)
                    CLI.printLine("added: mail to \(self.address.lowercased()) now opens tickets for \(self.tenant)")
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop routing an address to the tenant.")
            @OptionGroup var data: DataDirectoryOption
            @Option(help: "The tenant (subdomain).") var tenant: String
            @Argument var address: String

            func run() async throws {
                let configuration = MailCommand.configuration(self.data)
                await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                    let principal = try await CLI.principal("mail addresses remove", tenant: self.tenant, in: helpdesk)
                    try await MailAddresses(helpdesk).remove(self.address, by: principal)
                    CLI.printLine("removed: \(self.address.lowercased())")
                }
            }
        }
    }
}
