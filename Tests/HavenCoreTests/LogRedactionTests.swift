import HavenCore
import Testing

/// Errors reach logs only through `LogRedaction`: kinds and places, never what a client sent.
@Suite struct LogRedactionTests {
    struct ForeignError: Error {
        let message = "duplicate zelda@example.com"
    }

    @Test func clientFacingMessagesAndForeignErrorsStayOutOfLogs() {
        let cases: [any Error] = [
            HavenError.validation([.invalid("email", "zelda@example.com is taken")]),
            HavenError.usage("A user with e-mail zelda@example.com already exists"),
            HavenError.forbidden(code: "access_denied", message: "zelda@example.com may not"),
            HavenError.unsupportedMediaType("zelda@example.com"),
            ForeignError(),
        ]
        for error in cases {
            #expect(!LogRedaction.describe(error).contains("zelda"), "\(error)")
        }
        #expect(LogRedaction.describe(HavenError.validation([.invalid("email", "x")])) == "validation failed: email")
        #expect(LogRedaction.describe(ForeignError()) == "ForeignError")
        #expect(LogRedaction.describe(HavenError.internalFailure("storage")) == "internal failure: storage")
    }
}
