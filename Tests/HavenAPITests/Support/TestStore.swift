import Foundation
import HavenCore
import HavenStore
import Logging

/// The store of a deployment the tests made, on the engine under test: the database `haven` processes started on
/// that data directory use (PostgreSQL when the tests run there), or its SQLite file.
enum TestStore {
    static func open(dataDirectory: String, clock: any HavenClock = SystemClock(), logger: Logger) async throws -> Store {
        guard TestServer.engine == .postgres, !FileManager.default.fileExists(atPath: dataDirectory + "/haven.sqlite") else {
            return try await Store.open(dataDirectory: dataDirectory, clock: clock, logger: logger)
        }
        let node = try await PostgresServer.shared().database(for: dataDirectory).node
        return try await Store.open(
            databaseURL: node, keyDirectory: Store.defaultKeyDirectory(dataDirectory: dataDirectory), maximumConnections: 2, clock: clock,
            logger: logger)
    }
}
