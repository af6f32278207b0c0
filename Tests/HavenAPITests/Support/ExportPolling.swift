import HTTPTypes
import HavenCore

/// Follows a background export (contacts, tickets, a data package) by its status URL until it completes.
enum ExportPolling {
    static func completed(_ client: TestHTTPClient, _ statusPath: String, key: String) async throws -> JSONObject {
        for _ in 0..<400 {
            let status = try await client.call(.get, statusPath, key: key)
            if let object = status.object, object.string("status") == "completed" { return object }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw HavenError.internalFailure("\(statusPath) did not complete")
    }
}
