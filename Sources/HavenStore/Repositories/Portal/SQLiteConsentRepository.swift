public import HavenCore
import HavenCrypto

public struct SQLiteConsentRepository: ConsentRepository {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    public func insert(_ record: ConsentRecord, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(record.tenantID, .subject(record.contactID.rawValue), create: true, on: sql)
        try await sql.execute(
            """
            INSERT INTO consents (tenant_id, id, user_id, version, sha256, given, channel, recorded_at, source_ip)
            VALUES (\(record.tenantID), \(record.id), \(record.contactID), \(record.version), \(record.sha256),
                \(record.given), \(record.channel.rawValue), \(record.recordedAt),
                \(try sealer.seal(record.sourceIP, "consents", "source_ip", record.id)))
            """
        )
    }

    public func list(_ tenant: TenantID, contact: UserID, on sql: SQLExecutor) async throws -> [ConsentRecord] {
        let rows = try await sql.all(
            "SELECT * FROM consents WHERE tenant_id = \(tenant) AND user_id = \(contact) ORDER BY id DESC")
        guard !rows.isEmpty else { return [] }
        let sealer = try await self.keys.sealer(tenant, .subject(contact.rawValue), on: sql)
        return try rows.map { row in
            let id = try row.int("id")
            guard let channel = ConsentChannel(rawValue: try row.string("channel")) else {
                throw StoreError.database("consents row with an unknown channel")
            }
            return ConsentRecord(
                tenantID: tenant, id: id, contactID: contact, version: try row.int("version"), sha256: try row.string("sha256"),
                given: try row.bool("given"), channel: channel, recordedAt: try row.timestamp("recorded_at"),
                sourceIP: try sealer.open(row, "consents", "source_ip", id))
        }
    }
}
