import ArgumentParser
import Foundation
import HavenCore
import HavenTLS
import NIOSSL

struct TLSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls",
        abstract: "TLS diagnostics.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which TLS versions a host accepts, its certificate chain, expiry and name match, in plain words.",
            discussion: "Exits 0 when nothing is wrong, 1 when a problem was found (each marked PROBLEM)."
        )

        @Argument(help: "HOST or HOST:PORT (default port 443).") var target: String
        @Option(name: .customLong("ca"), help: "PEM file of trust roots to verify against (default: the system's).")
        var caFile: String?

        func run() async throws {
            let (host, port) = Self.split(self.target)
            guard !host.isEmpty, let port, (1...65535).contains(port) else {
                CLI.fail(HavenError.usage("Give the target as HOST or HOST:PORT with a port from 1 to 65535"))
            }
            var roots: [NIOSSLCertificate]?
            if let caFile = self.caFile {
                do {
                    roots = try NIOSSLCertificate.fromPEMFile(caFile)
                } catch {
                    CLI.fail(HavenError.usage("Cannot read trust roots from \(caFile)"))
                }
            }
            let report = await TLSProbe.run(host: host, port: port, trustRoots: roots)
            for line in report.lines(now: Date()) {
                CLI.printLine(line)
            }
            if report.hasProblems {
                throw ExitCode(1)
            }
        }

        static func split(_ target: String) -> (String, Int?) {
            if target.hasPrefix("["), let end = target.firstIndex(of: "]") {
                let host = String(target[target.index(after: target.startIndex)..<end])
                let rest = target[target.index(after: end)...]
                return (host, rest.isEmpty ? 443 : Int(rest.dropFirst()))
            }
            let parts = target.split(separator: ":", omittingEmptySubsequences: false)
            switch parts.count {
            case 1: return (target, 443)
            case 2: return (String(parts[0]), Int(parts[1]))
            default: return (target, nil)
            }
        }
    }
}
