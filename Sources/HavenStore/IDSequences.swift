import HavenCore

/// Allocates ids inside the caller's write transaction, before a row is written: the encryption envelope binds a
/// value to its row id, so the id must be known before the value is sealed. Ids are unique across tenants, so an id
/// from one tenant never names a row of another.
///
/// On SQLite a kind's counter is a row of `id_sequences`, taken under the one writer's lock. On PostgreSQL each kind
/// has a sequence of its own (`id_seq_<kind>`, Migration0035): a row's lock would be held from the first id a
/// transaction takes until it commits, so every tenant's contacts, replies or sign-ins would wait for each other's
/// commits — and a transaction that took an id before its tenant's lock could deadlock with one of that tenant that
/// took them the other way round. A sequence hands out numbers without locking; an id a rolled-back transaction took
/// is not used again.
public enum IDSequences {
    /// The kinds with a PostgreSQL sequence. A new kind needs a migration that creates `id_seq_<kind>`; until it has
    /// one it is counted in `id_sequences` on PostgreSQL too.
    public static let kinds: Set<String> = [
        "api_keys", "attachments", "business_hours", "canned_folders", "canned_responses", "companies", "consents",
        "conversations", "custom_domains", "domain_certificates", "export_chunks", "export_files", "forum_categories",
        "forum_posts", "forum_topics", "forums", "groups", "mail_addresses", "mail_messages", "mail_outbox",
        "record_fields", "roles", "satisfaction_ratings", "scenario_automations", "secure_values", "sessions", "skills",
        "sla_policies", "solution_articles", "solution_categories", "solution_folders", "survey_questions", "surveys",
        "tenants", "ticket_fields", "ticket_summaries", "time_entries", "users",
    ]

    public static func next(_ name: String, on sql: SQLExecutor) async throws -> Int64 {
        if sql.dialect == .postgres, Self.kinds.contains(name) {
            return try await sql.scalar("SELECT nextval(\(Self.sequence(name))::regclass) AS next_value")
        }
        return try await sql.scalar(
            """
            INSERT INTO id_sequences (name, next_value) VALUES (\(name), 1)
            ON CONFLICT (name) DO UPDATE SET next_value = id_sequences.next_value + 1
            RETURNING next_value
            """
        )
    }

    /// A kind's PostgreSQL sequence.
    static func sequence(_ kind: String) -> String {
        "id_seq_" + kind
    }

    /// On PostgreSQL, each kind's sequence continued from its `id_sequences` row (what `haven db copy` brought from
    /// SQLite): the next id is one past the row's last.
    static func continueFromTable(on sql: SQLExecutor) async throws {
        for kind in Self.kinds.sorted() {
            _ = try await sql.scalar(
                """
                SELECT setval(\(Self.sequence(kind))::regclass,
                    coalesce((SELECT next_value FROM id_sequences WHERE name = \(kind)), 0) + 1, false) AS next_value
                """)
        }
    }
}
