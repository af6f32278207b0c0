import HavenCore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The operators' listener: plain HTTP with `GET /metrics` only, on its own address (loopback unless the operator
/// names another, `HAVEN_METRICS_HOST`), apart from the listeners the public reaches. When the operator did not ask
/// for it explicitly and its default port is taken, Haven serves without it (and says so) rather than not at all.
struct MetricsListener: Service {
    let metrics: OperatorMetrics
    let settings: ServerConfiguration.MetricsSettings
    let logger: Logger
    let onListening: @Sendable (String, Int) async -> Void

    func run() async throws {
        let router = Router()
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.metrics.exposition())))
        }
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(self.settings.host, port: self.settings.port)),
            onServerRunning: { channel in await self.onListening("metrics", channel.localAddress?.port ?? self.settings.port) },
            logger: self.logger)
        do {
            try await application.run()
        } catch  where !self.settings.explicit && !Task.isCancelled {
            self.logger.error(
                "the metrics listener could not start; serving without /metrics (set HAVEN_METRICS_PORT to choose a port)",
                metadata: ["address": "\(self.settings.host):\(self.settings.port)", "error": .string(LogRedaction.describe(error))])
            try await gracefulShutdown()
        }
    }
}
