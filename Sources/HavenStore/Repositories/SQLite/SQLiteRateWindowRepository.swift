public import HavenCore

public struct SQLiteRateWindowRepository: RateWindowRepository {
    public init() {}

    public func add(_ requests: [TenantID: Int], minute: Int64, on sql: SQLExecutor) async throws -> [TenantID: Int] {
        if !requests.isEmpty {
            var statement = SQL(raw: "INSERT INTO rate_windows (tenant_id, minute, used) VALUES ")
            for (index, (tenant, count)) in requests.sorted(by: { $0.key < $1.key }).enumerated() {
                statement.append(raw: index == 0 ? "(" : ", (")
                statement.append(bind: .int(tenant.rawValue))
                statement.append(raw: ", ")
                statement.append(bind: .int(minute))
                statement.append(raw: ", ")
                statement.append(bind: .int(Int64(count)))
                statement.append(raw: ")")
            }
            statement.append(raw: " ON CONFLICT (tenant_id, minute) DO UPDATE SET used = rate_windows.used + excluded.used")
            try await sql.execute(.across(.rateWindows, statement))
        }
        var totals: [TenantID: Int] = [:]
        for row in try await sql.all(.across(.rateWindows, "SELECT tenant_id, used FROM rate_windows WHERE minute = \(minute)")) {
            totals[TenantID(try row.int("tenant_id"))] = Int(try row.int("used"))
        }
        return totals
    }

    public func deleteBefore(minute: Int64, on sql: SQLExecutor) async throws {
        try await sql.execute(.across(.rateWindows, "DELETE FROM rate_windows WHERE minute < \(minute)"))
    }
}
