import Foundation
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static var all: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let separator = text.firstIndex(of: "=") {
                result[String(text[..<separator])] = String(text[text.index(after: separator)...])
            }
            pointer += 1
        }
        return result
    }
}

enum CLI {
    static func logger(level: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: "haven") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }

    /// Prints a one-line error to standard error and exits non-zero: the CLI's answer to bad input.
    static func fail(_ error: any Error) -> Never {
        let message: String
        if let error = error as? HavenError {
            message = error.message
        } else if let error = error as? StoreError {
            message = "storage error: \(error)"
        } else {
            message = String(describing: error)
        }
        FileHandleOutput.standardError("haven: \(message)\n")
        exit(1)
    }

    /// Opens Haven through the composition root `serve` uses, runs `body`, closes it; any error ends the command
    /// with its one-line message.
    static func withHelpdesk<T>(
        _ data: DataDirectoryOption,
        settings: HelpdeskSettings = HelpdeskSettings(),
        clock: any HavenClock = SystemClock(),
        _ body: (Helpdesk) async throws -> T
    ) async -> T {
        do {
            let helpdesk = try await Composition.open(
                // A command does one thing at a time: a few connections are plenty (serve has its own setting).
                Composition.Storage(
                    dataDirectory: data.resolved, keyDirectory: data.resolvedKeyDirectory, databaseURL: try data.resolvedDatabaseURL(),
                    databaseConnections: 4),
                settings: settings,
                clock: clock, logger: self.logger())
            do {
                let result = try await body(helpdesk)
                await helpdesk.store.database.close()
                return result
            } catch {
                await helpdesk.store.database.close()
                throw error
            }
        } catch {
            self.fail(error)
        }
    }

    /// For the store-level administration commands (keys, audit verification and export, reindexing).
    static func withStore<T>(_ data: DataDirectoryOption, clock: any HavenClock = SystemClock(), _ body: (Store) async throws -> T) async
        -> T
    {
        await self.withHelpdesk(data, clock: clock) { try await body($0.store) }
    }

    /// The tenant a `--tenant SUB` option names, or the usage error every command gives for an unknown one.
    static func tenant(_ subdomain: String, in store: Store) async throws -> Tenant {
        guard let tenant = try await store.read({ sql in try await store.tenants.find(subdomain: subdomain, on: sql) }) else {
            throw HavenError.usage("No tenant with subdomain '\(subdomain)'")
        }
        return tenant
    }

    /// The operator running `command` for the tenant `--tenant SUB` names.
    static func principal(_ command: String, tenant subdomain: String, in helpdesk: Helpdesk) async throws -> Principal {
        .cliOperator(command, tenant: try await self.tenant(subdomain, in: helpdesk.store).id)
    }

    static func printJSON(_ value: JSONValue) {
        self.printLine(JSONWriter.string(value))
    }

    /// A file's text, or standard input's for `-`; a file that cannot be read ends the command with its name.
    static func readText(_ path: String) -> String {
        do {
            return path == "-"
                ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            self.fail(HavenError.usage("Cannot read \(path)"))
        }
    }

    /// Writes a line to standard output unbuffered, so a supervisor or a test reading the pipe sees it at once.
    static func printLine(_ text: String) {
        var bytes = Array((text + "\n").utf8)
        _ = write(1, &bytes, bytes.count)
    }
}

enum FileHandleOutput {
    static func standardError(_ text: String) {
        // write(2) on descriptor 2: no shared FILE* state, so no data race under strict concurrency.
        var bytes = Array(text.utf8)
        _ = write(2, &bytes, bytes.count)
    }
}
