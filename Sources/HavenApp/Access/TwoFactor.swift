public import HavenCore
import HavenCrypto
import HavenStore

/// The second factor (people.md §2): TOTP codes (RFC 6238, ±1 step, a step never accepted twice) and ten single-use
/// recovery codes kept as hashes; enrollment from a QR code; an admin's reset of another person's factor.
public struct TwoFactor: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// What enrollment shows: the QR code of the `otpauth://` URI and the secret as text for typing by hand.
    public struct Enrollment: Sendable {
        public let secret: String
        public let uri: String
        public let qrSVG: String
    }

    /// The second step of signing in, with a code from the app or a recovery code: completes the session under a
    /// new token. Failures count toward the lockout.
    public func complete(_ signedIn: SignedIn, code: String, recovery: Bool) async throws -> IssuedSession {
        guard signedIn.session.stage == .secondFactor else { throw SignInError.sessionEnded }
        return try await self.check(signedIn, code: code, recovery: recovery) { credential, sql in
            var session = signedIn.session
            session.stage = .complete
            session.authenticatedAt = self.helpdesk.clock.now()
            let issued = try await SessionIssuer(store: self.helpdesk.store).rotate(session, on: sql)
            try await SessionIssuer.recordSignIn(
                store: self.helpdesk.store, issued.session, method: recovery ? "password+recovery_code" : "password+totp",
                principal: signedIn.principal, on: sql)
            if recovery {
                try await Change(sql: sql, principal: signedIn.principal, now: session.authenticatedAt, audit: self.helpdesk.store.audit)
                    .record(
                        .recoveryCodeUsed, .person(signedIn.person.id, signedIn.audience),
                        details: ["remaining": .int(Int64(credential.recoveryCodeHashes.count))])
            }
            return issued
        }
    }

    /// Starts (or shows again) an enrollment: a new secret kept pending, sealed, until a code confirms it.
    public func begin(_ signedIn: SignedIn, issuer: String) async throws -> Enrollment {
        let store = self.helpdesk.store
        let secret = try await store.write { sql -> [UInt8] in
            var credential =
                try await store.credentialsOfPeople.find(signedIn.tenant.id, signedIn.person.id, on: sql)
                ?? StoredCredential(tenantID: signedIn.tenant.id, userID: signedIn.person.id)
            if let pending = credential.totpPending { return pending }
            credential.totpPending = TOTP.generateSecret(using: store.random)
            try await store.credentialsOfPeople.save(credential, on: sql)
            return credential.totpPending!
        }
        let totp = TOTP(secret: secret)
        let uri = totp.provisioningURI(issuer: issuer, account: signedIn.person.email ?? signedIn.person.name)
        let svg = (try? QRCode(encoding: uri).svg()) ?? ""
        return Enrollment(secret: Base32.encode(secret), uri: uri, qrSVG: svg)
    }

    /// Confirms an enrollment with a code from the app: the secret becomes active, ten recovery codes are made (and
    /// returned once), and a session that was waiting on enrollment completes under a new token.
    public func confirm(_ signedIn: SignedIn, code: String) async throws -> (codes: [String], session: IssuedSession?) {
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        let codes = SecretTokens.recoveryCodes(using: store.random)
        let outcome: Result<IssuedSession?, SignInError> = try await store.write { sql in
            guard var credential = try await store.credentialsOfPeople.find(signedIn.tenant.id, signedIn.person.id, on: sql),
                let pending = credential.totpPending
            else { return .failure(.invalidCode) }
            guard let step = TOTP(secret: pending).verify(code, at: now, lastUsedStep: nil) else { return .failure(.invalidCode) }
            credential.totpSecret = pending
            credential.totpPending = nil
            credential.totpEnrolledAt = now
            credential.totpLastStep = step
            credential.recoveryCodeHashes = codes.map(SecretTokens.hash)
            try await store.credentialsOfPeople.save(credential, on: sql)
            try await Change(sql: sql, principal: signedIn.principal, now: now, audit: store.audit)
                .record(.twoFactorEnrolled, .person(signedIn.person.id, signedIn.audience), details: ["method": "totp"])
            var session = signedIn.session
            let wasWaiting = session.stage == .enrollment
            session.stage = .complete
            session.authenticatedAt = now
            // A privilege change: the session gets a new token whether it was waiting on enrollment or not.
            let issued = try await SessionIssuer(store: store).rotate(session, on: sql)
            if wasWaiting {
                try await SessionIssuer.recordSignIn(
                    store: store, issued.session, method: "password+enrollment", principal: signedIn.principal, on: sql)
            }
            return .success(issued)
        }
        return (codes, try outcome.get())
    }

    /// An admin removes another person's second factor (a lost phone): their codes stop working, every session of
    /// theirs ends, and they enroll again at the next sign-in if the policy requires it.
    public func reset(_ person: UserID, by principal: Principal) async throws {
        let store = self.helpdesk.store
        try await self.helpdesk.change(by: principal, needs: .manageSecurity) { change in
            guard var credential = try await store.credentialsOfPeople.find(change.tenant, person, on: change.sql) else {
                throw HavenError.notFound
            }
            credential.totpSecret = nil
            credential.totpPending = nil
            credential.totpEnrolledAt = nil
            credential.recoveryCodeHashes = []
            try await store.credentialsOfPeople.save(credential, on: change.sql)
            let ended = try await store.sessions.deleteAll(change.tenant, user: person, except: nil, on: change.sql)
            try await change.record(.twoFactorReset, .agent(person), details: ["sessions_ended": .int(Int64(ended))])
        }
    }

    /// Checks a code and, on success, runs `success` in the same transaction; a failure is counted and committed.
    private func check<T: Sendable>(
        _ signedIn: SignedIn, code: String, recovery: Bool,
        success: @Sendable (StoredCredential, SQLExecutor) async throws -> T
    ) async throws -> T {
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        let tenant = signedIn.tenant.id
        let outcome: Result<T, SignInError> = try await store.write { sql in
            let subjects = try await SignInSubjects.load(
                tenant, email: signedIn.person.email ?? "", sourceIP: signedIn.principal.sourceIP, audience: signedIn.audience,
                store: store, on: sql)
            if let seconds = try await Lockouts(store: store).lockedFor(tenant, subjects, at: now, on: sql) {
                return .failure(.locked(retryAfterSeconds: seconds))
            }
            guard var credential = try await store.credentialsOfPeople.find(tenant, signedIn.person.id, on: sql),
                let secret = credential.totpSecret
            else { return .failure(.invalidCode) }
            var accepted = false
            if recovery {
                let hash = SecretTokens.hash(SecretTokens.normalizeRecoveryCode(code))
                if let index = credential.recoveryCodeHashes.firstIndex(where: { ConstantTime.equal(Array($0.utf8), Array(hash.utf8)) }) {
                    credential.recoveryCodeHashes.remove(at: index)
                    accepted = true
                }
            } else if let step = TOTP(secret: secret).verify(code, at: now, lastUsedStep: credential.totpLastStep) {
                credential.totpLastStep = step
                accepted = true
            }
            guard accepted else {
                let policy = try await store.securityPolicies.find(tenant, on: sql).audience(signedIn.audience).lockout
                let locked = try await Lockouts(store: store).recordFailure(
                    tenant, subjects, person: signedIn.person.id, audience: signedIn.audience, policy: policy, at: now,
                    sourceIP: signedIn.principal.sourceIP, on: sql)
                return .failure(locked.map { .locked(retryAfterSeconds: $0) } ?? .invalidCode)
            }
            try await store.credentialsOfPeople.save(credential, on: sql)
            try await Lockouts(store: store).recordSuccess(tenant, subjects, on: sql)
            return .success(try await success(credential, sql))
        }
        return try outcome.get()
    }
}
