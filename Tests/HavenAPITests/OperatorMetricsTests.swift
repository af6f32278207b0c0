import Foundation
import HTTPTypes
import HavenApp
import HavenCore
import HavenServer
import HavenStore
import Testing

/// `/metrics` for operators: Prometheus's text format on a listener of its own (loopback by default), with requests by
/// route pattern and status, latency, database pool use, job runs, certificate expiry and handshakes per served
/// name — and nothing of a tenant's in any label.
@Suite struct OperatorMetricsTests {
    /// The samples of the exposition: "name{labels}" → value.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    @Test func theListenerServesRequestsJobsPoolCertificatesAndHandshakes_withoutTenantData() async throws {
        try await TLSTestServer.start { server in
            let metricsPort = try #require(server.metricsPort)
            let material = try DomainCertificateTests.material(base: "metrics.test")
            let client = server.client()
            let secret = "Jane Roe's boiler at 12 Harbour Road"
            let uploaded = try await client.call(
                .post, "/api/v2/domain_certificates", key: server.apiKey,
                json: ["domain": "help.metrics.test", "certificate_chain": .string(material.chain), "private_key": .string(material.key)])
            try #require(uploaded.status == 201, "\(uploaded.text)")
            let created = try await client.call(
                .post, "/api/v2/tickets", key: server.apiKey, json: ["subject": .string(secret), "email": "jane@customer.example"])
            let id = try #require(created.object?.int("id"))
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)", key: server.apiKey).status == 200)
            #expect(try await client.call(.get, "/api/v2/tickets/999999", key: server.apiKey).status == 404)
            #expect(try await client.call(.get, "/api/v2/tickets/\(id)", key: "not-a-key").status == 401)
            // A handshake naming the uploaded domain, and one naming something Haven does not serve.
            let custom = server.client(trusting: [material.ca], serverName: "help.metrics.test")
            #expect(try await custom.call(.get, "/healthz", key: nil).status == 200)
            await custom.shutdown()
            let stranger = server.client(serverName: "attacker-chosen.example")
            _ = try? await stranger.call(.get, "/healthz", key: nil)
            await stranger.shutdown()
            await client.shutdown()

            let scraper = TestHTTPClient(port: metricsPort)
            var text = ""
            // The certificate sync reports expiry within its interval (100 ms here).
            for _ in 0..<50 where !text.contains("haven_certificate_expiry_timestamp_seconds{") {
                let scraped = try await scraper.call(.get, "/metrics", key: nil)
                #expect(scraped.status == 200)
                #expect(scraped.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
                text = scraped.text
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await scraper.call(.get, "/", key: nil).status == 404)
            await scraper.shutdown()
            let samples = Self.samples(text)

            #expect(samples[#"haven_http_requests_total{route="GET /tickets/:id",status="200"}"#] == 1, "\(text)")
            #expect(samples[#"haven_http_requests_total{route="GET /tickets/:id",status="404"}"#] == 1)
            #expect(samples[#"haven_http_requests_total{route="GET /tickets/:id",status="401"}"#] == 1)
            #expect(samples[#"haven_http_requests_total{route="POST /tickets",status="201"}"#] == 1)
            #expect(samples[#"haven_http_request_duration_seconds_count{route="GET /tickets/:id"}"#] == 3)
            #expect(samples.keys.contains { $0.hasPrefix(#"haven_http_request_duration_seconds_bucket{route="POST /tickets",le="#) })
            #expect((samples["haven_database_connections_limit"] ?? 0) >= 2)
            #expect(samples["haven_database_transactions_running"] != nil)
            #expect((samples[#"haven_job_runs_total{job="certificate sync",outcome="done"}"#] ?? 0) >= 1)
            #expect((samples[#"haven_job_runs_total{job="sla escalations",outcome="done"}"#] ?? 0) >= 1)
            let expiry = try #require(samples[#"haven_certificate_expiry_timestamp_seconds{domain="help.metrics.test"}"#])
            #expect(expiry > Date().timeIntervalSince1970)
            #expect(samples[#"haven_tls_handshakes_total{server_name="help.metrics.test"}"#] == 1)
            #expect((samples[#"haven_tls_handshakes_total{server_name="(unknown name)"}"#] ?? 0) >= 1)
            #expect((samples[#"haven_http_requests_total{route="GET /healthz",status="200"}"#] ?? 0) >= 1)

            // Route patterns, job names and served host names only: no ticket number, subject, address, key or
            // name a client made up.
            for leaked in [secret, "jane@customer.example", server.apiKey, "not-a-key", "/tickets/\(id)", "999999", "attacker-chosen"] {
                #expect(!text.contains(leaked), "the metrics name \(leaked)")
            }
        }
    }

    @Test func theMetricsListenerIsLoopbackByDefault_movableAndCanBeTurnedOff() throws {
        let defaults = try ServerConfiguration.load(flags: .init(), environment: [:])
        #expect(defaults.metrics?.host == "127.0.0.1")
        #expect(defaults.metrics?.port == 9464)
        #expect(defaults.metrics?.explicit == false)
        let moved = try ServerConfiguration.load(
            flags: .init(), environment: ["HAVEN_METRICS_PORT": "9100", "HAVEN_METRICS_HOST": "10.0.0.5"])
        #expect(moved.metrics?.port == 9100 && moved.metrics?.host == "10.0.0.5" && moved.metrics?.explicit == true)
        #expect(try ServerConfiguration.load(flags: .init(), environment: ["HAVEN_METRICS_PORT": "off"]).metrics == nil)
        for (value, expected) in [("lots", "HAVEN_METRICS_PORT=lots"), ("8443", "must differ from the HTTP and HTTPS ports")] {
            #expect {
                try ServerConfiguration.load(flags: .init(), environment: ["HAVEN_METRICS_PORT": value])
            } throws: { error in
                String(describing: error).contains(expected)
            }
        }
    }
}
