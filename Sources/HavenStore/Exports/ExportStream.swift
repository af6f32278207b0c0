public import HavenCore

/// An export's file as text, a page of rows at a time: CSV (header first; cells a spreadsheet would run as formulas
/// neutralized by `CSV.line`) or a JSON array. `haven export` writes it to a file, the job to sealed chunks.
public struct ExportStream: Sendable {
    static let pageSize = 500

    let store: Store
    let tenant: TenantID
    let spec: ExportSpec

    public init(store: Store, tenant: TenantID, spec: ExportSpec) {
        self.store = store
        self.tenant = tenant
        self.spec = spec
    }

    public func count() async throws -> Int64 {
        try await self.store.read { sql in
            switch self.spec.kind {
            case .contacts: return try await ContactExportRows(store: self.store, tenant: self.tenant).count(on: sql)
            case .tickets: return try await self.store.tickets.exportCount(self.tenant, self.spec.tickets, on: sql)
            case .package: throw HavenError.internalFailure("a data-subject package is not a stream of rows")
            }
        }
    }

    /// Calls `write` with each page's text and the rows written so far (a JSON array's closing bracket comes with the
    /// last page); returns how many rows.
    @discardableResult
    public func run(_ write: (String, Int64) async throws -> Void) async throws -> Int64 {
        let fields = self.spec.fields
        var done: Int64 = 0
        var after: Int64?
        var text = self.spec.json ? "[" : CSV.line(fields) + "\r\n"
        while true {
            let (rows, last) = try await self.page(after: after)
            for row in rows {
                let values = fields.map { row[$0] ?? .text(nil) }
                if self.spec.json {
                    if done > 0 { text += "," }
                    text += "\n" + JSONWriter.string(.object(JSONObject(zip(fields, values.map(\.json)).map { ($0, $1) })))
                } else {
                    text += CSV.line(values.map(\.text)) + "\r\n"
                }
                done += 1
            }
            after = last
            let finished = rows.count < Self.pageSize
            if finished, self.spec.json { text += "\n]\n" }
            if !text.isEmpty || finished { try await write(text, done) }
            text = ""
            if finished { return done }
        }
    }

    private func page(after: Int64?) async throws -> ([[String: ExportValue]], Int64?) {
        switch self.spec.kind {
        case .contacts:
            let rows = ContactExportRows(store: self.store, tenant: self.tenant)
            return try await rows.page(after: after.map(UserID.init), size: Self.pageSize)
        case .tickets:
            let rows = TicketExportRows(store: self.store, tenant: self.tenant, filter: self.spec.tickets, fields: Set(self.spec.fields))
            return try await rows.page(after: after.map(TicketID.init), size: Self.pageSize)
        case .package: throw HavenError.internalFailure("a data-subject package is not a stream of rows")
        }
    }
}
