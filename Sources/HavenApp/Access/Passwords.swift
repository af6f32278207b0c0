public import HavenCore
import HavenCrypto
public import HavenStore

/// Setting and changing passwords: a signed-in person's change (the current password first), and single-use,
/// expiring links — invitations and resets — that an admin or the operator issues (mailed to the person through the
/// outbox in the same transaction, and shown to whoever issued it), or that a person asks for themselves from the
/// sign-in page. Redeeming one ends the person's other sessions.
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
    /// the person's earlier links stop working). With `page` (the set-password page's URL, without the token) the
    /// link is also mailed to the person.
    public func issueLink(for person: UserID, purpose: AccountTokenPurpose, by principal: Principal, mailing page: String? = nil)
        async throws -> String
    {
        let token = try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            guard let contact = try await self.helpdesk.store.contacts.find(change.tenant, person, on: change.sql), !contact.deleted else {
                throw HavenError.notFound
            }
            return try await self.issue(to: contact, purpose: purpose, mailing: page, in: change)
        }
        // After the commit: the outbox service reads only committed rows.
        if page != nil { self.helpdesk.outbox.notify() }
        return token
    }

    /// A person's own "forgot your password?" from the sign-in page of `audience` (the console's agents, the
    /// portal's contacts): when an active person of that audience has this address, a reset link is mailed to it.
    /// The answer is the same whether or not anyone has it, and a second request within `requestInterval` seconds
    /// mails nothing (a form cannot flood a mailbox or keep voiding links).
    public func requestLink(email: String, audience: Audience, tenant: TenantID, page: String, sourceIP: String?) async throws {
        let email = email.trimmingWhitespace().lowercased()
        guard EmailAddress.isValid(email) else {
            throw HavenError.validation([FieldError(field: "email", message: "is not a valid e-mail address", code: .invalidValue)])
        }
        let store = self.helpdesk.store
        let principal = Principal(tenant: tenant, kind: .job("password link request"), sourceIP: sourceIP)
        try await self.helpdesk.change(by: principal, needs: .manageAgents) { change in
            for id in try await store.contacts.userIDs(email: email, tenant, on: change.sql) {
                guard try await store.agents.exists(tenant, id, on: change.sql) == (audience == .agent),
                    let person = try await store.contacts.find(tenant, id, on: change.sql), !person.deleted, !person.blocked
                else { continue }
                if let last = try await store.accountTokens.latestIssued(tenant, user: id, on: change.sql),
                    change.now.secondsSince1970 - last.secondsSince1970 < Self.requestInterval
                {
                    return
                }
                // A reset link, an hour long, even for someone who never set a password: owning the mailbox is
                // the proof either way.
                _ = try await self.issue(to: person, purpose: .passwordReset, mailing: page, in: change)
                return
            }
        }
        self.helpdesk.outbox.notify()
    }

    /// Seconds between two links a person can ask for themselves.
    public static let requestInterval: Int64 = 300

    private func issue(to contact: Contact, purpose: AccountTokenPurpose, mailing page: String?, in change: Change) async throws -> String {
        let store = self.helpdesk.store
        let token = SecretTokens.generate(using: store.random)
        let record = StoredAccountToken(
            tenantID: change.tenant, userID: contact.id, purpose: purpose, createdAt: change.now,
            expiresAt: change.now.adding(seconds: Self.lifetime(purpose)))
        try await store.accountTokens.insert(record, hash: SecretTokens.hash(token), on: change.sql)
        var details: JSONObject = ["purpose": .string(purpose.rawValue), "expires_at": .timestamp(record.expiresAt)]
        if let page, let tenant = try await store.tenants.find(change.tenant, on: change.sql) {
            let mail = AccountLinkMail(tenant: tenant, person: contact, purpose: purpose, link: "\(page)?token=\(token)")
            try await MailOutbox(helpdesk: self.helpdesk).enqueueNotice(
                .accountLink, to: contact, subject: mail.subject, text: mail.text, in: change)
            details.append("mailed", .bool(contact.email != nil))
        }
        try await change.record(.accountLinkIssued, contact.isAgent ? .agent(contact.id) : .contact(contact.id), details: details)
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
