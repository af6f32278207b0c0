public enum SurveyKind {}
public typealias SurveyID = Identifier<SurveyKind>
public enum SatisfactionRatingKind {}
public typealias SatisfactionRatingID = Identifier<SatisfactionRatingKind>

/// A satisfaction survey (Freshdesk's `surveys`): a default question and any further ones, all answered on one
/// rating scale. One survey of a tenant is active: the one new ratings answer.
public struct Survey: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: SurveyID
    public var title: String
    public var active: Bool
    /// The number of points on the scale: 2, 3, 5 or 7.
    public var scale: Int64
    /// The questions after the default one ("How would you rate your overall satisfaction…"), in order.
    public var questions: [SurveyQuestion]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(tenantID: TenantID, id: SurveyID, title: String, scale: Int64, at now: Timestamp) {
        self.tenantID = tenantID
        self.id = id
        self.title = title
        self.active = false
        self.scale = scale
        self.questions = []
        self.createdAt = now
        self.updatedAt = now
    }

    /// Freshdesk's rating values per scale: 103 the happiest, -103 the unhappiest, 100 neutral.
    public static let scales: [Int64: [Int64]] = [
        2: [-103, 103], 3: [-103, 100, 103], 5: [-103, -102, 100, 102, 103], 7: [-103, -102, -101, 100, 101, 102, 103],
    ]

    public var acceptedRatings: [Int64] { Self.scales[self.scale] ?? [] }

    /// How a rating value reads to a customer on this survey's scale.
    public func label(for rating: Int64) -> String {
        let words: [Int64: String]
        switch self.scale {
        case 5: words = [-103: "Very unhappy", -102: "Unhappy", 100: "Neutral", 102: "Happy", 103: "Very happy"]
        case 7:
            words = [
                -103: "Extremely unhappy", -102: "Very unhappy", -101: "Unhappy", 100: "Neutral", 101: "Happy", 102: "Very happy",
                103: "Extremely happy",
            ]
        default: words = [-103: "Unhappy", 100: "Neutral", 103: "Happy"]
        }
        return words[rating] ?? String(rating)
    }

    /// The keys a rating may answer: `default_question`, then `question_<id>` for each further question.
    public var questionKeys: [String] { ["default_question"] + self.questions.map { "question_\($0.id)" } }

    public static let defaultQuestion = "How would you rate your overall satisfaction for the resolution provided by the agent?"
}

public struct SurveyQuestion: Sendable, Equatable {
    public var id: Int64
    public var label: String

    public init(id: Int64, label: String) {
        self.id = id
        self.label = label
    }
}

/// A customer's answer to a survey about one ticket (Freshdesk's `satisfaction_ratings`). The ratings are numbers on
/// the survey's scale; the feedback is the customer's own words, sealed under their key (erasing them erases it).
public struct SatisfactionRating: Sendable, Equatable {
    public var tenantID: TenantID
    public var id: SatisfactionRatingID
    public var surveyID: SurveyID
    public var ticketID: TicketID
    /// The customer who rated (the ticket's requester).
    public var userID: UserID
    public var agentID: UserID?
    public var groupID: GroupID?
    public var ratings: [(key: String, value: Int64)]
    public var feedback: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// Set when the feedback could not be opened (the person was erased): it is then empty, never guessed.
    public var unreadable: Unreadable?

    public init(
        tenantID: TenantID, id: SatisfactionRatingID, surveyID: SurveyID, ticketID: TicketID, userID: UserID,
        ratings: [(key: String, value: Int64)], at now: Timestamp
    ) {
        self.tenantID = tenantID
        self.id = id
        self.surveyID = surveyID
        self.ticketID = ticketID
        self.userID = userID
        self.ratings = ratings
        self.createdAt = now
        self.updatedAt = now
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.tenantID == b.tenantID && a.id == b.id && a.surveyID == b.surveyID && a.ticketID == b.ticketID && a.userID == b.userID
            && a.agentID == b.agentID && a.groupID == b.groupID && a.ratings.map(\.key) == b.ratings.map(\.key)
            && a.ratings.map(\.value) == b.ratings.map(\.value) && a.feedback == b.feedback && a.createdAt == b.createdAt
            && a.updatedAt == b.updatedAt && a.unreadable == b.unreadable
    }
}
