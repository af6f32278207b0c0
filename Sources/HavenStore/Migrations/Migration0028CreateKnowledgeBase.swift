/// The knowledge base: categories, folders (nested up to five deep) and articles. Articles are the tenant's public
/// content and stay in clear, so the database's own word index (FTS5, kept in step by triggers) searches them; the
/// index is one table for every tenant, and every search joins back to `solution_articles` on the tenant.
enum Migration0028CreateKnowledgeBase {
    static let migration = Migration(
        version: 28,
        name: "0028_CreateKnowledgeBase",
        statements: [
            """
            CREATE TABLE solution_categories (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """,
            """
            CREATE TABLE solution_folders (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                category_id INTEGER NOT NULL,
                parent_id INTEGER,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT,
                visibility INTEGER NOT NULL,
                company_ids TEXT NOT NULL DEFAULT '[]',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, category_id) REFERENCES solution_categories (tenant_id, id) ON DELETE CASCADE,
                FOREIGN KEY (tenant_id, parent_id) REFERENCES solution_folders (tenant_id, id) ON DELETE CASCADE
            )
            """,
            // A name once among its siblings (a top-level folder's siblings are its category's top-level folders).
            "CREATE UNIQUE INDEX solution_folders_name ON solution_folders (tenant_id, category_id, ifnull(parent_id, 0), name)",
            "CREATE INDEX solution_folders_by_parent ON solution_folders (tenant_id, parent_id)",
            """
            CREATE TABLE solution_articles (
                search_row INTEGER PRIMARY KEY, -- a stable rowid for the word index
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                folder_id INTEGER NOT NULL,
                title TEXT NOT NULL,
                description_html TEXT NOT NULL,
                description_text TEXT NOT NULL,
                status INTEGER NOT NULL,
                type INTEGER NOT NULL,
                agent_id INTEGER,
                tags TEXT NOT NULL DEFAULT '[]',
                seo TEXT NOT NULL DEFAULT '{}',
                hits INTEGER NOT NULL DEFAULT 0,
                thumbs_up INTEGER NOT NULL DEFAULT 0,
                thumbs_down INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (tenant_id, id),
                FOREIGN KEY (tenant_id, folder_id) REFERENCES solution_folders (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX solution_articles_by_folder ON solution_articles (tenant_id, folder_id, id)",
            """
            CREATE VIRTUAL TABLE solution_articles_fts USING fts5(
                title, description_text, content = 'solution_articles', content_rowid = 'search_row',
                tokenize = 'unicode61 remove_diacritics 2'
            )
            """,
            """
            CREATE TRIGGER solution_articles_fts_insert AFTER INSERT ON solution_articles BEGIN
                INSERT INTO solution_articles_fts (rowid, title, description_text) VALUES (new.search_row, new.title, new.description_text);
            END
            """,
            """
            CREATE TRIGGER solution_articles_fts_delete AFTER DELETE ON solution_articles BEGIN
                INSERT INTO solution_articles_fts (solution_articles_fts, rowid, title, description_text)
                VALUES ('delete', old.search_row, old.title, old.description_text);
            END
            """,
            """
            CREATE TRIGGER solution_articles_fts_update AFTER UPDATE OF title, description_text ON solution_articles BEGIN
                INSERT INTO solution_articles_fts (solution_articles_fts, rowid, title, description_text)
                VALUES ('delete', old.search_row, old.title, old.description_text);
                INSERT INTO solution_articles_fts (rowid, title, description_text) VALUES (new.search_row, new.title, new.description_text);
            END
            """,
        ],
        // PostgreSQL's word index is a generated tsvector column with a GIN index, title words weighted above body
        // words as bm25's weights do on SQLite; it follows the row by itself, so the triggers have no counterpart.
        postgres: [
            "CREATE VIRTUAL TABLE solution_articles_fts USING fts5(": [
                """
                ALTER TABLE solution_articles ADD COLUMN search_words tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', description_text), 'B')) STORED
                """,
                "CREATE INDEX solution_articles_words ON solution_articles USING gin (search_words)",
            ],
            "CREATE TRIGGER solution_articles_fts_insert AFTER INSERT ON solution_articles BEGIN": [],
            "CREATE TRIGGER solution_articles_fts_delete AFTER DELETE ON solution_articles BEGIN": [],
            "CREATE TRIGGER solution_articles_fts_update AFTER UPDATE OF title, description_text ON solution_articles BEGIN": [],
        ]
    )
}
