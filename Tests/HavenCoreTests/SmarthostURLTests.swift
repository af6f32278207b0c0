import HavenCore
import HavenMail
import Testing

/// The smarthost URLs the deployment and tenants give, and the hosts a tenant's smarthost may not point at.
struct SmarthostURLTests {
    @Test func urls_readTheirSecurityPortAndCredentials_andRefuseWhatCannotWork() throws {
        let plain = try SMTPURL("smtp://user%40corp:p%40ss@smtp.example.com")
        #expect(plain.security == .startTLS && plain.port == 587 && plain.host == "smtp.example.com")
        #expect(plain.username == "user@corp" && plain.password == "p@ss")
        #expect(try SMTPURL("smtps://smtp.example.com").port == 465)
        #expect(try SMTPURL("SMTP+INSECURE://127.0.0.1:2525").security == .none)
        for (url, problem) in [
            ("ftp://smtp.example.com", "must start with smtp://"), ("smtp://", "is not a URL"), ("smtp://host:0", "invalid port"),
            ("smtp://host/path", "no path"), ("smtp://host?x=1", "no path"),
            ("smtp+insecure://u:secret@relay.example.com", "without TLS"),
        ] {
            #expect(throws: SMTPURL.Invalid.self, "\(url)") { try SMTPURL(url) }
            do {
                _ = try SMTPURL(url)
            } catch {
                #expect(error.description.contains(problem), "\(url): \(error)")
                #expect(!error.description.contains("secret"), "the password is never quoted")
            }
        }
        #expect(SMTPURL.redacted("smtp://u:secret@host:587") == "smtp://u:***@host:587")
    }

    @Test func localAndPrivateHosts_areRecognised_publicOnesAreNot() {
        for host in [
            "localhost", "LOCALHOST.", "db.localhost", "printer.local", "vault.internal", "nas.lan", "router.home.arpa", "intranet",
            "127.0.0.1", "127.1.2.3", "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "::1", "[::1]", "::", "fd00::1", "fe80::1%eth0", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "",
        ] {
            #expect(LocalHosts.isLocal(host), "\(host)")
        }
        for host in ["smtp.example.com", "mail.provider.net.", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "100.128.0.1"] {
            #expect(!LocalHosts.isLocal(host), "\(host)")
        }
    }
}
