import ArgumentParser
import Foundation
import HavenApp
import HavenCore
import HavenStore
import HavenTLS

struct DomainsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domains",
        abstract: "Custom portal domains: add, list and remove them; upload your own certificates.",
        subcommands: [Add.self, List.self, Remove.self, Check.self, Certificates.self]
    )

    /// `--base-domain` (or `HAVEN_BASE_DOMAIN`) and `HAVEN_CNAME_BASE`, as `serve` reads them.
    struct DomainSettings: ParsableArguments {
        @Option(name: .customLong("base-domain"), help: "Tenants' base domain (default: $HAVEN_BASE_DOMAIN or localhost).")
        var baseDomain: String?

        var helpdesk: HelpdeskSettings {
            var settings = HelpdeskSettings(
                baseDomain: (self.baseDomain ?? Environment.value("HAVEN_BASE_DOMAIN") ?? "localhost").lowercased())
            if let base = Environment.value("HAVEN_CNAME_BASE") {
                guard let name = DomainName.normalize(base).name else {
                    CLI.fail(HavenError.usage("HAVEN_CNAME_BASE=\(base) is not a host name"))
                }
                settings.cnameBase = name
            }
            return settings
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a custom portal domain; prints one JSON object with its CNAME target and status.",
            discussion: "Publish the CNAME (DOMAIN CNAME target); the certificate follows once DNS is right."
        )

        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var settings: DomainSettings
        @Option(help: "The tenant (subdomain).") var tenant: String
        @Argument(help: "The domain, e.g. support.example.com (international names are converted to Punycode).") var domain: String

        func run() async throws {
            await CLI.withHelpdesk(self.data, settings: self.settings.helpdesk) { helpdesk in
                let principal = try await CLI.principal("domains add", tenant: self.tenant, in: helpdesk)
                let added = try await CustomDomains(helpdesk).add(self.domain, by: principal)
                CLI.printJSON(.object(CustomDomains.render(added)))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one JSON object per custom domain of a tenant: status, reason, certificate expiry.")

        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var settings: DomainSettings
        @Option(help: "The tenant (subdomain).") var tenant: String

        func run() async throws {
            await CLI.withHelpdesk(self.data, settings: self.settings.helpdesk) { helpdesk in
                let principal = try await CLI.principal("domains list", tenant: self.tenant, in: helpdesk)
                for domain in try await CustomDomains(helpdesk).list(by: principal) {
                    CLI.printJSON(.object(CustomDomains.render(domain)))
                }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Explain a custom domain's \"connection not secure\": DNS, CAA, the challenge path, the certificates; exit 1 on problems.",
            discussion:
                "Looks from outside, like a client: HAVEN_DNS_RESOLVER, HAVEN_PUBLIC_HTTP_PORT (80) and HAVEN_PUBLIC_HTTPS_PORT (443)."
        )

        @OptionGroup var data: DataDirectoryOption
        @Argument var domain: String

        func run() async throws {
            let (settings, problems) = DomainDiagnosis.Settings.from(environment: Environment.all)
            if !problems.isEmpty { CLI.fail(HavenError.usage(problems.joined(separator: "; "))) }
            guard let name = DomainName.normalize(self.domain).name else {
                CLI.fail(HavenError.usage("'\(self.domain)' is not a host name"))
            }
            var helpdeskSettings = HelpdeskSettings()
            helpdeskSettings.domainChecks = settings
            let report = await CLI.withHelpdesk(self.data, settings: helpdeskSettings) { helpdesk -> JSONObject in
                try await CustomDomains(helpdesk).diagnose(domainNamed: name, command: "domains check")
            }
            CLI.printJSON(.object(report))
            if report["problems"]?.arrayValue?.isEmpty == false { throw ExitCode(1) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a custom domain; adding it again generates a new CNAME target.")

        @OptionGroup var data: DataDirectoryOption
        @OptionGroup var settings: DomainSettings
        @Option(help: "The tenant (subdomain).") var tenant: String
        @Argument var domain: String

        func run() async throws {
            await CLI.withHelpdesk(self.data, settings: self.settings.helpdesk) { helpdesk in
                let principal = try await CLI.principal("domains remove", tenant: self.tenant, in: helpdesk)
                do {
                    let removed = try await CustomDomains(helpdesk).remove(id: nil, domain: self.domain, by: principal)
                    CLI.printJSON(["domain": .string(removed.domain), "status": "removed"])
                } catch HavenError.notFound {
                    throw HavenError.usage("Tenant '\(self.tenant)' has no custom domain '\(self.domain)'")
                }
            }
        }
    }

    struct Certificates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cert",
            abstract: "Certificates for custom domains.",
            subcommands: [Upload.self]
        )
    }

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload your own certificate for a tenant's custom domain; prints one JSON object.",
            discussion: "A running server picks it up within its certificate sync interval (15 s); API uploads are live at once."
        )

        @OptionGroup var data: DataDirectoryOption
        @Option var tenant: String
        @Option var domain: String
        @Option(name: .customLong("cert"), help: "PEM file with the leaf certificate first, then its intermediates.")
        var certificateFile: String
        @Option(name: .customLong("key"), help: "PEM file with the leaf's private key.")
        var keyFile: String
        @OptionGroup var settings: DomainSettings

        func run() async throws {
            let chain: String
            let key: String
            do {
                chain = try String(contentsOfFile: self.certificateFile, encoding: .utf8)
                key = try String(contentsOfFile: self.keyFile, encoding: .utf8)
            } catch {
                CLI.fail(HavenError.usage("Cannot read \(self.certificateFile) or \(self.keyFile)"))
            }
            await CLI.withHelpdesk(self.data, settings: self.settings.helpdesk) { helpdesk in
                let principal = try await CLI.principal("domains cert upload", tenant: self.tenant, in: helpdesk)
                let (certificate, _) = try await DomainCertificateUploads(helpdesk).upload(
                    domain: self.domain, chainPEM: chain, keyPEM: key, by: principal)
                CLI.printJSON([
                    "domain": .string(certificate.domain),
                    "fingerprint_sha256": .string(certificate.fingerprint),
                    "subject_alt_names": .strings(certificate.subjectAlternativeNames),
                    "not_after": .timestamp(certificate.notAfter),
                ])
            }
        }
    }
}
