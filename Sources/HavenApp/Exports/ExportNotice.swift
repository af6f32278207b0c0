public import HavenCore
public import HavenStore

/// "Your export is ready": mailed to the agent who asked for it, queued in the transaction that stores the file (so
/// a failed export mails nothing and a stored one is announced even after a crash). The mail names the console page
/// that holds the download, never the file itself: downloading still takes a signed-in agent allowed to export.
public struct ExportNotice: Sendable {
    let helpdesk: Helpdesk

    public init(_ helpdesk: Helpdesk) {
        self.helpdesk = helpdesk
    }

    public func enqueue(for job: Job, kind: ExportKind, file: ExportFile, on sql: SQLExecutor) async throws {
        let store = self.helpdesk.store
        guard let agentID = job.requestedBy, let agent = try await store.contacts.find(job.tenantID, agentID, on: sql), !agent.deleted,
            let tenant = try await store.tenants.find(job.tenantID, on: sql)
        else { return }
        let now = store.clock.now()
        let change = Change(sql: sql, principal: .job(kind.jobName, tenant: job.tenantID), now: now, audit: store.audit)
        let rows =
            kind == .package ? "a zip of \(file.rows) files" : file.rows == 1 ? "1 \(kind.noun)" : "\(file.rows) \(kind.noun)s"
        let what = kind == .package ? "data package" : "\(kind.noun) export"
        let link = self.helpdesk.settings.link(tenant, "/console/exports/\(job.id)")
        let text = """
            Hello\(agent.name.isEmpty ? "" : " \(agent.name)"),

            The \(what) you asked for in \(tenant.name)'s helpdesk is ready: \(rows). Download it, signed in, from

            \(link)

            until \(file.expiresAt.iso8601) (UTC); after that the file is deleted.
            """
        try await MailOutbox(helpdesk: self.helpdesk).enqueueNotice(
            .exportReady, to: agent, subject: "Your \(what) is ready", text: text, in: change)
    }
}
