import Foundation
import HavenAPI
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Logging
import Synchronization

/// `HavenServer` — what `haven serve` runs — running inside a test on system-chosen ports until `body` returns,
/// then shut down and its store closed.
struct RunningServer: Sendable {
    let server: HavenServer
    let httpsPort: Int
    let httpPort: Int
    /// The LMTP listener's port, when the configuration asked for one.
    let lmtpPort: Int?
    /// The operators' metrics listener's port, when it is on.
    let metricsPort: Int?

    static func run<T: Sendable>(
        _ helpdesk: Helpdesk,
        _ configuration: ServerConfiguration,
        securityEvents: SecurityEvents? = nil,
        logger: Logger,
        _ body: @Sendable (RunningServer) async throws -> T
    ) async throws -> T {
        let ports = Mutex<[String: Int]>([:])
        // Test servers run side by side: each metrics listener on a port of its own.
        var configuration = configuration
        configuration.metrics?.port = 0
        let server: HavenServer
        do {
            server = try HavenServer(helpdesk: helpdesk, configuration: configuration, securityEvents: securityEvents, logger: logger) {
                kind, port in ports.withLock { $0[kind] = port }
            }
        } catch {
            await helpdesk.store.database.close()
            throw error
        }
        do {
            let result: T = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let deadline = ContinuousClock.now + .seconds(20)
                let listeners = 2 + (configuration.mail.lmtpPort != nil ? 1 : 0) + (configuration.metrics != nil ? 1 : 0)
                while ports.withLock({ $0.count }) < listeners {
                    guard ContinuousClock.now < deadline else {
                        await server.shutDownGracefully()
                        try? await group.waitForAll()
                        throw HavenError.internalFailure("server did not start")
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
                let bound = ports.withLock { $0 }
                let running = RunningServer(
                    server: server, httpsPort: bound["https"]!, httpPort: bound["http"]!, lmtpPort: bound["lmtp"],
                    metricsPort: bound["metrics"])
                // Stopped as SIGTERM stops it, not by cancellation (which can crash the whole test process in NIO:
                // see GracefulShutdownTrigger).
                let outcome: Result<T, any Error>
                do {
                    outcome = .success(try await body(running))
                } catch {
                    outcome = .failure(error)
                }
                await server.shutDownGracefully()
                try? await group.waitForAll()
                return try outcome.get()
            }
            await helpdesk.store.database.close()
            return result
        } catch {
            await helpdesk.store.database.close()
            throw error
        }
    }
}
