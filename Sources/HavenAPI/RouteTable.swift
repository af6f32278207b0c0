import HavenStore
import HavenTLS

/// Every `/api/v2` route, from every controller. The one list the responder routes by and the tenant-isolation
/// test walks.
public enum RouteTable {
    /// - Parameter certificates: the TLS certificate store uploads go live in; nil where no HTTPS listener runs.
    public static func routes(
        store: Store,
        jobs: JobNotifier,
        configuration: APIConfiguration = APIConfiguration(),
        certificates: CertificateStore? = nil
    ) -> [Route] {
        TicketController(store: store, jobs: jobs).routes
            + ConversationController(store: store).routes
            + ContactController(store: store).routes
            + AgentController(store: store).routes
            + GroupController(store: store).routes
            + CompanyController(store: store).routes
            + TicketFieldController(store: store).routes
            + SearchController(store: store).routes
            + AccountController(store: store).routes
            + AuditLogController(store: store).routes
            + CustomDomainController(domains: CustomDomains(store: store, configuration: configuration)).routes
            + DomainCertificateController(
                store: store,
                uploads: DomainCertificateUploads(store: store, baseDomain: configuration.baseDomain),
                serving: certificates
            ).routes
    }
}
