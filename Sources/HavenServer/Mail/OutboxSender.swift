import HavenApp
import HavenCore
import HavenMail
import HavenStore
import Logging
import ServiceLifecycle
import Synchronization

/// Sends the outbox: wakes when a change queues mail (and every `interval`, for retries coming due), signs each
/// message with its From domain's DKIM key at sending time, hands it to the tenant's smarthost (its own or the
/// deployment's; without either it waits and is tried again later), and records the outcome — sent
/// (never attempted again), retried later with growing delays when the failure may pass, or failed for good (a 5xx,
/// too many attempts, or a requester erased before it went out). One message at a time: a smarthost is not a CPU.
struct OutboxSender: Service {
    let helpdesk: Helpdesk
    let transports: MailTransports
    let logger: Logger
    var interval: Duration = .seconds(5)
    /// Seconds before attempt 2, 3, …; after the last one the message fails.
    var retryDelays: [Int64] = [60, 300, 900, 3_600, 7_200, 14_400, 28_800, 43_200]
    /// Without any smarthost a message is looked at again after this long (no attempt counted).
    var waitWithoutSmarthost: Int64 = 60
    /// How long one attempt may take before the message is due again (a node that died mid-attempt).
    var claimSeconds: Int64 = 600
    private let signers = SignerCache()

    init(helpdesk: Helpdesk, transports: MailTransports, logger: Logger) {
        self.helpdesk = helpdesk
        self.transports = transports
        self.logger = logger
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            let notifier = self.helpdesk.outbox
            let interval = self.interval
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    notifier.notify()
                }
            }
            await self.resumeWaiting()
            await self.drain()
            for await _ in notifier.signals.cancelOnGracefulShutdown() {
                await self.drain()
            }
            group.cancelAll()
        }
    }

    /// Messages put aside by an earlier run for want of a smarthost are due again: this run may have one.
    func resumeWaiting() async {
        let store = self.helpdesk.store
        do {
            try await store.write { sql in try await store.mail.resumeWaiting(nil, at: store.clock.now(), on: sql) }
        } catch {
            self.logger.error("waiting mail could not be resumed", metadata: ["error": .string(LogRedaction.describe(error))])
        }
    }

    /// Everything due now; a failing store is logged and retried at the next wake-up (a throwing service would stop
    /// the whole server).
    func drain() async {
        let store = self.helpdesk.store
        do {
            while !Task.isCancelled {
                let due = try await store.read { sql in try await store.mail.due(at: store.clock.now(), limit: 20, on: sql) }
                guard !due.isEmpty else { return }
                for message in due { try await self.attempt(message) }
            }
        } catch {
            self.logger.error("outbox could not be drained; will retry", metadata: ["error": .string(LogRedaction.describe(error))])
        }
    }

    func attempt(_ message: OutboxMessage) async throws {
        let store = self.helpdesk.store
        let attempts = message.attempts + 1
        guard message.unreadable == nil else {
            try await store.write { sql in
                try await store.mail.markFailed(
                    message.tenantID, message.id, error: "not sent: the requester's key is erased", attempts: attempts, retryAt: nil,
                    on: sql)
            }
            return
        }
        do {
            guard let client = try await self.transports.client(for: message.tenantID) else {
                try await store.write { sql in
                    try await store.mail.markFailed(
                        message.tenantID, message.id, error: OutboxMessage.waitingForSmarthost,
                        attempts: message.attempts, retryAt: store.clock.now().adding(seconds: self.waitWithoutSmarthost), on: sql)
                }
                return
            }
            // Another node may have listed the same message: only the one whose claim succeeds sends it. (Putting a
            // message aside, above, is the same write whichever node does it.)
            let now = store.clock.now()
            let claimed = try await store.write { sql in
                try await store.mail.claim(message.tenantID, message.id, until: now.adding(seconds: self.claimSeconds), now: now, on: sql)
            }
            guard claimed else { return }
            let signer = try await self.signer(for: message.tenantID, sender: message.sender)
            let signed = try signer.sign(message.content, at: store.clock.now().secondsSince1970)
            try await client.send(from: message.sender, to: message.recipients, message: signed)
            try await store.write { sql in try await store.mail.markSent(message.tenantID, message.id, at: store.clock.now(), on: sql) }
            self.logger.info("mail sent", metadata: ["tenant": "\(message.tenantID)", "outbox": "\(message.id)"])
        } catch {
            // Anything but a refusal (a reset, a TLS failure, a timeout) may pass: retried like a 4xx.
            let failure = error as? SMTPClient.Failure ?? .connection(String(describing: type(of: error)))
            let retry =
                failure.permanent || attempts > self.retryDelays.count
                ? nil : store.clock.now().adding(seconds: self.retryDelays[attempts - 1])
            try await store.write { sql in
                try await store.mail.markFailed(
                    message.tenantID, message.id, error: failure.summary, attempts: attempts, retryAt: retry, on: sql)
            }
            self.logger.warning(
                "mail not sent", metadata: ["outbox": "\(message.id)", "reason": .string(failure.summary), "retry": "\(retry != nil)"])
        }
    }

    /// The signer of a tenant's sending domain, opened once per process (not once per message).
    func signer(for tenant: TenantID, sender: String) async throws -> DKIMSigner {
        let key = "\(tenant.rawValue) \(sender.lowercased().split(separator: "@").last ?? "")"
        if let known = self.signers.value.withLock({ $0[key] }) { return known }
        let loaded = try await self.transports.signer(for: tenant, sender: sender)
        self.signers.value.withLock { $0[key] = loaded }
        return loaded
    }
}

/// The DKIM signers once loaded, by tenant and domain.
final class SignerCache: Sendable {
    let value = Mutex<[String: DKIMSigner]>([:])
}
