import HTTPTypes
import HavenApp
import HavenCore

/// `/attachments/:id`: a ticket file's bytes for the tenant's agents, always as a download (`Content-Disposition:
/// attachment`, a type a browser cannot run, `nosniff` from the security headers).
struct AttachmentController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [Route(.get, "/attachments/:id", .readHelpdesk, handler: self.download)]
    }

    @Sendable func download(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly([])
        let (attachment, data) = try await AttachmentQueries(self.helpdesk).download(try request.id(), by: request.principal)
        return .attachment(data, contentType: attachment.servedContentType, filename: attachment.name)
    }
}
