import HavenCore
import HavenCrypto
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Start-up checks and first-time setup that tie a data directory to its key directory.
struct KeystoreSetup: Sendable {
    let store: Store
    let keyDirectory: String
    let logger: Logger

    /// Before the database opens: a missing key directory is created only for a brand-new data directory; for
    /// existing data it means the keys are elsewhere (or lost), and starting would seal new data under new keys.
    static func prepareDirectory(_ keyDirectory: String, databasePath: String, dataDirectory: String, logger: Logger) async throws {
        if access(keyDirectory, F_OK) != 0 {
            // Only then is the database looked at: an existing key directory costs start-up nothing here.
            let hasData = access(databasePath, F_OK) == 0 ? try await self.holdsSealedData(databasePath, logger: logger) : false
            guard !hasData else {
                throw KeyError.keyDirectory(
                    "The key directory \(keyDirectory) does not exist, but \(dataDirectory) holds encrypted data: point HAVEN_KEY_DIR (or --key-dir) at the key directory it was created with"
                )
            }
            guard mkdir(keyDirectory, 0o700) == 0 else {
                throw KeyError.keyDirectory("Cannot create the key directory \(keyDirectory) (errno \(errno))")
            }
        }
        try LocalFileKeyProvider.checkDirectory(keyDirectory)
    }

    /// Whether an existing database file was written with encryption at rest (it records its deployment). A file
    /// from before encryption has no keys yet: it gets a new key directory and is sealed on this start.
    static func holdsSealedData(_ databasePath: String, logger: Logger) async throws -> Bool {
        let database = try await HavenDatabase.open(path: databasePath, readerCount: 1, logger: logger)
        do {
            let sealed = try await database.read { sql in
                guard try await sql.first("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'deployment'") != nil else {
                    return false
                }
                return try await sql.first("SELECT 1 AS x FROM deployment") != nil
            }
            await database.close()
            return sealed
        } catch {
            await database.close()
            throw error
        }
    }

    static func isInside(_ keyDirectory: String, _ dataDirectory: String) -> Bool {
        func canonical(_ path: String) -> String {
            guard let resolved = realpath(path, nil) else { return path }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let keys = canonical(keyDirectory)
        let data = canonical(dataDirectory)
        return keys == data || keys.hasPrefix(data.hasSuffix("/") ? data : data + "/")
    }

    /// After migrations: creates the keystore and index tables, checks (or records) that the keystore belongs to
    /// this data directory, makes sure the active epoch key is there, and gives every tenant its keys.
    func bind(upgradedFromPlaintext: Bool) async throws {
        let store = self.store
        if store.database.dialect == .sqlite {
            // On PostgreSQL the migrator created them (schemas `ks` and `idx`, under the wall).
            try await store.database.withWriterConnection { sql in
                for statement in KeystoreSchema.keystoreStatements + KeystoreSchema.indexStatements {
                    try await sql.execute(statement)
                }
            }
        }
        let (dataID, keystoreID) = try await store.read { sql in
            (
                try await sql.first("SELECT id FROM deployment").map { try $0.string("id") },
                try await sql.first("SELECT deployment_id FROM ks.keystore_meta").map { try $0.string("deployment_id") }
            )
        }
        let keystorePath = Store.join(self.keyDirectory, "keystore.sqlite")
        switch (dataID, keystoreID) {
        case (nil, nil):
            let id = store.random.hex(count: 16)
            let ref = try await store.keys.provider.createEpochKey(epoch: 1)
            let canary = try await store.keys.provider.generateDataKey(epochKey: ref, context: Keystore.canaryContext(epoch: 1)).wrapped
            let now = store.clock.now()
            try await store.write { sql in
                try await sql.execute("INSERT INTO deployment (id, created_at) VALUES (\(id), \(now))")
                try await sql.execute("INSERT INTO ks.keystore_meta (deployment_id, created_at) VALUES (\(id), \(now))")
                try await sql.execute(
                    """
                    INSERT INTO ks.kms_epochs (epoch, provider, key_ref, state, created_at, canary)
                    VALUES (1, \(store.keys.provider.name), \(ref), 'active', \(now), \(DBValue.blob(canary)))
                    """
                )
            }
            self.logger.notice("created a new keystore", metadata: ["path": "\(keystorePath)", "deployment": "\(id)"])
        case (let data?, nil):
            throw KeyError.keyDirectory(
                "The key directory \(self.keyDirectory) has no keystore for this data (deployment \(data)): it is the wrong key directory, or its keystore was lost"
            )
        case (nil, let keys?):
            throw KeyError.keyDirectory(
                "The key directory \(self.keyDirectory) holds the keystore of deployment \(keys), but this data directory has none: a new data directory needs its own empty key directory"
            )
        case (let data?, let keys?) where data != keys:
            throw KeyError.keyDirectory(
                "The key directory \(self.keyDirectory) belongs to deployment \(keys), but this data directory is deployment \(data)"
            )
        default:
            break
        }
        let epoch = try await store.read { sql in try await Keystore.activeEpoch(on: sql) }
        guard await store.keys.provider.epochKeyExists(epoch.keyRef) else {
            throw KeyError.keyDirectory(
                "The active epoch key \(epoch.keyRef) is missing from \(self.keyDirectory): nothing can be decrypted without it"
            )
        }
        // Opening the canary proves the key file is readable, safe, and the one this keystore was written with.
        if let canary = epoch.canary {
            do {
                _ = try await store.keys.provider.decryptDataKey(
                    canary, epochKey: epoch.keyRef, context: Keystore.canaryContext(epoch: epoch.epoch))
            } catch KeyError.unwrapFailed {
                throw KeyError.keyDirectory(
                    "The keys in \(self.keyDirectory) do not open this keystore: the epoch key \(epoch.keyRef) is not the one it was written with"
                )
            }
        }
        // Unwrapping one tenant's key now turns a wrong or damaged key file into a start-up error, not a 500 later.
        let tenants = try await store.read { sql in
            try await sql.all(
                .across(
                    .keyCheck,
                    "SELECT id, (SELECT 1 FROM ks.tenant_key_state k WHERE k.tenant_id = tenants.id) AS has_keys FROM tenants ORDER BY id"
                )
            )
            .map { (TenantID(try $0.int("id")), try $0.optionalInt("has_keys") != nil) }
        }
        // Only a database from before encryption has tenants that never had keys. Anywhere else a tenant without
        // keys was purged after this copy was taken: it stays erased rather than getting fresh keys.
        if upgradedFromPlaintext {
            for (tenant, hasKeys) in tenants where !hasKeys {
                try await store.write { sql in try await store.keys.bootstrap(tenant, on: sql) }
            }
        }
        if let (tenant, _) = tenants.first(where: { $0.1 || upgradedFromPlaintext }) {
            do {
                _ = try await store.read { sql in try await store.keys.indexes(tenant, on: sql) }
            } catch let error as KeyError {
                throw KeyError.keyDirectory("The keys in \(self.keyDirectory) do not open this keystore: \(error)")
            }
        }
        if upgradedFromPlaintext {
            try await self.sealLegacyPlaintext(tenants.map(\.0))
        }
    }

    /// One-time conversion of a database written before encryption at rest: every clear value is sealed, the
    /// indexes are built, and the file is vacuumed so the old plaintext pages are gone from it.
    private func sealLegacyPlaintext(_ tenants: [TenantID]) async throws {
        for tenant in tenants {
            let outcome = try await Reencryption(store: self.store).run(tenant, plaintext: true)
            self.logger.notice(
                "sealed values stored before encryption at rest",
                metadata: ["tenant": "\(tenant)", "rows": "\(outcome.resealed)", "skipped": "\(outcome.skipped)"]
            )
        }
        try await self.store.database.withWriterConnection { sql in
            try await sql.execute("VACUUM main")
        }
        // After the VACUUM: it may renumber rowids, which the term indexer's watermark counts in.
        for tenant in tenants {
            try await Reindexer(store: self.store).run(tenant)
        }
    }
}
