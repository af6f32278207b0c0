import HavenServer
import HavenStore
import Logging
import ServiceLifecycle

/// `haven serve` on PostgreSQL, as the service after the pool's (`ServeCommand.serveOnPostgres`): once the pool runs,
/// opens Haven on the database and serves until the group shuts down.
struct ServingService: Service {
    let configuration: ServerConfiguration
    let database: HavenDatabase
    let logger: Logger

    func run() async throws {
        await self.database.untilPoolRuns()
        let helpdesk = await ServeCommand.open(self.configuration, database: self.database, logger: self.logger)
        let server = try ServeCommand.server(helpdesk, self.configuration, logger: self.logger)
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            Task { await server.shutDownGracefully() }
        }
    }
}
