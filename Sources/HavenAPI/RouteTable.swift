public import HavenApp
import HavenCore
import HavenStore
public import HavenTLS

/// Every `/api/v2` route, from every controller. The one list the responder routes by, the tenant-isolation test
/// walks and the OpenAPI description is checked against.
public enum RouteTable {
    /// - Parameter certificates: the TLS certificate store uploads go live in; nil where no HTTPS listener runs.
    public static func routes(helpdesk: Helpdesk, certificates: CertificateStore? = nil) -> [Route] {
        let routes = self.resources(helpdesk: helpdesk, certificates: certificates)
        return routes + OpenAPIController(describing: routes).routes
    }

    static func resources(helpdesk: Helpdesk, certificates: CertificateStore?) -> [Route] {
        let controllers: [[Route]] = [
            TicketController(helpdesk: helpdesk).routes,
            ConversationController(helpdesk: helpdesk).routes,
            AttachmentController(helpdesk: helpdesk).routes,
            TimeEntryController(helpdesk: helpdesk).routes,
            ContactController(helpdesk: helpdesk).routes,
            ExportController(helpdesk: helpdesk).routes,
            CannedResponseController(helpdesk: helpdesk).routes,
            SLAController(helpdesk: helpdesk).routes,
            RecordFieldController(helpdesk: helpdesk, entity: .contact).routes,
            RecordFieldController(helpdesk: helpdesk, entity: .company).routes,
            SurveyController(helpdesk: helpdesk).routes,
            MailboxController(helpdesk: helpdesk).routes,
            TicketSummaryController(helpdesk: helpdesk).routes,
            ScenarioController(helpdesk: helpdesk).routes,
            SolutionController(helpdesk: helpdesk).routes,
            SkillController(helpdesk: helpdesk).routes,
            DiscussionController(helpdesk: helpdesk).routes,
            AgentController(helpdesk: helpdesk).routes,
            GroupController(helpdesk: helpdesk).routes,
            CompanyController(helpdesk: helpdesk).routes,
            TicketFieldController(helpdesk: helpdesk).routes,
            SearchController(helpdesk: helpdesk).routes,
            AccountController(helpdesk: helpdesk).routes,
            AuditLogController(helpdesk: helpdesk).routes,
            CustomDomainController(domains: CustomDomains(helpdesk)).routes,
            DomainCertificateController(uploads: DomainCertificateUploads(helpdesk), serving: certificates).routes,
        ]
        return controllers.flatMap { $0 }
    }
}
