import ArgumentParser
import HavenAudit
import HavenCore
import HavenStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, export and retain the tamper-evident audit log.",
        subcommands: [Verify.self, Export.self, Retain.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-compute a tenant's audit hash chain: exit 0 when intact, 1 naming the first entry that does not verify."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String

        func run() async throws {
            let result = await CLI.withStore(self.data) { store -> AuditVerifier.Result in
                try await AuditVerifier(store: store).verify(try await CLI.tenant(self.tenant, in: store).id)
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

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a tenant's audit log to standard output, oldest first, with the details decrypted.",
            discussion: "Progress goes to standard error for exports of \(Export.progressThreshold) entries or more."
        )
        static let progressThreshold: Int64 = 5_000

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case ndjson, csv
        }

        @OptionGroup var data: DataDirectoryOption
        @Option(help: "The tenant (subdomain).") var tenant: String
        @Option(help: "ndjson (one JSON object per line) or csv.") var format: Format = .ndjson
        @Option(help: "Only entries at or after this time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).") var since: String?
        @Option(help: "Only entries at or before this time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).") var until: String?

        func run() async throws {
            var filter = AuditFilter()
            for (name, text) in [("--since", self.since), ("--until", self.until)] {
                guard let text else { continue }
                guard let time = TimestampParser.parse(text) else {
                    CLI.fail(HavenError.usage("\(name) '\(text)' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"))
                }
                if name == "--since" { filter.since = time } else { filter.until = time }
            }
            if let since = filter.since, let until = filter.until, since > until {
                CLI.fail(HavenError.usage("--until is before --since"))
            }
            let format = self.format
            await CLI.withStore(self.data) { store in
                let tenant = try await CLI.tenant(self.tenant, in: store)
                let reader = AuditReader(store: store)
                let total = try await reader.count(tenant.id, filter)
                let progress = total >= Self.progressThreshold ? ProgressBar(total: total, label: "exporting audit entries") : nil
                if format == .csv { CLI.printLine(AuditRecord.csvLine(AuditRecord.csvHeader)) }
                var done: Int64 = 0
                try await reader.each(tenant.id, filter) { batch in
                    let lines = batch.map { record in
                        format == .csv ? AuditRecord.csvLine(record.csvFields) : JSONWriter.string(.object(record.json))
                    }
                    CLI.printLine(lines.joined(separator: "\n"))
                    done += Int64(batch.count)
                    progress?.update(done)
                }
                progress?.finish()
            }
        }
    }

    struct Retain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run audit retention now (serve runs it hourly): archive old entries, delete old archives.",
            discussion:
                "Settings: HAVEN_AUDIT_RETENTION_DAYS (90), HAVEN_AUDIT_ARCHIVE_DAYS (21), HAVEN_AUDIT_ARCHIVE_DIR (DATA_DIR/audit-archive)."
        )

        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let environment = Environment.all
            var settings = AuditRetention.Settings(
                archiveDirectory: environment["HAVEN_AUDIT_ARCHIVE_DIR"]
                    ?? AuditRetention.defaultArchiveDirectory(dataDirectory: self.data.resolved))
            for (variable, range) in [("HAVEN_AUDIT_RETENTION_DAYS", 1...36_500), ("HAVEN_AUDIT_ARCHIVE_DAYS", 0...36_500)] {
                guard let text = environment[variable] else { continue }
                guard let days = Int64(text), range.contains(Int(days)) else {
                    CLI.fail(HavenError.usage("\(variable)=\(text) must be a whole number in \(range.lowerBound)...\(range.upperBound)"))
                }
                if variable == "HAVEN_AUDIT_RETENTION_DAYS" { settings.retentionDays = days } else { settings.archiveDays = days }
            }
            let retention = settings
            await CLI.withStore(self.data) { store in
                let outcome = try await AuditRetention(store: store, settings: retention).run()
                CLI.printJSON([
                    "archived": .strings(outcome.archived.map(\.fileName)), "deleted_archives": .strings(outcome.purged.map(\.fileName)),
                ])
            }
        }
    }
}

/// A progress bar on standard error: redrawn in place on a terminal, a line per tenth otherwise (logs, pipes).
final class ProgressBar {
    let total: Int64
    let label: String
    let interactive = isatty(2) == 1
    private var lastTenth: Int64 = -1

    init(total: Int64, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    func update(_ done: Int64) {
        let percent = min(100, done * 100 / self.total)
        if self.interactive {
            let filled = Int(percent / 5)
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 20 - filled)
            FileHandleOutput.standardError("\r\(self.label) [\(bar)] \(percent)% \(done)/\(self.total)")
        } else if percent / 10 != self.lastTenth {
            self.lastTenth = percent / 10
            FileHandleOutput.standardError("\(self.label): \(percent)% (\(done)/\(self.total))\n")
        }
    }

    func finish() {
        if self.interactive { FileHandleOutput.standardError("\n") }
    }
}
