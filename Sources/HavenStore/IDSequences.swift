import HavenCore

/// Allocates ids inside the caller's write transaction, before a row is written: the encryption envelope binds a
/// value to its row id, so the id must be known before the value is sealed. Ids are unique across tenants, so an id
/// from one tenant never names a row of another.
public enum IDSequences {
    public static func next(_ name: String, on sql: SQLExecutor) async throws -> Int64 {
        try await sql.scalar(
            """
            INSERT INTO id_sequences (name, next_value) VALUES (\(name), 1)
            ON CONFLICT (name) DO UPDATE SET next_value = id_sequences.next_value + 1
            RETURNING next_value
            """
        )
    }
}
