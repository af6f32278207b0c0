/// One versioned schema step. Steps are append-only: a released step is never edited, a new one is added.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: [String]
    /// PostgreSQL's own form of the statements that have no common one (triggers, the word index), keyed by the
    /// statement's first line; an empty list leaves the statement out there. Every other statement runs on
    /// PostgreSQL as `PostgresSchema.translate` writes it.
    public let postgres: [String: [String]]
    /// Statements only PostgreSQL runs, after the others (what SQLite has built in, such as a rowid).
    public let postgresOnly: [String]

    public init(
        version: Int, name: String, statements: [String], postgres: [String: [String]] = [:], postgresOnly: [String] = []
    ) {
        self.version = version
        self.name = name
        self.statements = statements
        self.postgres = postgres
        self.postgresOnly = postgresOnly
    }

    /// The statements to run on `dialect`.
    func statements(for dialect: SQLDialect) -> [String] {
        guard dialect == .postgres else { return self.statements }
        return self.statements.flatMap { statement in
            let firstLine = String(statement.prefix { $0 != "\n" })
            return self.postgres[firstLine] ?? [PostgresSchema.translate(statement)]
        } + self.postgresOnly
    }
}

/// Every migration, in order.
public enum Migrations {
    public static let all: [Migration] = [
        Migration0001CreateHelpdeskSchema.migration,
        Migration0002CreateDomainCertificates.migration,
        Migration0003SealedColumns.migration,
        Migration0004CreateAuditLog.migration,
        Migration0005AuthenticateAuditAnchors.migration,
        Migration0006CreateCustomDomains.migration,
        Migration0007CreateTimeEntries.migration,
        Migration0008AddTicketListIndexes.migration,
        Migration0009CreateSignIn.migration,
        Migration0010CreatePortal.migration,
        Migration0011CreateExportFiles.migration,
        Migration0012CreatePortalLogos.migration,
        Migration0013AddCompanyTrash.migration,
        Migration0014CreateMail.migration,
        Migration0015CreateMailSettings.migration,
        Migration0016CreateDeletionReceipts.migration,
        Migration0017CreateRetentionRules.migration,
        Migration0018AddTenantTerminatedAt.migration,
        Migration0019CreateExportChunks.migration,
        Migration0020CreateSecureValues.migration,
        Migration0021CreateCannedResponses.migration,
        Migration0022CreateSLAPolicies.migration,
        Migration0023CreateRecordFields.migration,
        Migration0024CreateSurveys.migration,
        Migration0025NumberSupportAddresses.migration,
        Migration0026CreateTicketSummaries.migration,
        Migration0027CreateScenarioAutomations.migration,
        Migration0028CreateKnowledgeBase.migration,
        Migration0029CreateSkills.migration,
        Migration0030CreateDiscussions.migration,
        Migration0031AddTicketIndexRow.migration,
        Migration0032AddJobClaims.migration,
        Migration0033CreateRateWindows.migration,
        Migration0034CreateAuthenticationFailureWindows.migration,
        Migration0035CreateIDSequences.migration,
    ]
}
