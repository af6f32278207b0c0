public import HavenCore
import HavenCrypto
public import HavenStore

/// Sessions after sign-in: resolving a cookie on every request (idle and absolute timeouts, the person still
/// allowed), the "your sessions" page, signing out here or everywhere, an admin ending anyone's, and confirming
/// the password or a code again before sensitive actions.
public struct Sessions: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// Seen-at times are written at most this often per session (a page view is not a database write).
    static let touchSeconds: Int64 = 60

    /// The session a cookie names in `tenant` for `audience`, or nil (unknown, ended, timed out, another tenant's,
    /// or a person no longer allowed). A session found timed out is deleted and its end audited.
    public func resolve(token: String, tenant: Tenant, audience: Audience, sourceIP: String?) async throws -> SignedIn? {
        guard SecretTokens.isWellFormed(token) else { return nil }
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        let hash = SecretTokens.hash(token)
        let found = try await store.read { sql -> (StoredSession, Account?)? in
            guard let session = try await store.sessions.find(tokenHash: hash, on: sql), session.tenantID == tenant.id,
                session.audience == audience
            else { return nil }
            return (session, try await Account.load(tenant.id, session.userID, audience: audience, store: store, on: sql))
        }
        guard let (session, account) = found else { return nil }
        let policy = try await store.compiledPolicy(tenant.id).policy
        let idleLimit = policy.audience(audience).idleTimeoutMinutes * 60
        let reason: String?
        if now >= session.expiresAt {
            reason = "absolute_timeout"
        } else if now.secondsSince1970 - session.lastSeenAt.secondsSince1970 >= idleLimit {
            reason = "idle_timeout"
        } else if account == nil || account?.isActive(at: now) != true || tenant.status != .active {
            reason = "access_ended"
        } else {
            reason = nil
        }
        if let reason {
            try await store.write { sql in
                guard try await store.sessions.find(tenant.id, id: session.id, on: sql) != nil else { return }
                try await store.sessions.delete(tenant.id, id: session.id, on: sql)
                try await store.audit.record(
                    AuditEvent(
                        tenant: tenant.id, occurredAt: now, actor: .system("sessions"), action: AuditAction.sessionExpired.rawValue,
                        targetType: "session", targetID: String(session.id),
                        details: ["reason": .string(reason), "person_id": .id(session.userID), "audience": .string(audience.rawValue)]),
                    on: sql)
            }
            return nil
        }
        guard let account else { return nil }
        var current = session
        if now.secondsSince1970 - session.lastSeenAt.secondsSince1970 >= Self.touchSeconds {
            current.lastSeenAt = now
            let touched = current
            try await store.write { sql in try await store.sessions.update(touched, on: sql) }
        }
        return SignedIn(
            tenant: tenant, session: current, person: account.person, role: account.role, occasional: account.occasional,
            accessEndsAt: account.accessEndsAt, principal: account.principal(tenant.id, sourceIP: sourceIP))
    }

    /// The signed-in person's sessions, newest first, with device and address.
    public func mine(_ signedIn: SignedIn) async throws -> [StoredSession] {
        try await self.helpdesk.store.read { sql in
            try await self.helpdesk.store.sessions.list(signedIn.tenant.id, user: signedIn.person.id, audience: signedIn.audience, on: sql)
        }
    }

    /// Signs out of this browser.
    public func signOut(_ signedIn: SignedIn) async throws {
        try await self.end(signedIn, sessionID: signedIn.session.id, action: .signedOut)
    }

    /// Ends one of the person's own sessions (another device).
    public func end(_ signedIn: SignedIn, sessionID: Int64) async throws {
        try await self.end(signedIn, sessionID: sessionID, action: .sessionsEnded)
    }

    private func end(_ signedIn: SignedIn, sessionID: Int64, action: AuditAction) async throws {
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        try await store.write { sql in
            guard let session = try await store.sessions.find(signedIn.tenant.id, id: sessionID, on: sql),
                session.userID == signedIn.person.id
            else { throw HavenError.notFound }
            try await store.sessions.delete(signedIn.tenant.id, id: sessionID, on: sql)
            try await Change(sql: sql, principal: signedIn.principal, now: now, audit: store.audit)
                .record(action, .session(sessionID), details: ["count": 1, "audience": .string(signedIn.audience.rawValue)])
        }
    }

    /// "Sign out everywhere else": every other session of the person ends; returns how many.
    public func endOthers(_ signedIn: SignedIn) async throws -> Int {
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        return try await store.write { sql in
            let count = try await store.sessions.deleteAll(
                signedIn.tenant.id, user: signedIn.person.id, except: signedIn.session.id, on: sql)
            try await Change(sql: sql, principal: signedIn.principal, now: now, audit: store.audit)
                .record(
                    .sessionsEnded, .person(signedIn.person.id, signedIn.audience),
                    details: ["count": .int(Int64(count)), "scope": "others"])
            return count
        }
    }

    /// An admin ends every session of a person of the tenant (the person signs in again).
    public func endAll(of person: UserID, by principal: Principal) async throws -> Int {
        let store = self.helpdesk.store
        return try await self.helpdesk.change(by: principal, needs: .manageSecurity) { change in
            guard try await store.contacts.find(change.tenant, person, on: change.sql) != nil else { throw HavenError.notFound }
            let count = try await store.sessions.deleteAll(change.tenant, user: person, except: nil, on: change.sql)
            try await change.record(.sessionsEnded, .agent(person), details: ["count": .int(Int64(count)), "scope": "all"])
            return count
        }
    }

    /// Confirms the password (or a current TOTP code) again: the session may then do sensitive actions for five
    /// minutes. Failures count toward the lockout like sign-in failures.
    public func reauthenticate(_ signedIn: SignedIn, password: String?, code: String?) async throws -> StoredSession {
        let store = self.helpdesk.store
        let now = self.helpdesk.clock.now()
        let tenant = signedIn.tenant.id
        let person = signedIn.person.id
        let email = signedIn.person.email ?? ""
        let (credential, subjects, policy) = try await store.read { sql in
            let subjects = try await SignInSubjects.load(
                tenant, email: email, sourceIP: signedIn.principal.sourceIP, audience: signedIn.audience, store: store, on: sql)
            if let seconds = try await Lockouts(store: store).lockedFor(tenant, subjects, at: now, on: sql) {
                throw SignInError.locked(retryAfterSeconds: seconds)
            }
            return (
                try await store.credentialsOfPeople.find(tenant, person, on: sql), subjects,
                try await store.securityPolicies.find(tenant, on: sql)
            )
        }
        var acceptedStep: Int64?
        var matches = false
        if let password, let stored = credential?.passwordHash {
            guard password.utf8.count <= PasswordPolicy.maximumBytes else { throw SignInError.tooLong }
            do {
                matches = try await self.helpdesk.passwords.verify(password, against: stored)
            } catch is PasswordHasher.Busy {
                throw SignInError.busy
            }
        } else if let code, let secret = credential?.totpSecret {
            acceptedStep = TOTP(secret: secret).verify(code, at: now, lastUsedStep: credential?.totpLastStep)
            matches = acceptedStep != nil
        }
        // A failure is recorded and committed, then reported (throwing inside the transaction would undo the count).
        let outcome: Result<StoredSession, SignInError> = try await store.write { sql in
            guard matches, var credential else {
                let locked = try await Lockouts(store: store).recordFailure(
                    tenant, subjects, person: person, audience: signedIn.audience, policy: policy.audience(signedIn.audience).lockout,
                    at: now, sourceIP: signedIn.principal.sourceIP, on: sql)
                if let locked { return .failure(.locked(retryAfterSeconds: locked)) }
                return .failure(password != nil ? .wrongCurrentPassword : .invalidCode)
            }
            if let acceptedStep {
                credential.totpLastStep = acceptedStep
                try await store.credentialsOfPeople.save(credential, on: sql)
            }
            var session = signedIn.session
            session.authenticatedAt = now
            session.lastSeenAt = now
            try await store.sessions.update(session, on: sql)
            try await Change(sql: sql, principal: signedIn.principal, now: now, audit: store.audit)
                .record(.reauthenticated, .session(session.id), details: ["method": .string(acceptedStep == nil ? "password" : "totp")])
            return .success(session)
        }
        return try outcome.get()
    }
}
