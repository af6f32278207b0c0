public import ServiceLifecycle

/// The PostgreSQL connection pool (postgres-nio's `PostgresClient`) as a service of `haven serve`'s service group:
/// its first, so the group starts it before the server that uses it and, shutting services down in reverse order,
/// stops it only after every service that uses the database has finished.
public struct DatabasePoolService: Service {
    let engine: PostgresEngine

    public func run() async {
        // The pool's manager ends when its task is cancelled; on a graceful shutdown the group reaches this service
        // last.
        await cancelWhenGracefulShutdown {
            await self.engine.runPool()
        }
    }
}
