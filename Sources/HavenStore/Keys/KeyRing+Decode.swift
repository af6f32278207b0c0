public import HavenCore
public import HavenCrypto
import Logging

extension KeyRing {
    /// Decodes rows whose sealed columns belong to `scope(row)`. Keys are resolved once per scope. A row whose values
    /// do not open is logged by place (never content) and handed to `unreadable`, so one erased or damaged record
    /// never fails a whole page; single-record reads turn that marker into an error.
    public func decode<T>(
        _ rows: [Row],
        _ tenant: TenantID,
        on sql: SQLExecutor,
        scope: (Row) throws -> KeyScope,
        _ decode: (Row, Sealer) throws -> T,
        unreadable: (Row, Unreadable) throws -> T
    ) async throws -> [T] {
        var sealers: [KeyScope: Sealer] = [:]
        var reloaded = false
        var out: [T] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            let rowScope = try scope(row)
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let sealer: Sealer
                    if let known = sealers[rowScope] {
                        sealer = known
                    } else {
                        sealer = try await self.sealer(tenant, rowScope, on: sql)
                        sealers[rowScope] = sealer
                    }
                    out.append(try decode(row, sealer))
                    break
                } catch let error as SealedFieldError {
                    if case .missingKeyVersion = error, !reloaded, attempt == 1 {
                        // Another process added a key version since this one loaded the tenant's keys.
                        reloaded = true
                        self.invalidate(tenant)
                        sealers = [:]
                        continue
                    }
                    self.logger.error("unreadable record", metadata: ["place": .string(LogRedaction.describe(error))])
                    out.append(try unreadable(row, error.unreadable))
                    break
                } catch KeyError.erased(let what) {
                    self.logger.notice("record sealed under an erased key", metadata: ["key": "\(what)"])
                    out.append(try unreadable(row, .erased))
                    break
                } catch let error as KeyError {
                    // A wrapped key that does not open is damage to that key's records only.
                    self.logger.error(
                        "record sealed under a key that does not open", metadata: ["key": .string(LogRedaction.describe(error))])
                    out.append(try unreadable(row, .damaged))
                    break
                }
            }
        }
        return out
    }

    public func decodeOne<T>(
        _ row: Row?,
        _ tenant: TenantID,
        on sql: SQLExecutor,
        scope: (Row) throws -> KeyScope,
        _ decode: (Row, Sealer) throws -> T,
        unreadable: (Row, Unreadable) throws -> T
    ) async throws -> T? {
        guard let row else { return nil }
        return try await self.decode([row], tenant, on: sql, scope: scope, decode, unreadable: unreadable).first
    }
}
