import HavenCore
import Testing

/// The security policy's JSON form: bounded settings, checked allowlists, every problem named.
@Suite struct SecurityPolicyCodingTests {
    @Test func defaults_roundTrip() throws {
        let policy = SecurityPolicy()
        #expect(try SecurityPolicyCoding.decode(SecurityPolicyCoding.encode(policy), over: SecurityPolicy()) == policy)
        #expect(policy.agents.passwordMinimumLength == 12 && policy.contacts.passwordMinimumLength == 10)
        #expect(policy.requiresTwoFactor(.admin) && !policy.requiresTwoFactor(.agent))
    }

    @Test func aChange_keepsWhatItDoesNotName() throws {
        let changed = try SecurityPolicyCoding.decode(
            ["agents": ["idle_timeout_minutes": 30], "allowlists": ["api": ["203.0.113.0/24", " 2001:db8::/48 "]]], over: SecurityPolicy())
        #expect(changed.agents.idleTimeoutMinutes == 30)
        #expect(changed.agents.absoluteTimeoutHours == 12)
        #expect(changed.allowlist(.api) == ["203.0.113.0/24", "2001:db8::/48"])
        #expect(changed.allowlist(.console).isEmpty)
    }

    @Test func badInput_isNamedFieldByField() {
        let changes: JSONObject = [
            "agents": ["idle_timeout_minutes": 2, "max_failures": "many", "colour": 1],
            "two_factor": "sometimes",
            "allowlists": ["console": ["10.0.0.0/33", "fe80::1%eth0", "198.51.100.7"], "office": []],
            "surprise": true,
        ]
        do {
            _ = try SecurityPolicyCoding.decode(changes, over: SecurityPolicy())
            Issue.record("accepted")
        } catch let error as HavenError {
            let fields = Set(error.fieldErrors.map(\.field))
            #expect(
                fields == [
                    "agents.idle_timeout_minutes", "agents.max_failures", "agents.colour", "two_factor", "allowlists.console",
                    "allowlists.office", "surprise",
                ])
            let console = error.fieldErrors.first { $0.field == "allowlists.console" }?.message ?? ""
            #expect(console.contains("10.0.0.0/33") && console.contains("fe80::1%eth0"), "\(console)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func tooManyEntries_areRefused() {
        let entries = (0..<2_001).map { JSONValue.string("10.\($0 / 256).\($0 % 256).0/24") }
        #expect(throws: HavenError.self) {
            try SecurityPolicyCoding.decode(["allowlists": ["api": .array(entries)]], over: SecurityPolicy())
        }
    }
}
