/// Community forums: categories and forums in clear (the team's own labels, like groups), topics and posts by their
/// authors — customers and agents — whose title and body are sealed under the author's key, so erasing a person
/// erases what they wrote. `user_id` is the author (no foreign key: a deleted person's posts stay, unreadable).
enum Migration0030CreateDiscussions {
    static let migration = Migration(
        version: 30,
        name: "0030_CreateDiscussions",
        statements: [
            """
            CREATE TABLE forum_categories (
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
            CREATE TABLE forums (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                category_id INTEGER NOT NULL,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT,
                forum_type INTEGER NOT NULL,
                visibility INTEGER NOT NULL,
                company_ids TEXT NOT NULL DEFAULT '[]',
                position INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, category_id, name),
                FOREIGN KEY (tenant_id, category_id) REFERENCES forum_categories (tenant_id, id) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE forum_topics (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                forum_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                title BLOB NOT NULL,            -- sensitive: sealed under the author's key
                sticky INTEGER NOT NULL DEFAULT 0,
                locked INTEGER NOT NULL DEFAULT 0,
                hits INTEGER NOT NULL DEFAULT 0,
                replied_at INTEGER,
                replied_by INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, forum_id) REFERENCES forums (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX forum_topics_by_forum ON forum_topics (tenant_id, forum_id, sticky, updated_at)",
            "CREATE INDEX forum_topics_by_user ON forum_topics (tenant_id, user_id)",
            """
            CREATE TABLE forum_posts (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                topic_id INTEGER NOT NULL,
                forum_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                body BLOB NOT NULL,             -- sensitive: sealed under the author's key
                answer INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, topic_id) REFERENCES forum_topics (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX forum_posts_by_topic ON forum_posts (tenant_id, topic_id, id)",
            "CREATE INDEX forum_posts_by_user ON forum_posts (tenant_id, user_id)",
        ]
    )
}
