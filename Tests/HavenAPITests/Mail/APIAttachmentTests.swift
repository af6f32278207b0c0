import Foundation
import HTTPTypes
import HavenAPI
import HavenCore
import HavenServer
import Testing

/// Files on tickets, replies and notes through the API as Freshdesk clients send them (`multipart/form-data` with
/// `attachments[]`): python-freshdesk's `create_ticket(..., attachments=[...])` unchanged, Freshdesk's documented
/// form for replies and notes, and every way such a body can be wrong, each refused whole.
@Suite struct APIAttachmentTests {
    static var pythonFreshdeskInstalled: Bool {
        (try? ChildProcess("/usr/bin/env", ["python3", "-c", "import freshdesk.v2.api"], discardOutput: true).waitUntilExit()) == 0
    }

    static func form(_ boundary: String, fields: [(String, String)], files: [(String, String, String?, [UInt8])]) -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, type, data) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n".utf8)
            if let type { body += Array("Content-Type: \(type)\r\n".utf8) }
            body += Array("\r\n".utf8) + data + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    @Test(.enabled(if: APIAttachmentTests.pythonFreshdeskInstalled, "needs python-freshdesk (scripts/test installs it)"))
    func pythonFreshdesk_createsATicketWithFiles_unchanged() async throws {
        try await TestServer.start(maxBodyBytes: 1_048_576) { server, client in
            let directory = server.directory + "/uploads"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data("%PDF-1.4 contract".utf8).write(to: URL(fileURLWithPath: directory + "/Vertrag März.pdf"))
            try Data((0..<255).map { UInt8($0) }).write(to: URL(fileURLWithPath: directory + "/blob.bin"))
            // The client as an integrator runs it, pointed at this server (python-freshdesk always builds https://{domain}).
            let script = """
                import json, sys
                from freshdesk.v2.api import API
                api = API('alpha.freshdesk.com', sys.argv[1])  # it refuses other domains; the prefix is then pointed here
                api._api_prefix = 'http://127.0.0.1:%s/api/v2/' % sys.argv[2]
                t = api.tickets.create_ticket('Contract question', email='jane@customer.example', description='See the files',
                    tags=['contract', 'legal'], cc_emails=['boss@customer.example'],
                    attachments=[sys.argv[3] + '/Vertrag März.pdf', sys.argv[3] + '/blob.bin'])
                print(json.dumps({'id': t.id, 'tags': t.tags, 'cc': t.cc_emails,
                    'files': [[a['name'], a['size'], a['content_type']] for a in t.attachments]}))
                """
            let run = try await ChildProcess(
                "/usr/bin/env", ["python3", "-c", script, server.tenants[0].apiKey, String(client.port), directory]
            ).finished()
            try #require(run.status == 0, "\(run.stderr.suffix(1500))")
            let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(result["tags"] as? [String] == ["contract", "legal"])
            #expect(result["cc"] as? [String] == ["boss@customer.example"])
            let files = result["files"] as? [[Any]] ?? []
            #expect(files.map { $0[0] as? String } == ["Vertrag März.pdf", "blob.bin"])
            #expect(files.map { $0[1] as? Int } == [17, 255])
            let id = try #require(result["id"] as? Int)
            let viewed = try await client.call(.get, "/api/v2/tickets/\(id)", key: server.tenants[0].apiKey)
            let blob = try #require(viewed.object?["attachments"]?.arrayValue?.last?.objectValue)
            let url = try #require(blob.string("attachment_url"))
            let path = String(url[try #require(url.range(of: "/api/v2/")).lowerBound...])
            let download = try await client.call(.get, path, key: server.tenants[0].apiKey)
            #expect(download.bytes == (0..<255).map { UInt8($0) })
            #expect(download.header("Content-Type") == "application/octet-stream")
        }
    }

    @Test func repliesAndNotes_takeFiles_inFreshdesksForm() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            let made = try await client.call(
                .post, "/api/v2/tickets", key: key, json: ["subject": "s", "description": "d", "email": "jane@customer.example"])
            let id = try #require(made.object?.int("id"))
            let boundary = "----HavenTest7MA4YWxk"
            let reply = try await client.call(
                .post, "/api/v2/tickets/\(id)/reply", key: key,
                rawBody: Self.form(
                    boundary, fields: [("body", "<p>Here is the manual</p>"), ("cc_emails[]", "a@customer.example")],
                    files: [("attachments[]", "manual.pdf", "application/pdf", Array("%PDF manual".utf8))]),
                contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(reply.status == 201, "\(reply.text)")
            #expect(reply.object?["cc_emails"] == .strings(["a@customer.example"]))
            #expect(reply.object?["attachments"]?.arrayValue?.first?.objectValue?.string("name") == "manual.pdf")
            let note = try await client.call(
                .post, "/api/v2/tickets/\(id)/notes", key: key,
                rawBody: Self.form(
                    boundary, fields: [("body", "internal"), ("private", "true")],
                    files: [("attachments[]", "<script>.html", "text/html", Array("<script>alert(1)</script>".utf8))]),
                contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(note.status == 201, "\(note.text)")
            #expect(note.object?["private"] == .bool(true))
            let listed = try await client.call(.get, "/api/v2/tickets/\(id)/conversations", key: key)
            let names = (listed.array ?? []).compactMap { $0.objectValue?["attachments"]?.arrayValue?.first?.objectValue?.string("name") }
            #expect(names == ["manual.pdf", "<script>.html"])
            // An HTML file is never served as HTML.
            let htmlFile = try #require(
                (listed.array ?? []).last?.objectValue?["attachments"]?.arrayValue?.first?.objectValue?.string("attachment_url"))
            let download = try await client.call(
                .get, String(htmlFile[try #require(htmlFile.range(of: "/api/v2/")).lowerBound...]), key: key)
            #expect(download.header("Content-Type") == "application/octet-stream")
            #expect(download.header("Content-Disposition")?.hasPrefix("attachment;") == true)
        }
    }

    @Test func badForms_areRefusedWhole_withTheReason() async throws {
        // A limit small enough that the oversized body below fits in the sockets' buffers: the client has written
        // it all before the server answers 413 and closes, so the answer is read, never a reset.
        let configure: @Sendable (inout ServerConfiguration) -> Void = { $0.api.maxUploadBytes = 20_000 }
        try await TestServer.start(configure: configure) { server, client in
            let key = server.tenants[0].apiKey
            let boundary = "b0undary"
            let type = "multipart/form-data; boundary=\(boundary)"
            let base = [("subject", "s"), ("description", "d"), ("email", "jane@customer.example")]
            func create(_ body: [UInt8], contentType: String = type) async throws -> HTTPResult {
                try await client.call(.post, "/api/v2/tickets", key: key, rawBody: body, contentType: contentType)
            }
            let wrongField = try await create(Self.form(boundary, fields: base, files: [("logo", "x.png", "image/png", [1, 2, 3])]))
            #expect(wrongField.status == 400 && wrongField.text.contains("Only attachments[] may carry a file"))
            let many = (0...FileUpload.maxPerChange).map { ("attachments[]", "f\($0).txt", "text/plain", Array("x".utf8)) }
            let tooMany = try await create(Self.form(boundary, fields: base, files: many))
            #expect(tooMany.status == 400 && tooMany.text.contains("it can have maximum of 20"), "\(tooMany.text)")
            let broken = try await create(Array("--b0undary\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nno end".utf8))
            #expect(broken.status == 400 && broken.text.contains("multipart/form-data body cannot be read"), "\(broken.text)")
            let noBoundary = try await create(Self.form(boundary, fields: base, files: []), contentType: "multipart/form-data")
            #expect(noBoundary.status == 415)
            let badStatus = try await create(Self.form(boundary, fields: base + [("status", "open")], files: []))
            #expect(badStatus.status == 400 && badStatus.text.contains("status"))
            let twice = try await create(Self.form(boundary, fields: base + [("subject", "again")], files: []))
            #expect(twice.status == 400 && twice.text.contains("given twice"))
            // Routes without files refuse a form outright.
            let update = try await client.call(
                .put, "/api/v2/contacts/1", key: key, rawBody: Self.form(boundary, fields: [("name", "x")], files: []), contentType: type)
            #expect(update.status == 415)
            // Last, on a connection of its own: the 413 comes before the body is read and closes the connection.
            let own = TestHTTPClient(port: client.port)
            let huge = try await own.call(
                .post, "/api/v2/tickets", key: key,
                rawBody: Self.form(boundary, fields: base, files: [("attachments[]", "big.bin", nil, Array(repeating: 7, count: 30_000))]),
                contentType: type)
            #expect(huge.status == 413)
            await own.shutdown()
            // Nothing was written by any of them.
            #expect(try await client.call(.get, "/api/v2/tickets", key: key).array?.isEmpty == true)
        }
    }
}
