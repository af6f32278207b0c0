public import HavenCore
public import HavenStore

/// Satisfaction surveys and ratings (Freshdesk's `surveys` and `satisfaction_ratings`). Administrators write the
/// surveys; one is active, and new ratings answer it. A rating is about one ticket: its numbers must be on the
/// survey's scale, its questions the survey's; the customer's feedback is sealed under their key. Each change is one
/// transaction with its audit entry.
public struct Surveys: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What a create or update may set (nil: unchanged). Questions are the labels after the default question.
    public struct Changes: Sendable {
        public var title: String?
        public var scale: Int64?
        public var active: Bool?
        public var questions: [String]?

        public init() {}
    }

    public func all(by principal: Principal) async throws -> [Survey] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.surveys.surveys(principal.tenant, on: sql)
        }
    }

    public func create(_ changes: Changes, by principal: Principal) async throws -> Survey {
        var errors = Self.problems(changes)
        if changes.title == nil { errors.append(.missing("title")) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSurveys) { change in
            let existing = try await store.surveys.surveys(change.tenant, on: change.sql)
            var survey = Survey(
                tenantID: change.tenant, id: SurveyID(try await IDSequences.next("surveys", on: change.sql)),
                title: changes.title!.trimmingWhitespace(), scale: changes.scale ?? 3, at: change.now)
            survey.questions = try await self.questions(changes.questions ?? [], keeping: [], change: change)
            survey.active = existing.isEmpty || changes.active == true
            if survey.active { try await Self.deactivate(existing, store: store, change: change) }
            try await store.surveys.insert(survey, on: change.sql)
            try await change.record(
                .surveyCreated, .survey(survey.id),
                details: ["title": .string(survey.title), "scale": .int(survey.scale), "active": .bool(survey.active)])
            return survey
        }
    }

    public func update(_ id: SurveyID, _ changes: Changes, by principal: Principal) async throws -> Survey {
        let errors = Self.problems(changes)
        if !errors.isEmpty { throw HavenError.validation(errors) }
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSurveys) { change in
            guard var survey = try await store.surveys.survey(change.tenant, id, on: change.sql) else { throw HavenError.notFound }
            if let scale = changes.scale, scale != survey.scale {
                throw HavenError.validation([.invalid("scale", "A survey's scale is set when it is created: make a new survey instead")])
            }
            var changed: [String] = []
            if let title = changes.title?.trimmingWhitespace(), title != survey.title {
                (survey.title, changed) = (title, changed + ["title"])
            }
            if let labels = changes.questions, labels != survey.questions.map(\.label) {
                survey.questions = try await self.questions(labels, keeping: survey.questions, change: change)
                changed.append("questions")
            }
            if let active = changes.active, active != survey.active {
                guard active else {
                    throw HavenError.validation([.invalid("active", "Make another survey active instead")])
                }
                try await Self.deactivate(try await store.surveys.surveys(change.tenant, on: change.sql), store: store, change: change)
                (survey.active, changed) = (true, changed + ["active"])
            }
            survey.updatedAt = change.now
            try await store.surveys.update(survey, on: change.sql)
            try await change.record(.surveyUpdated, .survey(id), details: ["changed": .strings(changed)])
            return survey
        }
    }

    /// Records a rating of `ticketID` against the active survey, as its requester's answer (an agent entering it,
    /// or an integration through the API).
    public func rate(_ ticketID: TicketID, ratings: [(key: String, value: Int64)], feedback: String?, by principal: Principal)
        async throws -> SatisfactionRating
    {
        try Self.checkFeedback(feedback)
        return try await self.helpdesk.change(by: principal, needs: .workTickets) { change in
            guard let ticket = try await self.helpdesk.store.tickets.find(change.tenant, ticketID, on: change.sql), !ticket.deleted else {
                throw HavenError.notFound
            }
            return try await self.record(ratings, feedback: feedback, on: ticket, in: change)
        }
    }

    /// The signed-in customer's own rating of their ticket on the portal (another's ticket is not there: 404).
    public func rateAsCustomer(_ ticketID: TicketID, ratings: [(key: String, value: Int64)], feedback: String?, by principal: Principal)
        async throws -> SatisfactionRating
    {
        try Self.checkFeedback(feedback)
        return try await self.helpdesk.customerChange(by: principal) { change, contact in
            guard let ticket = try await self.helpdesk.store.tickets.find(change.tenant, ticketID, on: change.sql), !ticket.deleted,
                !ticket.spam, ticket.requesterID == contact
            else { throw HavenError.notFound }
            return try await self.record(ratings, feedback: feedback, on: ticket, in: change)
        }
    }

    /// The active survey and the customer's latest rating of their ticket, for the portal's ticket page.
    public func forCustomer(_ ticketID: TicketID, by principal: Principal) async throws -> (survey: Survey?, latest: SatisfactionRating?) {
        guard case .contact(let contact) = principal.kind else { throw HavenError.accessDenied }
        let store = self.helpdesk.store
        return try await store.read { sql in
            let survey = try await store.surveys.surveys(principal.tenant, on: sql).first(where: \.active)
            let latest = try await store.surveys.ratings(principal.tenant, ticket: ticketID, on: sql).last { $0.userID == contact }
            return (survey, latest)
        }
    }

    private static func checkFeedback(_ feedback: String?) throws {
        if let feedback, feedback.count > 10_000 {
            throw HavenError.validation([.invalid("feedback", "It should be at most 10,000 characters")])
        }
    }

    /// Checks `ratings` against the active survey and writes the rating as the ticket's requester's, with its entry.
    private func record(_ ratings: [(key: String, value: Int64)], feedback: String?, on ticket: Ticket, in change: Change) async throws
        -> SatisfactionRating
    {
        let store = self.helpdesk.store
        guard let survey = try await store.surveys.surveys(change.tenant, on: change.sql).first(where: \.active) else {
            throw HavenError.validation([.invalid("ratings", "There is no active survey to answer: an administrator creates one first")])
        }
        var errors: [FieldError] = []
        let keys = survey.questionKeys
        for (key, value) in ratings {
            if !keys.contains(key) {
                errors.append(.notOneOf("ratings.\(key)", keys))
            } else if !survey.acceptedRatings.contains(value) {
                errors.append(.notOneOf("ratings.\(key)", survey.acceptedRatings.map(String.init)))
            }
        }
        if !ratings.contains(where: { $0.key == "default_question" }) { errors.append(.missing("ratings.default_question")) }
        if Set(ratings.map(\.key)).count != ratings.count { errors.append(.invalid("ratings", "Each question is answered once")) }
        if !errors.isEmpty { throw HavenError.validation(errors) }
        var rating = SatisfactionRating(
            tenantID: change.tenant, id: SatisfactionRatingID(try await IDSequences.next("satisfaction_ratings", on: change.sql)),
            surveyID: survey.id, ticketID: ticket.id, userID: ticket.requesterID, ratings: ratings, at: change.now)
        rating.agentID = ticket.responderID
        rating.groupID = ticket.groupID
        rating.feedback = feedback.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
        try await store.surveys.insert(rating, on: change.sql)
        try await change.record(
            .satisfactionRatingCreated, .satisfactionRating(rating.id),
            details: [
                "ticket_id": .id(ticket.id), "survey_id": .id(survey.id),
                "ratings": .object(JSONObject(ratings.map { ($0.key, .int($0.value)) })), "feedback": .bool(rating.feedback != nil),
            ])
        return rating
    }

    public func ratings(since: Timestamp?, page: PageRequest, by principal: Principal) async throws -> Page<SatisfactionRating> {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            try await store.surveys.ratings(principal.tenant, since: since, page: page, on: sql)
        }
    }

    public func ratings(of ticketID: TicketID, by principal: Principal) async throws -> [SatisfactionRating] {
        let store = self.helpdesk.store
        return try await self.helpdesk.query(by: principal, needs: .readHelpdesk) { sql in
            guard try await store.tickets.find(principal.tenant, ticketID, on: sql) != nil else { throw HavenError.notFound }
            return try await store.surveys.ratings(principal.tenant, ticket: ticketID, on: sql)
        }
    }

    /// Questions for `labels`: a label already asked keeps its id (ratings name questions by id), a new one gets one.
    private func questions(_ labels: [String], keeping existing: [SurveyQuestion], change: Change) async throws -> [SurveyQuestion] {
        var questions: [SurveyQuestion] = []
        for label in labels.map({ $0.trimmingWhitespace() }) {
            if let kept = existing.first(where: { $0.label == label }) {
                questions.append(kept)
            } else {
                questions.append(SurveyQuestion(id: try await IDSequences.next("survey_questions", on: change.sql), label: label))
            }
        }
        return questions
    }

    static func problems(_ changes: Changes) -> [FieldError] {
        var errors: [FieldError] = []
        if let title = changes.title?.trimmingWhitespace(), title.isEmpty || title.count > 255 {
            errors.append(.invalid("title", "It should be 1 to 255 characters"))
        }
        if let scale = changes.scale, Survey.scales[scale] == nil { errors.append(.notOneOf("scale", ["2", "3", "5", "7"])) }
        if let labels = changes.questions {
            if labels.count > 10 { errors.append(.invalid("questions", "A survey asks at most 10 questions besides the default one")) }
            let trimmed = labels.map { $0.trimmingWhitespace() }
            if trimmed.contains(where: { $0.isEmpty || $0.count > 255 }) || Set(trimmed).count != trimmed.count {
                errors.append(.invalid("questions", "Each question should be 1 to 255 characters, none asked twice"))
            }
        }
        return errors
    }

    private static func deactivate(_ all: [Survey], store: Store, change: Change) async throws {
        for var other in all where other.active {
            other.active = false
            other.updatedAt = change.now
            try await store.surveys.update(other, on: change.sql)
        }
    }
}
