/// Custom fields of contacts and companies (`RecordField`): definitions in clear, like ticket fields. Company
/// `custom_fields` values are sealed from now on under the tenant's data key, as contacts' are under their own;
/// until now the API refused every company custom value, so the column held only empty objects, made absent here.
enum Migration0023CreateRecordFields {
    static let migration = Migration(
        version: 23,
        name: "0023_CreateRecordFields",
        statements: [
            """
            CREATE TABLE record_fields (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id),
                id INTEGER NOT NULL,
                entity TEXT NOT NULL CHECK (entity IN ('contact', 'company')),
                name TEXT NOT NULL,
                label TEXT NOT NULL,
                label_for_customers TEXT NOT NULL,
                type TEXT NOT NULL,
                position INTEGER NOT NULL,
                required_for_agents INTEGER NOT NULL DEFAULT 0,
                required_for_customers INTEGER NOT NULL DEFAULT 0,
                customers_can_edit INTEGER NOT NULL DEFAULT 0,
                displayed_for_customers INTEGER NOT NULL DEFAULT 0,
                editable_in_signup INTEGER NOT NULL DEFAULT 0,
                choices TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, entity, name)
            )
            """,
            // The sealed form of "no values" is an empty blob (`Sealer.absent`).
            "UPDATE companies SET custom_fields = X'' WHERE typeof(custom_fields) = 'text' AND trim(custom_fields) IN ('', '{}')",
        ],
        // A PostgreSQL database never held the older plaintext form.
        postgres: [
            "UPDATE companies SET custom_fields = X'' WHERE typeof(custom_fields) = 'text' AND trim(custom_fields) IN ('', '{}')": []
        ]
    )
}
