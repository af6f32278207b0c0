import ArgumentParser
import HavenApp
import HavenCore
import HavenStore

/// `haven retention`: a tenant's retention rules — show them, preview what a rule would delete, set them (only with
/// the preview's counts, so nobody turns a rule on blind), and apply them now (the server does it hourly).
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "A tenant's retention rules: delete tickets closed N days ago, erase contacts inactive N days.",
        subcommands: [Show.self, Preview.self, SetRules.self, Run.self]
    )

    /// `--closed-ticket-days N|off` and `--inactive-contact-days N|off`.
    struct RuleOptions: ParsableArguments {
        @Option(help: "Delete tickets closed more than N days ago (off: never).") var closedTicketDays: String?
        @Option(help: "Erase contacts with no ticket, message or activity for N days (off: never).") var inactiveContactDays: String?

        func rules(over current: RetentionRules) throws -> RetentionRules {
            var rules = current
            if let text = self.closedTicketDays { rules.closedTicketDays = try Self.days(text, "--closed-ticket-days") }
            if let text = self.inactiveContactDays { rules.inactiveContactDays = try Self.days(text, "--inactive-contact-days") }
            return rules
        }

        static func days(_ text: String, _ option: String) throws -> Int64? {
            if text == "off" { return nil }
            guard let days = Int64(text) else { throw HavenError.usage("\(option) takes a number of days or off, not \(text)") }
            return days
        }
    }

    static func describe(_ rules: RetentionRules) -> JSONValue {
        ["closed_ticket_days": .optional(rules.closedTicketDays), "inactive_contact_days": .optional(rules.inactiveContactDays)]
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the tenant's rules.")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("retention show", tenant: self.tenant, in: helpdesk)
                CLI.printJSON(RetentionCommand.describe(try await Retention(helpdesk).rules(by: principal)))
            }
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print how many tickets and contacts the rules given would delete now.")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String
        @OptionGroup var options: RuleOptions

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("retention preview", tenant: self.tenant, in: helpdesk)
                let retention = Retention(helpdesk)
                let rules = try self.options.rules(over: try await retention.rules(by: principal))
                let preview = try await retention.preview(rules, by: principal)
                CLI.printJSON([
                    "rules": RetentionCommand.describe(rules), "tickets": .int(preview.tickets), "contacts": .int(preview.contacts),
                ])
            }
        }
    }

    struct SetRules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set the rules; --expect-tickets and --expect-contacts repeat the preview's counts (refused when more would go).")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String
        @OptionGroup var options: RuleOptions
        @Option(help: "The tickets the preview said would go.") var expectTickets: Int64
        @Option(help: "The contacts the preview said would go.") var expectContacts: Int64

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("retention set", tenant: self.tenant, in: helpdesk)
                let retention = Retention(helpdesk)
                let rules = try self.options.rules(over: try await retention.rules(by: principal))
                try await retention.update(
                    rules, previewed: Retention.Preview(tickets: self.expectTickets, contacts: self.expectContacts), by: principal)
                CLI.printJSON(RetentionCommand.describe(rules))
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply the tenant's rules now; prints how many went.")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String

        func run() async throws {
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("retention run", tenant: self.tenant, in: helpdesk)
                let outcome = try await Retention(helpdesk).run(by: principal)
                CLI.printJSON(["tickets": .int(Int64(outcome.tickets)), "contacts": .int(Int64(outcome.contacts))])
            }
        }
    }
}
