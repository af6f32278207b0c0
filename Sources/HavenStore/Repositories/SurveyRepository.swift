public import HavenCore
import HavenCrypto

/// Surveys and satisfaction ratings per tenant; a rating's feedback sealed under the rater's key.
public protocol SurveyRepository: Sendable {
    func insert(_ survey: Survey, on sql: SQLExecutor) async throws
    func update(_ survey: Survey, on sql: SQLExecutor) async throws
    func survey(_ tenant: TenantID, _ id: SurveyID, on sql: SQLExecutor) async throws -> Survey?
    /// Every survey, the active one first.
    func surveys(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Survey]
    func insert(_ rating: SatisfactionRating, on sql: SQLExecutor) async throws
    /// Ratings created at or after `since` (all when nil), oldest first, a page at a time.
    func ratings(_ tenant: TenantID, since: Timestamp?, page: PageRequest, on sql: SQLExecutor) async throws -> Page<SatisfactionRating>
    func ratings(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [SatisfactionRating]
}

public struct SQLiteSurveyRepository: SurveyRepository {
    static let table = "satisfaction_ratings"
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    static func questionsJSON(_ questions: [SurveyQuestion]) -> String {
        JSONWriter.string(.array(questions.map { .object(["id": .int($0.id), "label": .string($0.label)]) }))
    }

    public func insert(_ survey: Survey, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            INSERT INTO surveys (tenant_id, id, title, active, scale, questions, created_at, updated_at)
            VALUES (\(survey.tenantID), \(survey.id), \(survey.title), \(survey.active), \(survey.scale),
                \(Self.questionsJSON(survey.questions)), \(survey.createdAt), \(survey.updatedAt))
            """
        )
    }

    public func update(_ survey: Survey, on sql: SQLExecutor) async throws {
        try await sql.execute(
            """
            UPDATE surveys SET title = \(survey.title), active = \(survey.active), questions = \(Self.questionsJSON(survey.questions)),
                updated_at = \(survey.updatedAt)
            WHERE tenant_id = \(survey.tenantID) AND id = \(survey.id)
            """
        )
    }

    public func survey(_ tenant: TenantID, _ id: SurveyID, on sql: SQLExecutor) async throws -> Survey? {
        try await sql.first("SELECT * FROM surveys WHERE tenant_id = \(tenant) AND id = \(id)").map(Self.decodeSurvey)
    }

    public func surveys(_ tenant: TenantID, on sql: SQLExecutor) async throws -> [Survey] {
        try await sql.all("SELECT * FROM surveys WHERE tenant_id = \(tenant) ORDER BY active DESC, id").map(Self.decodeSurvey)
    }

    static func decodeSurvey(_ row: Row) throws -> Survey {
        var survey = Survey(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), title: try row.string("title"), scale: try row.int("scale"),
            at: try row.timestamp("created_at"))
        survey.active = try row.bool("active")
        survey.questions = try StoredJSON.array(try row.string("questions"), column: "surveys.questions").map { item in
            guard let object = item.objectValue, let id = object["id"]?.intValue, let label = object["label"]?.stringValue else {
                throw HavenError.internalFailure("surveys.questions holds a question without id or label")
            }
            return SurveyQuestion(id: id, label: label)
        }
        survey.updatedAt = try row.timestamp("updated_at")
        return survey
    }

    public func insert(_ rating: SatisfactionRating, on sql: SQLExecutor) async throws {
        let sealer = try await self.keys.sealer(rating.tenantID, .subject(rating.userID.rawValue), create: true, on: sql)
        let ratings = JSONWriter.string(.object(JSONObject(rating.ratings.map { ($0.key, .int($0.value)) })))
        try await sql.execute(
            """
            INSERT INTO satisfaction_ratings (tenant_id, id, survey_id, ticket_id, user_id, agent_id, group_id, ratings, feedback,
                created_at, updated_at)
            VALUES (\(rating.tenantID), \(rating.id), \(rating.surveyID), \(rating.ticketID), \(rating.userID), \(rating.agentID),
                \(rating.groupID), \(ratings), \(try sealer.seal(rating.feedback, Self.table, "feedback", rating.id.rawValue)),
                \(rating.createdAt), \(rating.updatedAt))
            """
        )
    }

    public func ratings(_ tenant: TenantID, since: Timestamp?, page: PageRequest, on sql: SQLExecutor) async throws
        -> Page<SatisfactionRating>
    {
        var statement: SQL = "SELECT * FROM satisfaction_ratings WHERE tenant_id = \(tenant)"
        if let since { statement.append(" AND created_at >= \(since)") }
        statement.append(" ORDER BY created_at, id" + page.limitClause)
        return Page(fetched: try await self.decode(sql.all(statement), tenant, on: sql), request: page)
    }

    public func ratings(_ tenant: TenantID, ticket: TicketID, on sql: SQLExecutor) async throws -> [SatisfactionRating] {
        try await self.decode(
            sql.all("SELECT * FROM satisfaction_ratings WHERE tenant_id = \(tenant) AND ticket_id = \(ticket) ORDER BY id"), tenant,
            on: sql)
    }

    func decode(_ rows: [Row], _ tenant: TenantID, on sql: SQLExecutor) async throws -> [SatisfactionRating] {
        try await self.keys.decode(
            rows, tenant, on: sql, scope: { .subject(try $0.int("user_id")) },
            { row, sealer in
                var rating = try Self.decodeClear(row)
                rating.feedback = try sealer.open(row, Self.table, "feedback", rating.id.rawValue)
                return rating
            },
            unreadable: { row, reason in
                var rating = try Self.decodeClear(row)
                rating.unreadable = reason
                return rating
            })
    }

    static func decodeClear(_ row: Row) throws -> SatisfactionRating {
        let ratings = try StoredJSON.object(try row.string("ratings"), column: "satisfaction_ratings.ratings").map { key, value in
            guard let number = value.intValue else { throw HavenError.internalFailure("satisfaction_ratings.ratings holds a non-number") }
            return (key: key, value: number)
        }
        var rating = SatisfactionRating(
            tenantID: try row.id("tenant_id"), id: try row.id("id"), surveyID: try row.id("survey_id"), ticketID: try row.id("ticket_id"),
            userID: try row.id("user_id"), ratings: ratings, at: try row.timestamp("created_at"))
        rating.agentID = try row.optionalID("agent_id")
        rating.groupID = try row.optionalID("group_id")
        rating.updatedAt = try row.timestamp("updated_at")
        return rating
    }
}
