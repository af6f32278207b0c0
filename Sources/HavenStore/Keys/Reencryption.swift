public import HavenCore
import HavenCrypto
import Logging

/// Walks every sealed column of one tenant and re-seals what is not under the current key versions: after
/// `keys rotate` (envelopes older than the tenant's data version) and, once after the encryption migration, values
/// still stored in clear. Works in small batches, each its own short write transaction, so Haven keeps serving.
public struct Reencryption: Sendable {
    let store: Store
    static let batchSize = 200

    public init(store: Store) {
        self.store = store
    }

    public struct Outcome: Sendable, Equatable {
        public var resealed = 0
        /// Rows whose values could not be opened (damaged, or their subject erased): left as they are and logged.
        public var skipped = 0
    }

    /// How many rows still hold something to re-seal.
    public func remaining(_ tenant: TenantID, plaintext: Bool = false) async throws -> Int {
        let version = try await self.targetVersion(tenant)
        return try await self.store.read { sql in
            var total: Int64 = 0
            for table in SealedTable.all {
                total += try await sql.scalar(
                    SQL(raw: "SELECT count(*) AS n FROM \(table.name) WHERE tenant_id = ") + .tenant(tenant) + " AND "
                        + table.needsWork(version: version, plaintext: plaintext, sql.dialect)
                )
            }
            return Int(total)
        }
    }

    func targetVersion(_ tenant: TenantID) async throws -> UInt32 {
        try await self.store.read { sql in
            guard let state = try await Keystore.state(tenant, on: sql) else { throw KeyError.erased("The keys of tenant \(tenant)") }
            return state.dataVersion
        }
    }

    /// One pass over every table; `progress(done, total)` after each batch.
    public func run(
        _ tenant: TenantID,
        plaintext: Bool = false,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Outcome {
        let total = try await self.remaining(tenant, plaintext: plaintext)
        let version = try await self.targetVersion(tenant)
        var outcome = Outcome()
        for table in SealedTable.all {
            var cursor: Int64 = Int64.min
            while true {
                let condition = table.needsWork(version: version, plaintext: plaintext, self.store.database.dialect)
                let ids: [Int64] = try await self.store.read { sql in
                    try await sql.all(
                        SQL(raw: "SELECT \(table.idColumn) AS id FROM \(table.name) WHERE tenant_id = ") + .tenant(tenant)
                            + SQL(raw: " AND \(table.idColumn) > ") + .bind(.int(cursor)) + " AND " + condition
                            + SQL(raw: " ORDER BY \(table.idColumn) LIMIT \(Self.batchSize)")
                    ).map { try $0.int("id") }
                }
                guard let last = ids.last else { break }
                cursor = last
                let batch = try await self.store.write { sql in
                    try await self.reseal(table, tenant, ids: ids, condition: condition, plaintext: plaintext, on: sql)
                }
                outcome.resealed += batch.resealed
                outcome.skipped += batch.skipped
                progress(outcome.resealed + outcome.skipped, total)
            }
        }
        return outcome
    }

    /// Re-reads the rows inside the write transaction (a request may have changed them since) and re-seals them.
    private func reseal(
        _ table: SealedTable,
        _ tenant: TenantID,
        ids: [Int64],
        condition: SQL,
        plaintext: Bool,
        on sql: SQLExecutor
    ) async throws -> Outcome {
        var statement = table.select + " WHERE tenant_id = " + .tenant(tenant) + SQL(raw: " AND \(table.idColumn) IN ")
        statement.appendList(ids.map { .int($0) })
        statement.append(" AND ")
        statement.append(condition)
        var outcome = Outcome()
        var sealers: [KeyScope: Sealer] = [:]
        for row in try await sql.all(statement) {
            let id = try row.int(table.idColumn)
            do {
                let scope = try table.scope(row)
                let sealer: Sealer
                if let known = sealers[scope] {
                    sealer = known
                } else {
                    // Legacy rows predate subject keys: the conversion creates them; rotation never does.
                    sealer = try await self.store.keys.sealer(tenant, scope, create: plaintext, on: sql)
                    sealers[scope] = sealer
                }
                var update = SQL(raw: "UPDATE \(table.name) SET ")
                for (offset, column) in table.columns.enumerated() {
                    if offset > 0 { update.append(raw: ", ") }
                    update.append(raw: "\(column) = ")
                    if plaintext, case .text(let clear) = try row.optionalValue(column) {
                        update.append(bind: try sealer.seal(clear, table.name, column, id))
                    } else {
                        update.append(bind: try sealer.reseal(row, table.name, column, id))
                    }
                }
                update.append(raw: " WHERE tenant_id = ")
                update.append(tenant: tenant)
                update.append(raw: " AND \(table.idColumn) = ")
                update.append(bind: .int(id))
                try await sql.execute(update)
                outcome.resealed += 1
            } catch let error as SealedFieldError {
                self.store.keys.logger.error(
                    "re-encryption skipped an unreadable row", metadata: ["place": .string(LogRedaction.describe(error))])
                outcome.skipped += 1
            } catch let error as KeyError {
                self.store.keys.logger.error(
                    "re-encryption skipped a row",
                    metadata: ["table": "\(table.name)", "id": "\(id)", "reason": .string(LogRedaction.describe(error))])
                outcome.skipped += 1
            }
        }
        return outcome
    }
}
