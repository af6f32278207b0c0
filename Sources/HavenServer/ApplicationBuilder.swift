import HavenAPI
import HavenCore
import HavenStore
import Hummingbird
import Logging

/// The API alone, over plain HTTP, with the background services in its `ServiceGroup`: what in-process end-to-end tests and
/// embedders use. `haven serve` runs `HavenServer`, which adds the HTTPS listener and the redirecting HTTP listener.
public enum ApplicationBuilder {
    public static func build(
        store: Store,
        configuration: ServerConfiguration,
        logger: Logger,
        securityEvents: SecurityEvents? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let jobs = JobNotifier()
        let securityEvents = securityEvents ?? SecurityEvents(clock: store.clock)
        let responder = HavenResponder(
            store: store, jobs: jobs, configuration: configuration.api, securityEvents: securityEvents, logger: logger)
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.bindHost, port: configuration.httpPort),
                serverName: nil
            ),
            services: [
                JobRunner(store: store, notifier: jobs, logger: logger),
                TermIndexService(store: store, sweepInterval: .seconds(10), logger: logger),
                MaintenanceJobs.securityEvents(store: store, events: securityEvents, logger: logger),
            ],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.httpPort) },
            logger: logger
        )
    }
}
