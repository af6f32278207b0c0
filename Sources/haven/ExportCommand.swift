import ArgumentParser
import HavenApp
import HavenCore
import HavenStore

/// `haven export tickets|contacts`: an export written straight to a file with a progress bar, as the agent whose API
/// key is in `HAVEN_API_KEY` (an operator has no right of their own to read a tenant's helpdesk: the key is the
/// agent's consent, and their role must allow exporting). Same fields, formats and filters as the API; recorded in
/// the tenant's audit log as requested and downloaded.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export tickets, contacts or one contact's data package to a file, as the agent whose API key is in HAVEN_API_KEY.",
        subcommands: [Tickets.self, Contacts.self, Package.self]
    )

    struct Common: ParsableArguments {
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String
        @Option(help: "Comma-separated fields, in any order (the file keeps Haven's order); default: all.") var fields: String?
        @Option(help: "csv or json.") var format: String = "csv"
        @Option(help: "The file to write (created 0600; - for standard output).") var output: String

        func fieldList(_ kind: ExportKind) -> [String] {
            self.fields.map { $0.split(separator: ",").map { String($0).trimmingWhitespace() } } ?? kind.fields
        }
    }

    struct Tickets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export tickets (not the trash or spam).")
        @OptionGroup var common: Common
        @Option(help: "Only these statuses, comma-separated (2 open, 3 pending, 4 resolved, 5 closed).") var status: String?
        @Option(help: "Only these priorities, comma-separated (1 low ... 4 urgent).") var priority: String?
        @Option(help: "Only tickets of this group (its id).") var group: Int64?
        @Option(help: "The time a range applies to: created_at or updated_at.") var dateField: String = "created_at"
        @Option(help: "From this time, inclusive (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).") var from: String?
        @Option(help: "To this time, exclusive (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).") var to: String?

        func run() async throws {
            var filter = TicketExportFilter()
            do {
                filter.statuses = try Self.values(self.status, "--status", TicketStatus.init)
                filter.priorities = try Self.values(self.priority, "--priority", TicketPriority.init)
                filter.groupID = self.group.map(GroupID.init)
                guard let field = TicketExportFilter.DateField(rawValue: self.dateField) else {
                    throw HavenError.usage("--date-field takes created_at or updated_at, not \(self.dateField)")
                }
                filter.dateField = field
                filter.from = try self.from.map { try Self.time($0, "--from") }
                filter.to = try self.to.map { try Self.time($0, "--to") }
            } catch {
                CLI.fail(error)
            }
            await ExportCommand.export(.tickets, self.common, tickets: filter)
        }

        static func values<T>(_ text: String?, _ option: String, _ make: (Int64) -> T?) throws -> [T] {
            guard let text else { return [] }
            return try text.split(separator: ",").map { part in
                guard let number = Int64(String(part).trimmingWhitespace()), let value = make(number) else {
                    throw HavenError.usage("\(option): '\(part)' is not one of its numbers")
                }
                return value
            }
        }

        static func time(_ text: String, _ option: String) throws -> Timestamp {
            guard let time = TimestampParser.parse(text) else {
                throw HavenError.usage("\(option) '\(text)' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)")
            }
            return time
        }
    }

    struct Contacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export contacts (not deleted or blocked ones).")
        @OptionGroup var common: Common

        func run() async throws {
            await ExportCommand.export(.contacts, self.common)
        }
    }

    struct Package: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything about one contact (a data-subject request) as a zip with a manifest.")
        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String
        @Option(help: "The contact's id.") var contact: Int64
        @Option(help: "The zip to write (created 0600; - for standard output).") var output: String

        func run() async throws {
            await ExportCommand.write(self.data, tenant: self.tenant, to: self.output, label: "packaging tickets") {
                helpdesk, principal, write in
                try await DataSubjectPackages(helpdesk).stream(UserID(self.contact), by: principal, write: write)
                return ["kind": "package", "contact_id": .int(self.contact), "file": .string(self.output)]
            }
        }
    }

    static func apiKey() -> String {
        guard let key = Environment.value("HAVEN_API_KEY"), !key.isEmpty else {
            CLI.fail(
                HavenError.usage("Set HAVEN_API_KEY to the API key of an agent allowed to export (a key, not an option: ps shows options)"))
        }
        return key
    }

    static func export(_ kind: ExportKind, _ common: Common, tickets: TicketExportFilter = TicketExportFilter()) async {
        await self.write(common.data, tenant: common.tenant, to: common.output, label: "exporting \(kind.rawValue)") {
            helpdesk, principal, write in
            let rows = try await Exports(helpdesk).stream(
                kind, fields: common.fieldList(kind), format: common.format, tickets: tickets, by: principal
            ) { text, done, total in try await write(Array(text.utf8), done, total) }
            return ["kind": .string(kind.rawValue), "rows": .int(rows), "file": .string(common.output)]
        }
    }

    /// Acts as the agent of `HAVEN_API_KEY`: `produce` hands its bytes (with progress) to the file, which is kept
    /// only when `produce` succeeds; what it returns is printed.
    static func write(
        _ data: DataDirectoryOption, tenant: String, to path: String, label: String,
        _ produce: (Helpdesk, Principal, _ write: ([UInt8], Int64, Int64) async throws -> Void) async throws -> JSONObject
    ) async {
        let key = self.apiKey()
        await CLI.withHelpdesk(data) { helpdesk in
            let principal = try await KeyHolder.principal(apiKey: key, tenant: tenant, helpdesk: helpdesk)
            let output = try OutputFile(path)
            var progress: ProgressBar?
            do {
                let summary = try await produce(helpdesk, principal) { bytes, done, total in
                    try output.write(bytes)
                    if progress == nil { progress = ProgressBar(total: total, label: label) }
                    progress?.update(done)
                }
                progress?.finish()
                try output.commit()
                CLI.printJSON(.object(summary))
            } catch {
                progress?.finish()
                output.discard()
                throw error
            }
        }
    }
}
