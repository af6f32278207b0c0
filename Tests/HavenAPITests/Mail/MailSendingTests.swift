import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

/// A tenant's sending settings as its admin sets them: only its own support addresses, only smarthosts that use TLS
/// and are not on this machine or a private network, the password sealed and never shown or logged.
@Suite struct MailSendingTests {
    @Test func sendingSettings_refuseForeignAddressesAndInwardSmarthosts_andKeepThePasswordSealed() async throws {
        try await TestServer.start(mailDomain: "support.test") { server, _ in
            let tenant = server.tenants[0].tenant.id
            let admin = Principal.agent(server.tenants[0].agentID, role: .admin, apiKey: nil, tenant: tenant)
            let sending = MailSending(server.helpdesk)
            func refusal(_ address: String?, _ smarthost: MailSending.SmarthostChange) async -> FieldError? {
                do {
                    try await sending.update(sendingAddress: address, smarthost: smarthost, by: admin)
                    return nil
                } catch HavenError.validation(let errors) {
                    return errors.first
                } catch {
                    return FieldError(field: "unexpected", message: "\(error)", code: .invalidValue)
                }
            }
            #expect(await refusal("help@elsewhere.example", .keep)?.field == "sending_address")
            for url in [
                "smtp://me:Zx9-secret@127.0.0.1:25", "smtp://me:Zx9-secret@localhost", "smtps://me:Zx9-secret@10.1.2.3",
                "smtp://me:Zx9-secret@[::1]:587", "smtp://me:Zx9-secret@db", "smtp://me:Zx9-secret@169.254.169.254",
            ] {
                let problem = await refusal(nil, .url(url))
                #expect(
                    problem?.field == "smtp_url" && problem?.message.contains("local or private") == true,
                    "\(url): \(String(describing: problem))")
                #expect(problem?.message.contains("Zx9") == false)
            }
            #expect(await refusal(nil, .url("smtp+insecure://relay.example.com"))?.message.contains("TLS") == true)
            #expect(await refusal(nil, .url("http://smtp.example.com"))?.field == "smtp_url")
            // An agent who is not an admin cannot change them.
            let agent = Principal.agent(server.tenants[0].agentID, role: .agent, apiKey: nil, tenant: tenant)
            await #expect(throws: HavenError.self) {
                try await sending.update(sendingAddress: nil, smarthost: .deployment, by: agent)
            }
            // Nothing was saved by any refusal.
            let untouched = try await sending.overview(by: admin)
            #expect(untouched.sendingAddress == nil && untouched.defaultAddress == "alpha@support.test" && untouched.smarthost == nil)

            try await MailAddresses(server.helpdesk).add("help@alpha-corp.example", by: admin)
            #expect(await refusal("Help@Alpha-Corp.example", .url("smtp://me:Zx9-secret@smtp.provider.example:2525")) == nil)
            let overview = try await sending.overview(by: admin)
            #expect(overview.sendingAddress == "help@alpha-corp.example")
            #expect(overview.smarthost == "smtp://me:***@smtp.provider.example:2525")
            // Kept: a change of address alone keeps the smarthost; choosing the default address is the default.
            #expect(await refusal("alpha@support.test", .keep) == nil)
            #expect(try await sending.overview(by: admin).sendingAddress == nil)
            #expect(try await sending.overview(by: admin).smarthost == "smtp://me:***@smtp.provider.example:2525")

            let store = server.store
            let changes = try await store.read { sql in
                var opened: [String] = []
                for entry in try await store.auditEntries.entries(tenant, afterSeq: 0, limit: 1_000, on: sql)
                where entry.action == "mail.settings_changed" {
                    opened.append(JSONWriter.string(.object(try await store.audit.openDetails(entry, on: sql).details)))
                }
                return opened
            }
            #expect(changes.count == 2)
            #expect(changes.first?.contains("smtp.provider.example:2525") == true && changes.allSatisfy { !$0.contains("Zx9") })
            #expect(try DataFiles.plaintext(["Zx9-secret"], under: server.directory).isEmpty, "the smarthost's password is sealed")
        }
    }
}
