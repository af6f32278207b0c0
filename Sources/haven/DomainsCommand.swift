import ArgumentParser
import Foundation
import HavenAPI
import HavenCore
import HavenStore

struct DomainsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domains",
        abstract: "Custom portal domains (certificates today; verification and ACME come with the custom-domains issue).",
        subcommands: [Certificates.self]
    )

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
        @Option(name: .customLong("base-domain")) var baseDomain: String?

        func run() async throws {
            let chain: String
            let key: String
            do {
                chain = try String(contentsOfFile: self.certificateFile, encoding: .utf8)
                key = try String(contentsOfFile: self.keyFile, encoding: .utf8)
            } catch {
                CLI.fail(HavenError.usage("Cannot read \(self.certificateFile) or \(self.keyFile)"))
            }
            let baseDomain = self.baseDomain ?? Environment.value("HAVEN_BASE_DOMAIN") ?? "localhost"
            await CLI.withStore(self.data) { store in
                guard let tenant = try await store.read({ sql in try await store.tenants.find(subdomain: self.tenant, on: sql) }) else {
                    throw HavenError.usage("No tenant with subdomain '\(self.tenant)'")
                }
                let (certificate, _) = try await DomainCertificateUploads(store: store, baseDomain: baseDomain).upload(
                    tenant: tenant.id,
                    domain: self.domain,
                    chainPEM: chain,
                    keyPEM: key,
                    actor: .cli("domains cert upload")
                )
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
