import HavenCore
import HavenCrypto
import Testing

@Suite struct PasswordTests {
    /// Cheap parameters for tests (2^10 rounds); production uses 2^15.
    static let hasher = PasswordHasher(parameters: .init(log2Rounds: 10))

    @Test func hashesVerifyAndDiffer_andMalformedStoredValuesNeverMatch() async throws {
        let stored = try await Self.hasher.hash("correct horse battery staple")
        #expect(stored.hasPrefix("scrypt$ln=10,r=8,p=1$"))
        #expect(try await Self.hasher.verify("correct horse battery staple", against: stored))
        #expect(try await !Self.hasher.verify("correct horse battery stapler", against: stored))
        #expect(try await Self.hasher.hash("correct horse battery staple") != stored, "a fresh salt each time")
        for broken in ["", "scrypt", "scrypt$ln=10,r=8,p=1$$", "bcrypt$x$y$z", "scrypt$ln=40,r=8,p=1$AAAA$AAAA", stored + "x"] {
            #expect(try await !Self.hasher.verify("correct horse battery staple", against: broken), "\(broken)")
        }
        #expect(PasswordHasher().needsRehash(stored), "2^10 is below the production cost")
        #expect(!Self.hasher.needsRehash(stored))
    }

    @Test func aFloodIsRefusedInsteadOfQueuedWithoutEnd() async throws {
        let tight = PasswordHasher(parameters: .init(log2Rounds: 12), concurrency: 1, maxWaiting: 2)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 {
                group.addTask { (try? await tight.hash("a long enough password")) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.contains(true) && outcomes.contains(false), "\(outcomes)")
    }

    @Test func thePolicyRefusesShortCommonAndPersonalPasswords_withReasons() {
        let policy = PasswordPolicy()
        #expect(policy.problems(with: "a sensible long passphrase").isEmpty)
        #expect(policy.problems(with: "short")[0].contains("at least 12 characters"))
        #expect(policy.problems(with: "password1234").contains { $0.contains("most commonly used") })
        #expect(policy.problems(with: "abcabcabcabc").contains { $0.contains("most commonly used") })
        #expect(
            policy.problems(with: "ada.lovelace-rocks!", context: ["ada.lovelace@acme.example", "Acme Support"])
                .contains { $0.contains("lovelace") })
        #expect(policy.problems(with: String(repeating: "x", count: 10_000)) == ["The password is longer than 1024 bytes"])
        #expect(PasswordPolicy(minimumLength: 3).minimumLength == PasswordPolicy.absoluteMinimum)
        #expect(CommonPasswords.count > 29_000 && CommonPasswords.contains("dragon"))
    }
}
