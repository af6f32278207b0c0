import HavenAPI
import HavenApp
import HavenAudit
import HavenCore
import HavenStore
import Logging

/// The periodic jobs of `haven serve`, each a `PeriodicService` of the one ServiceGroup.
enum MaintenanceJobs {
    /// Destroys retired epoch keys once their grace period has passed (the last step of crypto-shredding,
    /// encryption.md §10.7), so erasure reaches old copies without anyone having to remember a command.
    static func epochKeys(store: Store, interval: Duration = .seconds(3600), logger: Logger) -> PeriodicService {
        PeriodicService(name: "epoch key maintenance", interval: interval, logger: logger) {
            let destroyed = try await KeyAdministration(store: store, actor: .system("key_maintenance")).destroyExpiredEpochs()
            for epoch in destroyed {
                logger.notice("destroyed a retired epoch key", metadata: ["epoch": "\(epoch)"])
            }
        }
        .oneNodeAtATime(store)
    }

    /// Empties every tenant's trash of tickets deleted more than `days` ago (`TrashPurge`).
    static func trash(store: Store, days: Int64, interval: Duration = .seconds(3600), logger: Logger) -> PeriodicService {
        PeriodicService(name: "trash purge", interval: interval, logger: logger) {
            let purged = try await TrashPurge(store: store).run(days: days)
            if purged > 0 { logger.notice("emptied the trash", metadata: ["tickets": "\(purged)"]) }
        }
        .oneNodeAtATime(store)
    }

    /// Purges tenants terminated more than `days` ago (`TenantPurges`), hourly.
    static func tenantPurges(store: Store, days: Int64, interval: Duration = .seconds(3600), logger: Logger) -> PeriodicService {
        PeriodicService(name: "tenant purge", interval: interval, logger: logger) {
            for (tenant, receipt) in try await TenantPurges(store: store).run(days: days) {
                logger.notice("terminated tenant purged", metadata: ["tenant": "\(tenant)", "receipt": .string(receipt)])
            }
        }
        .oneNodeAtATime(store)
    }

    /// Tenants' retention rules (`RetentionRun`): every tenant with a rule on, hourly; a failing tenant is logged and
    /// the others still run.
    static func retention(store: Store, interval: Duration = .seconds(3600), logger: Logger) -> PeriodicService {
        PeriodicService(name: "retention rules", interval: interval, logger: logger) {
            let tenants = try await store.read { sql in try await store.retention.tenantsWithRules(on: sql) }
            for tenant in tenants {
                do {
                    let outcome = try await RetentionRun(store: store).run(tenant)
                    if outcome.tickets + outcome.contacts > 0 {
                        logger.notice(
                            "retention rules applied",
                            metadata: ["tenant": "\(tenant)", "tickets": "\(outcome.tickets)", "contacts": "\(outcome.contacts)"])
                    }
                } catch {
                    logger.error(
                        "retention rules failed", metadata: ["tenant": "\(tenant)", "error": .string(LogRedaction.describe(error))])
                }
            }
        }
        .oneNodeAtATime(store)
    }

    /// Audit retention (`AuditRetention`): old entries into sealed archives, old archives deleted, each step recorded.
    static func auditRetention(
        store: Store, settings: AuditRetention.Settings, interval: Duration = .seconds(3600), logger: Logger
    ) -> PeriodicService {
        PeriodicService(name: "audit retention", interval: interval, logger: logger) {
            let outcome = try await AuditRetention(store: store, settings: settings).run()
            if !outcome.archived.isEmpty || !outcome.purged.isEmpty {
                logger.notice(
                    "audit retention ran",
                    metadata: ["archives_written": "\(outcome.archived.count)", "archives_deleted": "\(outcome.purged.count)"])
            }
        }
        .oneNodeAtATime(store)
    }

    /// Vendor access, sessions and export files: occasional agents whose end date passed lose their sessions and keys
    /// (each end audited; requests were refused from that second on anyway), sessions past their lifetime and export
    /// files past theirs are deleted.
    static func accessEnds(helpdesk: Helpdesk, interval: Duration = .seconds(60), logger: Logger) -> PeriodicService {
        PeriodicService(name: "access ends", interval: interval, logger: logger) {
            let ended = try await VendorAccess(helpdesk).endExpired()
            if ended > 0 { logger.notice("ended occasional agents' access", metadata: ["agents": "\(ended)"]) }
            let store = helpdesk.store
            let now = helpdesk.clock.now()
            _ = try await store.write { sql in try await store.sessions.deleteExpired(nil, now: now, on: sql) }
            // Export files live 24 hours: past that, the sealed file is deleted (the job row keeps its counts).
            let files = try await store.write { sql in try await store.exportFiles.deleteExpired(now: now, on: sql) }
            if files > 0 { logger.info("deleted expired export files", metadata: ["files": "\(files)"]) }
        }
        .oneNodeAtATime(helpdesk.store)
    }

    /// SLA escalations (`EscalateOverdueTickets`): every 30 seconds, the tickets whose targets passed are flagged and
    /// their escalation agents told. A target is flagged at most 30 seconds late.
    static func escalations(helpdesk: Helpdesk, interval: Duration = .seconds(30), logger: Logger) -> PeriodicService {
        PeriodicService(name: "sla escalations", interval: interval, logger: logger) {
            let outcome = try await EscalateOverdueTickets(helpdesk).run()
            if outcome.breaches + outcome.notices > 0 {
                logger.notice(
                    "sla targets passed", metadata: ["targets": "\(outcome.breaches)", "agents_told": "\(outcome.notices)"])
            }
            if outcome.failures > 0 {
                logger.warning("sla escalation failed for some tickets; will retry", metadata: ["tickets": "\(outcome.failures)"])
            }
        }
        .oneNodeAtATime(helpdesk.store)
    }

    /// Writes the per-minute security-event counts (`SecurityEvents`) once each minute has ended, and everything still
    /// counted when the server stops, so no failed login goes unrecorded across a restart.
    static func securityEvents(
        store: Store, events: SecurityEvents, interval: Duration = .seconds(5), logger: Logger
    ) -> PeriodicService {
        PeriodicService(
            name: "security event flush", interval: interval, logger: logger,
            round: { try await events.flush(store: store, all: false, logger: logger) },
            finally: { try await events.flush(store: store, all: true, logger: logger) }
        )
    }
}
