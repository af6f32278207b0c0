public import HavenCore
import HavenCrypto
public import HavenStore

/// Setting and changing passwords: a signed-in person's change (the current password first), and single-use,
/// expiring links — invitations and resets — that an admin or the operator issues and hands over (by e-mail once
/// the mail channel exists). Each ends the person's other sessions.
public struct Passwords: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    /// How long links stay valid: a week for an invitation, an hour for a reset.
    public static func lifetime(_ purpose: AccountTokenPurpose) -> Int64 {
        purpose == .invitation ? 7 * 24 * 3600 : 3600
    }

    /// The problems with a new password under the tenant's policy for the audience (empty: acceptable).
    public func problems(_ password: String, tenant: Tenant, audience: Audience, email: String?) async throws -> [String] {
        let policy = try await self.helpdesk.store.read { sql in try await self.helpdesk.store.securityPolicies.find(tenant.id, on: sql) }
        return PasswordPolicy(minimumLength: policy.audience(audience).passwordMinimumLength)
            .problems(with: password, context: [email, tenant.name, tenant.subdomain].compactMap { $0 })
    }

    /// The signed-in person changes their password; every other session ends and this one gets a new token.
    public func change(_ signedIn: SignedIn, current: String, new: String) async throws -> IssuedSession {
        let store = self.helpdesk.store
        let problems = try await self.problems(new, tenant: signedIn.tenant, audience: signedIn.audience, email: signedIn.person.email)
        guard problems.isEmpty else { throw SignInError.weakPassword(problems) }
        let credential = try await store.read { sql in
            try await store.credentialsOfPeople.find(signedIn.tenant.id, signedIn.person.id, on: sql)
        }
        guard let stored = credential?.passwordHash, current.utf8.count <= PasswordPolicy.maximumBytes,
            try await self.verify(current, stored)
        else { throw SignInError.wrongCurrentPassword }
        let hash = try await self.hash(new)
        let now = self.helpdesk.clock.now()
        return try await store.write { sql in
            guard var credential = try await store.credentialsOfPeople.find(signedIn.tenant.id, signedIn.person.id, on: sql) else {
                throw SignInError.sessionEnded
            }
            credential.passwordHash = hash
            credential.passwordChangedAt = now
            try await store.credentialsOfPeople.save(credential, on: sql)
            let ended = try await store.sessions.deleteAll(
                signedIn.tenant.id, user: signedIn.person.id, except: signedIn.session.id, on: sql)
            var session = signedIn.session
            session.authenticatedAt = now
            let issued = try await SessionIssuer(store: store).rotate(session, on: sql)
            try await Change(sql: sql, principal: signedIn.principal, now: now, audit: store.audit)
                .record(.passwordChanged, .person(signedIn.person.id, signedIn.audience), details: ["sessions_ended": .int(Int64(ended))])
            return issued
        }
    }

    /// Issues an invitation or reset link's token for a person of the tenant (shown once; only its hash is kept;
    /// the person's earlier links stop working).
    public func issueLink(for person: UserID, purpose: AccountTokenPurpose, by principal: Principal) async throws -> String {
        let store = self.helpdesk.store
        let token = SecretTokens.generate(using: store.random)
        try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            guard let contact = try await store.contacts.find(change.tenant, person, on: change.sql), !contact.deleted else {
                throw HavenError.notFound
            }
            let record = StoredAccountToken(
                tenantID: change.tenant, userID: person, purpose: purpose, createdAt: change.now,
                expiresAt: change.now.adding(seconds: Self.lifetime(purpose)))
            try await store.accountTokens.insert(record, hash: SecretTokens.hash(token), on: change.sql)
            try await change.record(
                .accountLinkIssued, contact.isAgent ? .agent(person) : .contact(person),
                details: ["purpose": .string(purpose.rawValue), "expires_at": .timestamp(record.expiresAt)])
        }
        return token
    }

    /// What a link is for, if it is still valid in `tenant` (the page shows the form, or the "not valid" message).
    public func link(_ token: String, tenant: Tenant) async throws -> StoredAccountToken? {
        guard SecretTokens.isWellFormed(token) else { return nil }
        let now = self.helpdesk.clock.now()
        let found = try await self.helpdesk.store.read { sql in
            try await self.helpdesk.store.accountTokens.find(hash: SecretTokens.hash(token), on: sql)
        }
        guard let found, found.tenantID == tenant.id, found.usedAt == nil, now < found.expiresAt else { return nil }
        return found
    }

    /// Sets a password from a link: the link is used up, every session of the person ends, and the account's lock is
    /// lifted (the person proved they own the link).
    public func redeem(_ token: String, tenant: Tenant, password: String, sourceIP: String?) async throws -> UserID {
        let store = self.helpdesk.store
        guard let link = try await self.link(token, tenant: tenant) else { throw SignInError.invalidLink }
        let audience: Audience = try await store.read { sql in
            try await store.agents.exists(tenant.id, link.userID, on: sql) ? .agent : .contact
        }
        let email = try await store.read { sql in try await store.contacts.find(tenant.id, link.userID, on: sql)?.email }
        let problems = try await self.problems(password, tenant: tenant, audience: audience, email: email)
        guard problems.isEmpty else { throw SignInError.weakPassword(problems) }
        let hash = try await self.hash(password)
        let now = self.helpdesk.clock.now()
        try await store.write { sql in
            guard try await store.accountTokens.markUsed(hash: SecretTokens.hash(token), at: now, on: sql) else {
                throw SignInError.invalidLink
            }
            var credential =
                try await store.credentialsOfPeople.find(tenant.id, link.userID, on: sql)
                ?? StoredCredential(tenantID: tenant.id, userID: link.userID)
            credential.passwordHash = hash
            credential.passwordChangedAt = now
            try await store.credentialsOfPeople.save(credential, on: sql)
            let ended = try await store.sessions.deleteAll(tenant.id, user: link.userID, except: nil, on: sql)
            let subjects = try await SignInSubjects.load(
                tenant.id, email: email ?? "", sourceIP: nil, audience: audience, store: store, on: sql)
            try await store.signInLocks.delete(tenant.id, subject: subjects.account, on: sql)
            let actor: AuditActor = audience == .agent ? .agent(link.userID, apiKey: nil) : .contact(link.userID)
            try await store.audit.record(
                AuditEvent(
                    tenant: tenant.id, occurredAt: now, actor: actor, action: AuditAction.passwordSet.rawValue,
                    targetType: AuditTarget.person(link.userID, audience).type, targetID: String(link.userID.rawValue),
                    details: ["purpose": .string(link.purpose.rawValue), "sessions_ended": .int(Int64(ended))], sourceIP: sourceIP),
                on: sql)
        }
        return link.userID
    }

    private func verify(_ password: String, _ stored: String) async throws -> Bool {
        do {
            return try await self.helpdesk.passwords.verify(password, against: stored)
        } catch is PasswordHasher.Busy {
            throw SignInError.busy
        }
    }

    private func hash(_ password: String) async throws -> String {
        do {
            return try await self.helpdesk.passwords.hash(password)
        } catch is PasswordHasher.Busy {
            throw SignInError.busy
        }
    }
}
