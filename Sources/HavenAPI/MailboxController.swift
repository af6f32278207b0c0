import HTTPTypes
import HavenApp
import HavenCore
import HavenStore

/// `/email_configs` and `/email/mailboxes`: the tenant's support addresses (`MailAddresses.supportAddresses`) in
/// Freshdesk's two shapes, read-only — addresses are added and removed on Admin → E-mail (or `haven mail`), where
/// their DNS and forwarding are checked. Every mailbox is Haven's own (mail forwarded to it), never a remote one
/// Haven would log in to.
struct MailboxController: Sendable {
    let helpdesk: Helpdesk

    var routes: [Route] {
        [
            Route(.get, "/email_configs", .readHelpdesk, handler: self.configs),
            Route(.get, "/email_configs/:id", .readHelpdesk, handler: self.config),
            Route(.get, "/email/mailboxes", .readHelpdesk, handler: self.mailboxes),
            Route(.get, "/email/mailboxes/:id", .readHelpdesk, handler: self.mailbox),
        ]
    }

    func name(_ a: SupportAddress, _ request: APIRequest) -> String {
        a.isBuiltIn ? request.tenant.name : a.address
    }

    func config(_ a: SupportAddress, _ request: APIRequest) -> JSONObject {
        [
            "id": .int(a.id), "name": .string(self.name(a, request)), "product_id": .null, "to_email": .string(a.address),
            "reply_email": .string(a.address), "group_id": .null, "primary_role": .bool(a.isPrimary), "active": true,
            "created_at": .timestamp(a.createdAt), "updated_at": .timestamp(a.createdAt),
        ]
    }

    func mailbox(_ a: SupportAddress, _ request: APIRequest) -> JSONObject {
        [
            "id": .int(a.id), "name": .string(self.name(a, request)), "support_email": .string(a.address), "group_id": .null,
            "default_reply_email": .bool(a.isPrimary), "active": true, "mailbox_type": "freshdesk_mailbox",
            "freshdesk_mailbox": .object([
                "forward_email": .string(a.isBuiltIn ? a.address : "\(request.tenant.subdomain)@\(self.helpdesk.settings.mailDomain)")
            ]),
            "created_at": .timestamp(a.createdAt), "updated_at": .timestamp(a.createdAt),
        ]
    }

    func one(_ request: APIRequest) async throws -> SupportAddress {
        try request.query.requireOnly([])
        let id = try (request.id() as Identifier<SupportAddress>).rawValue
        guard let found = try await MailAddresses(self.helpdesk).supportAddresses(by: request.principal).first(where: { $0.id == id })
        else {
            throw HavenError.notFound
        }
        return found
    }

    @Sendable func configs(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(
            .array(try await MailAddresses(self.helpdesk).supportAddresses(by: request.principal).map { .object(self.config($0, request)) })
        )
    }

    @Sendable func config(_ request: APIRequest) async throws -> APIResponse {
        .ok(.object(self.config(try await self.one(request), request)))
    }

    @Sendable func mailboxes(_ request: APIRequest) async throws -> APIResponse {
        try request.query.requireOnly(["page", "per_page"])
        return .ok(
            .array(
                try await MailAddresses(self.helpdesk).supportAddresses(by: request.principal).map { .object(self.mailbox($0, request)) }))
    }

    @Sendable func mailbox(_ request: APIRequest) async throws -> APIResponse {
        .ok(.object(self.mailbox(try await self.one(request), request)))
    }
}
