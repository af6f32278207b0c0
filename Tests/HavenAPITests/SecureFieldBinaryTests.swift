import Foundation
import HTTPTypes
import HavenCore
import HavenStore
import Logging
import NIOSSL
import Testing

/// The real `haven serve` over HTTPS: a card number typed into a description is masked, one put into a secure field
/// is kept under its own key until the ticket is resolved; after the server stops, neither number is anywhere in the
/// data directory (database, journal, index, keystore), and the keystore holds no secure value's key.
@Suite(.serialized) struct SecureFieldBinaryTests {
    @Test func throughTheBinary_theMaskedAndTheDestroyedNumbersAreNowhereOnDisk() async throws {
        let data = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let httpsPort = FreePort.next()
        let (process, output) = try CLITests.startServing(data: data, httpPort: FreePort.next(), httpsPort: httpsPort)
        let keyLine = output.components(separatedBy: "(shown once): ").dropFirst().first ?? ""
        let key = String(keyLine.prefix { $0.isLetter || $0.isNumber })
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(data + "/tls/ca.pem"))
        let client = TestHTTPClient(port: httpsPort, tls: tls, serverName: "localhost")
        let masked = "4012 8888 8888 1881"
        let secret = "3566 0020 2036 0505"
        do {
            let field = try await client.call(
                .post, "/api/v2/admin/ticket_fields", key: key, json: ["label": "Refund card", "type": "secure_text"])
            #expect(field.status == 201, "\(field.text)")
            let created = try await client.call(
                .post, "/api/v2/tickets", key: key,
                json: [
                    "subject": "Refund", "description": .string("<p>Card \(masked) please</p>"), "email": "card@customer.example",
                    "priority": 1, "custom_fields": ["cf_refund_card": .string(secret)],
                ])
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.object?.int("id"))
            let shown = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
            #expect(shown.object?["custom_fields"]?.objectValue?["cf_refund_card"] == .string(secret))
            #expect(shown.object?.string("description")?.contains("**** **** **** 1881") == true, "\(shown.text)")
            let resolved = try await client.call(.put, "/api/v2/tickets/\(id)", key: key, json: ["status": 5])
            #expect(resolved.status == 200, "\(resolved.text)")
            let after = try await client.call(.get, "/api/v2/tickets/\(id)", key: key)
            #expect(after.object?["custom_fields"]?.objectValue?["cf_refund_card"] == .null)
        } catch {
            await client.shutdown()
            process.terminate()
            throw error
        }
        await client.shutdown()
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let digits = { (text: String) in text.replacingOccurrences(of: " ", with: "") }
        #expect(try DataFiles.plaintext([masked, digits(masked), secret, digits(secret)], under: data) == [])
        // No secure value key is left in the keystore (its own file on SQLite, the `ks` schema on PostgreSQL).
        var logger = Logger(label: "secure-field-binary")
        logger.logLevel = .critical
        let store = try await TestStore.open(dataDirectory: data, logger: logger)
        let tenants = try await store.read { sql in try await store.tenants.all(on: sql) }
        var keys: Int64 = 0
        for tenant in tenants {
            keys += try await store.read { sql in
                try await sql.scalar("SELECT count(*) FROM ks.key_entries WHERE tenant_id = \(tenant.id) AND kind = 4")
            }
        }
        await store.database.close()
        #expect(tenants.count == 1 && keys == 0)
    }
}
