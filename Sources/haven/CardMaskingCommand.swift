import ArgumentParser
import HavenApp
import HavenCore
import HavenStore

extension TenantCommand {
    /// `haven tenant card-masking SUB on|off`: the tenant's switch for masking card numbers (Admin → Security in the
    /// console); without a state it prints the current one.
    struct CardMasking: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "card-masking",
            abstract:
                "Show or set whether card numbers in a tenant's tickets and replies are masked to their last four digits (on by default); audited."
        )

        @OptionGroup var data: DataDirectoryOption
        @Argument(help: "The tenant's subdomain.") var subdomain: String
        @Argument(help: "on or off; nothing to show the current state.") var state: String?

        func run() async throws {
            let wanted: Bool? =
                switch self.state {
                case nil: nil
                case "on": true
                case "off": false
                case let other?: CLI.fail(HavenError.usage("the state must be on or off, not \(other)"))
                }
            await CLI.withHelpdesk(self.data) { helpdesk in
                let principal = try await CLI.principal("tenant card-masking", tenant: self.subdomain, in: helpdesk)
                let administration = SecurityAdministration(helpdesk)
                var on = try await helpdesk.store.compiledPolicy(principal.tenant).policy.maskCardNumbers
                if let wanted {
                    on = try await administration.update(["mask_card_numbers": .bool(wanted)], confirmed: true, by: principal)
                        .maskCardNumbers
                }
                CLI.printJSON(["tenant": .string(self.subdomain), "mask_card_numbers": .bool(on)])
            }
        }
    }
}
