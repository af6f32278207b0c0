import HavenCore
import HavenCrypto
import HavenStore

/// Creates sessions and gives them new tokens, inside the caller's transaction: 256 random bits in the cookie,
/// their SHA-256 in the database, a fresh CSRF token, and the oldest sessions ended beyond the audience's cap.
struct SessionIssuer {
    let store: Store

    func open(
        tenant: TenantID, person: UserID, audience: Audience, stage: StoredSession.Stage, policy: SecurityPolicy.AudiencePolicy,
        at now: Timestamp, sourceIP: String?, userAgent: String?, on sql: SQLExecutor
    ) async throws -> IssuedSession {
        let existing = try await self.store.sessions.list(tenant, user: person, audience: audience, on: sql)
        // Newest first: keep cap - 1 of them, so the new one makes the cap.
        for old in existing.dropFirst(max(0, policy.maxConcurrentSessions - 1)) {
            try await self.store.sessions.delete(tenant, id: old.id, on: sql)
        }
        let token = SecretTokens.generate(using: self.store.random)
        let session = StoredSession(
            id: try await IDSequences.next("sessions", on: sql), tenantID: tenant, userID: person, audience: audience, stage: stage,
            csrfToken: SecretTokens.generate(using: self.store.random), createdAt: now, lastSeenAt: now, authenticatedAt: now,
            expiresAt: now.adding(seconds: policy.absoluteTimeoutHours * 3600), userAgent: userAgent.map { String($0.prefix(256)) },
            sourceIP: sourceIP)
        try await self.store.sessions.insert(session, tokenHash: SecretTokens.hash(token), on: sql)
        return IssuedSession(token: token, session: session)
    }

    /// A new token (and CSRF token) for the same session: after sign-in completes and on any privilege change, so a
    /// token seen before (fixation) stops working.
    func rotate(_ session: StoredSession, on sql: SQLExecutor) async throws -> IssuedSession {
        let token = SecretTokens.generate(using: self.store.random)
        var rotated = session
        rotated.csrfToken = SecretTokens.generate(using: self.store.random)
        try await self.store.sessions.update(rotated, on: sql)
        try await self.store.sessions.replaceToken(session.tenantID, id: session.id, tokenHash: SecretTokens.hash(token), on: sql)
        return IssuedSession(token: token, session: rotated)
    }

    static func recordSignIn(store: Store, _ session: StoredSession, method: String, principal: Principal, on sql: SQLExecutor)
        async throws
    {
        try await store.audit.record(
            AuditEvent(
                tenant: session.tenantID, occurredAt: session.authenticatedAt, actor: principal.auditActor,
                action: AuditAction.signedIn.rawValue, targetType: "session", targetID: String(session.id),
                details: ["audience": .string(session.audience.rawValue), "method": .string(method)], sourceIP: principal.sourceIP),
            on: sql)
    }
}
