/// The helpdesk core schema. Every table but `tenants` is keyed by `tenant_id` first, and references between tenant
/// tables are composite `(tenant_id, id)` foreign keys, so the database itself refuses a row that points into another
/// tenant. Columns marked "sensitive" are sealed (field envelopes, see `docs/data-model.md`).
enum Migration0001CreateHelpdeskSchema {
    static let migration = Migration(
        version: 1,
        name: "0001_CreateHelpdeskSchema",
        statements: [
            """
            CREATE TABLE tenants (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                subdomain TEXT NOT NULL UNIQUE,
                region TEXT NOT NULL,
                status TEXT NOT NULL,
                next_ticket_id INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            "CREATE TABLE id_sequences (name TEXT PRIMARY KEY, next_value INTEGER NOT NULL)",
            """
            CREATE TABLE users (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL,            -- sensitive
                email TEXT,                    -- sensitive
                email_index TEXT,              -- lookup key (blind index once encryption lands)
                phone TEXT,                    -- sensitive
                phone_index TEXT,
                mobile TEXT,                   -- sensitive
                mobile_index TEXT,
                twitter_id TEXT,
                unique_external_id TEXT,
                other_emails TEXT NOT NULL DEFAULT '[]',   -- sensitive
                company_id INTEGER,
                view_all_tickets INTEGER NOT NULL DEFAULT 0,
                other_companies TEXT NOT NULL DEFAULT '[]',
                address TEXT,                  -- sensitive
                description TEXT,              -- sensitive
                job_title TEXT,
                language TEXT NOT NULL DEFAULT 'en',
                time_zone TEXT,
                tags TEXT NOT NULL DEFAULT '[]',
                custom_fields TEXT NOT NULL DEFAULT '{}',  -- sensitive
                active INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                blocked INTEGER NOT NULL DEFAULT 0,
                is_agent INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX users_by_name ON users (tenant_id, is_agent, name, id)",
            "CREATE INDEX users_by_updated ON users (tenant_id, updated_at, id)",
            "CREATE INDEX users_by_phone ON users (tenant_id, phone_index)",
            "CREATE INDEX users_by_mobile ON users (tenant_id, mobile_index)",
            "CREATE INDEX users_by_company ON users (tenant_id, company_id)",
            """
            CREATE UNIQUE INDEX users_by_external_id ON users (tenant_id, unique_external_id)
            WHERE unique_external_id IS NOT NULL
            """,
            "CREATE UNIQUE INDEX users_by_twitter_id ON users (tenant_id, twitter_id) WHERE twitter_id IS NOT NULL",
            """
            CREATE TABLE user_emails (
                tenant_id INTEGER NOT NULL,
                email_index TEXT NOT NULL,
                user_id INTEGER NOT NULL,
                is_primary INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, email_index),
                FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX user_emails_by_user ON user_emails (tenant_id, user_id)",
            """
            CREATE TABLE agents (
                tenant_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                role TEXT NOT NULL,
                occasional INTEGER NOT NULL DEFAULT 0,
                signature TEXT,                -- sensitive
                ticket_scope INTEGER NOT NULL DEFAULT 1,
                agent_type TEXT NOT NULL DEFAULT 'support_agent',
                available INTEGER NOT NULL DEFAULT 1,
                available_since INTEGER,
                focus_mode INTEGER NOT NULL DEFAULT 1,
                last_active_at INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, user_id),
                FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE api_keys (
                tenant_id INTEGER NOT NULL,
                id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE roles (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                role_key TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                is_default INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, role_key)
            )
            """,
            """
            CREATE TABLE groups (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                escalate_to INTEGER,
                unassigned_for TEXT,
                business_hour_id INTEGER,
                auto_ticket_assign INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """,
            """
            CREATE TABLE group_agents (
                tenant_id INTEGER NOT NULL,
                group_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, group_id, user_id),
                FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE,
                FOREIGN KEY (tenant_id, user_id) REFERENCES agents (tenant_id, user_id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX group_agents_by_agent ON group_agents (tenant_id, user_id)",
            """
            CREATE TABLE companies (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL,            -- sensitive
                name_index TEXT NOT NULL,      -- uniqueness key (blind index once encryption lands)
                description TEXT,              -- sensitive
                note TEXT,                     -- sensitive
                domains TEXT NOT NULL DEFAULT '[]',        -- sensitive
                custom_fields TEXT NOT NULL DEFAULT '{}',
                health_score TEXT,
                account_tier TEXT,
                renewal_date INTEGER,
                industry TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name_index)
            )
            """,
            "CREATE INDEX companies_by_updated ON companies (tenant_id, updated_at, id)",
            """
            CREATE TABLE tickets (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                subject TEXT,                  -- sensitive
                description TEXT NOT NULL,     -- sensitive
                status INTEGER NOT NULL,
                priority INTEGER NOT NULL,
                source INTEGER NOT NULL,
                ticket_type TEXT,
                requester_id INTEGER NOT NULL,
                responder_id INTEGER,
                group_id INTEGER,
                company_id INTEGER,
                product_id INTEGER,
                email_config_id INTEGER,
                cc_emails TEXT NOT NULL DEFAULT '[]',        -- sensitive
                fwd_emails TEXT NOT NULL DEFAULT '[]',
                reply_cc_emails TEXT NOT NULL DEFAULT '[]',
                ticket_cc_emails TEXT NOT NULL DEFAULT '[]',
                custom_fields TEXT NOT NULL DEFAULT '{}',    -- sensitive
                tags TEXT NOT NULL DEFAULT '[]',             -- JSON array; ticket_tags mirrors it for search
                spam INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                deleted_at INTEGER,
                fr_escalated INTEGER NOT NULL DEFAULT 0,
                is_escalated INTEGER NOT NULL DEFAULT 0,
                nr_escalated INTEGER NOT NULL DEFAULT 0,
                due_by INTEGER,
                fr_due_by INTEGER,
                nr_due_by INTEGER,
                agent_responded_at INTEGER,
                requester_responded_at INTEGER,
                first_responded_at INTEGER,
                status_updated_at INTEGER,
                reopened_at INTEGER,
                resolved_at INTEGER,
                closed_at INTEGER,
                pending_since INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, requester_id) REFERENCES users (tenant_id, id)
            )
            """,
            "CREATE INDEX tickets_by_created ON tickets (tenant_id, created_at, id)",
            "CREATE INDEX tickets_by_updated ON tickets (tenant_id, updated_at, id)",
            "CREATE INDEX tickets_by_due ON tickets (tenant_id, due_by, id)",
            "CREATE INDEX tickets_by_status ON tickets (tenant_id, status, id)",
            "CREATE INDEX tickets_by_requester ON tickets (tenant_id, requester_id)",
            "CREATE INDEX tickets_by_company ON tickets (tenant_id, company_id)",
            "CREATE INDEX tickets_by_responder ON tickets (tenant_id, responder_id)",
            "CREATE INDEX tickets_by_group ON tickets (tenant_id, group_id)",
            """
            CREATE TABLE ticket_tags (
                tenant_id INTEGER NOT NULL,
                ticket_id INTEGER NOT NULL,
                tag TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, ticket_id, tag),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX ticket_tags_by_tag ON ticket_tags (tenant_id, tag)",
            // The tag index follows the ticket's `tags` column inside the same statement, so writing a ticket stays
            // one statement and the index can never disagree with the row.
            """
            CREATE TRIGGER tickets_tags_after_insert AFTER INSERT ON tickets BEGIN
                INSERT INTO ticket_tags (tenant_id, ticket_id, tag, position)
                SELECT NEW.tenant_id, NEW.id, value, key FROM json_each(NEW.tags);
            END
            """,
            """
            CREATE TRIGGER tickets_tags_after_update AFTER UPDATE OF tags ON tickets
            WHEN OLD.tags IS NOT NEW.tags BEGIN
                DELETE FROM ticket_tags WHERE tenant_id = NEW.tenant_id AND ticket_id = NEW.id;
                INSERT INTO ticket_tags (tenant_id, ticket_id, tag, position)
                SELECT NEW.tenant_id, NEW.id, value, key FROM json_each(NEW.tags);
            END
            """,
            """
            CREATE TABLE conversations (
                tenant_id INTEGER NOT NULL,
                id INTEGER NOT NULL,
                ticket_id INTEGER NOT NULL,
                user_id INTEGER,
                body TEXT NOT NULL,            -- sensitive
                incoming INTEGER NOT NULL,
                private INTEGER NOT NULL,
                source INTEGER NOT NULL,
                category INTEGER NOT NULL,
                from_email TEXT,               -- sensitive
                to_emails TEXT NOT NULL DEFAULT '[]',      -- sensitive
                cc_emails TEXT NOT NULL DEFAULT '[]',      -- sensitive
                bcc_emails TEXT NOT NULL DEFAULT '[]',     -- sensitive
                support_email TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                last_edited_at INTEGER,
                last_edited_user_id INTEGER,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX conversations_by_ticket ON conversations (tenant_id, ticket_id, created_at, id)",
            """
            CREATE TABLE ticket_fields (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                name TEXT NOT NULL,
                label TEXT NOT NULL,
                description TEXT,
                field_type TEXT NOT NULL,
                position INTEGER NOT NULL,
                is_default INTEGER NOT NULL,
                required_for_closure INTEGER NOT NULL DEFAULT 0,
                required_for_agents INTEGER NOT NULL DEFAULT 0,
                required_for_customers INTEGER NOT NULL DEFAULT 0,
                customers_can_edit INTEGER NOT NULL DEFAULT 0,
                displayed_to_customers INTEGER NOT NULL DEFAULT 0,
                label_for_customers TEXT NOT NULL,
                choices TEXT NOT NULL DEFAULT '[]',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, name)
            )
            """,
            """
            CREATE TABLE jobs (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id TEXT NOT NULL,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                progress INTEGER NOT NULL DEFAULT 0,
                requested_by INTEGER,
                payload TEXT NOT NULL,
                result TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                status_updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX jobs_by_status ON jobs (status, created_at)",
        ],
        postgres: [
            // The tag index kept by one trigger function (PostgreSQL triggers call functions).
            "CREATE TRIGGER tickets_tags_after_insert AFTER INSERT ON tickets BEGIN": [
                """
                CREATE OR REPLACE FUNCTION haven_ticket_tags() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        IF OLD.tags IS NOT DISTINCT FROM NEW.tags THEN RETURN NULL; END IF;
                        DELETE FROM ticket_tags WHERE tenant_id = NEW.tenant_id AND ticket_id = NEW.id;
                    END IF;
                    INSERT INTO ticket_tags (tenant_id, ticket_id, tag, position)
                    SELECT NEW.tenant_id, NEW.id, t.value, t.ordinality - 1
                    FROM json_array_elements_text(NEW.tags::json) WITH ORDINALITY AS t(value, ordinality);
                    RETURN NULL;
                END $$
                """,
                "CREATE TRIGGER tickets_tags_after_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION haven_ticket_tags()",
            ],
            "CREATE TRIGGER tickets_tags_after_update AFTER UPDATE OF tags ON tickets": [
                "CREATE TRIGGER tickets_tags_after_update AFTER UPDATE OF tags ON tickets FOR EACH ROW EXECUTE FUNCTION haven_ticket_tags()"
            ],
        ]
    )
}
