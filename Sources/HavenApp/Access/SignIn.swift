public import HavenCore
import HavenCrypto
import HavenStore

/// The password step of signing in (people.md §2). Unknown e-mail and wrong password take the same time and get
/// the same answer; failures count against the account and the source address in the database, and locks grow.
/// A right password opens a session whose stage says what is still due: the second factor, or enrollment first
/// when the tenant requires one the person has not set up.
public struct SignIn: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public struct Attempt: Sendable {
        public var email: String
        public var password: String
        public var sourceIP: String?
        public var userAgent: String?

        public init(email: String, password: String, sourceIP: String?, userAgent: String?) {
            self.email = email
            self.password = password
            self.sourceIP = sourceIP
            self.userAgent = userAgent
        }
    }

    public func callAsFunction(_ attempt: Attempt, tenant: Tenant, audience: Audience) async throws -> IssuedSession {
        let store = self.helpdesk.store
        guard attempt.password.utf8.count <= PasswordPolicy.maximumBytes else { throw SignInError.tooLong }
        let email = String(attempt.email.trimmingWhitespace().prefix(254))
        let now = self.helpdesk.clock.now()
        // Read: the policy, the locks, the account and its hash.
        let (policy, subjects, account, credential) = try await store.read { sql in
            let policy = try await store.securityPolicies.find(tenant.id, on: sql)
            let subjects = try await SignInSubjects.load(
                tenant.id, email: email, sourceIP: attempt.sourceIP, audience: audience, store: store, on: sql)
            if let seconds = try await Lockouts(store: store).lockedFor(tenant.id, subjects, at: now, on: sql) {
                throw SignInError.locked(retryAfterSeconds: seconds)
            }
            let account = try await Account.find(tenant.id, email: email, audience: audience, store: store, on: sql)
            let credential = try await account.asyncMap { try await store.credentialsOfPeople.find(tenant.id, $0.person.id, on: sql) }
            return (policy, subjects, account, credential ?? nil)
        }
        // Check: always one hash, whether or not the account exists.
        let matches: Bool
        do {
            if let stored = credential?.passwordHash {
                matches = try await self.helpdesk.passwords.verify(attempt.password, against: stored)
            } else {
                matches = try await self.helpdesk.passwords.verifyAbsent(attempt.password)
            }
        } catch is PasswordHasher.Busy {
            throw SignInError.busy
        }
        let audiencePolicy = policy.audience(audience)
        guard matches, let account, let credential, account.isActive(at: now), tenant.status == .active else {
            let locked = try await store.write { sql in
                try await Lockouts(store: store).recordFailure(
                    tenant.id, subjects, person: account?.person.id, audience: audience, policy: audiencePolicy.lockout, at: now,
                    sourceIP: attempt.sourceIP, on: sql)
            }
            if let locked { throw SignInError.locked(retryAfterSeconds: locked) }
            throw SignInError.invalidCredentials
        }
        let stage: StoredSession.Stage
        if credential.hasSecondFactor {
            stage = .secondFactor
        } else if let role = account.role, policy.requiresTwoFactor(role) {
            stage = .enrollment
        } else {
            stage = .complete
        }
        let rehash = self.helpdesk.passwords.needsRehash(credential.passwordHash ?? "")
        let newHash = rehash ? try? await self.helpdesk.passwords.hash(attempt.password) : nil
        return try await store.write { sql in
            try await Lockouts(store: store).recordSuccess(tenant.id, subjects, on: sql)
            if let newHash {
                var updated = credential
                updated.passwordHash = newHash
                try await store.credentialsOfPeople.save(updated, on: sql)
            }
            let issued = try await SessionIssuer(store: store).open(
                tenant: tenant.id, person: account.person.id, audience: audience, stage: stage, policy: audiencePolicy, at: now,
                sourceIP: attempt.sourceIP, userAgent: attempt.userAgent, on: sql)
            if stage == .complete {
                try await SessionIssuer.recordSignIn(
                    store: store, issued.session, method: "password", principal: account.principal(tenant.id, sourceIP: attempt.sourceIP),
                    on: sql)
            }
            return issued
        }
    }
}
