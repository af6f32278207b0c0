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
        subcommands: [Test.self, Status.self, DKIM.self, Addresses.self, Sending.self, RelayToken.self]
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
            abstract:
                "Send a DKIM-signed test message from a tenant's address through its smarthost (its own or HAVEN_SMTP_URL), showing each SMTP step.",
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
                let tenant = try await CLI.tenant(self.tenant, in: helpdesk.store)
                let transports = try MailTransports(helpdesk: helpdesk, mail: configuration.mail)
                guard let client = try await transports.client(for: tenant.id) else {
                    throw HavenError.usage(
                        "Set HAVEN_SMTP_URL (smtp://user:password@host:587), or the tenant's own smarthost, to send mail")
                }
                let settings = try await helpdesk.store.read { sql in try await helpdesk.store.mail.settings(tenant.id, on: sql) }
                let domain = helpdesk.settings.mailDomain
                let from = settings.sendingAddress ?? "\(tenant.subdomain)@\(domain)"
                let now = helpdesk.clock.now().secondsSince1970
                var message = MessageComposer.Message(
                    from: MailAddress(name: tenant.name, address: from), to: [MailAddress(name: nil, address: self.to)],
                    subject: "Haven test message", messageID: "\(helpdesk.store.random.hex(count: 16)).test@\(domain)", date: now,
                    text: "This is a test message from \(tenant.name)'s helpdesk, signed with DKIM for the domain of \(from).")
                message.autoSubmitted = "auto-generated"
                let signer = try await transports.signer(for: tenant.id, sender: from)
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
            abstract:
                "Print the DNS records the mail domain (or, with --tenant, the domain the tenant sends from) needs: DKIM (TXT), with SPF and DMARC advice."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain) whose sending domain's record to print.") var tenant: String?

        func run() async throws {
            let configuration = MailCommand.configuration(self.data)
            await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                let signer =
                    if let tenant = self.tenant {
                        try await MailSigning(helpdesk).signer(for: try await CLI.principal("mail dkim", tenant: tenant, in: helpdesk))
                    } else {
                        try await MailSigning(helpdesk).signer()
                    }
                CLI.printLine("\(signer.recordName). TXT \"\(signer.dnsRecord)\"")
                CLI.printLine("\(signer.domain). TXT \"v=spf1 include:<your smarthost's SPF> -all\"   (SPF: name your smarthost)")
                CLI.printLine("_dmarc.\(signer.domain). TXT \"v=DMARC1; p=quarantine; adkim=s\"   (DMARC: start with p=none to watch)")
            }
        }
    }

    struct Sending: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set where a tenant's mail comes from (one of its support addresses) and its own smarthost.",
            discussion:
                "Without options it prints the settings. The smarthost's password is never printed; tenants' smarthosts must use TLS and a public host unless HAVEN_TENANT_SMTP_LOCAL=allow."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String
        @Option(help: "Send from this support address of the tenant (added with `mail addresses add`); \"default\" for SUB@mail-domain.")
        var from: String?
        @Option(help: "The tenant's own smarthost: smtp://user:password@host:587 or smtps://…; \"default\" for HAVEN_SMTP_URL.")
        var smtpURL: String?

        func run() async throws {
            let configuration = MailCommand.configuration(self.data)
            await CLI.withHelpdesk(self.data, settings: configuration.helpdesk) { helpdesk in
                let principal = try await CLI.principal("mail sending", tenant: self.tenant, in: helpdesk)
                let sending = MailSending(helpdesk)
                if self.from != nil || self.smtpURL != nil {
                    let current = try await sending.overview(by: principal)
                    let from = self.from.map { $0 == "default" ? nil : $0 } ?? current.sendingAddress
                    let smarthost: MailSending.SmarthostChange =
                        switch self.smtpURL {
                        case nil: .keep
                        case "default": .deployment
                        case let url?: .url(url)
                        }
                    try await sending.update(sendingAddress: from, smarthost: smarthost, by: principal)
                }
                let overview = try await sending.overview(by: principal)
                CLI.printJSON([
                    "from": .string(overview.sendingAddress ?? overview.defaultAddress),
                    "smarthost": .string(overview.smarthost ?? "deployment (HAVEN_SMTP_URL)"),
                ])
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
