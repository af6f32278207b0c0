import HavenCore
public import HavenStore
import HavenTLS

/// Haven's own fetch of a domain's http-01 challenge path, the way the CA will make it: a one-off token is published
/// in the database (so any node answers it), fetched from `address:port` with the domain as Host, and withdrawn.
/// Shared by the certificate manager's self-probe and the diagnosis.
public enum ChallengePathProbe {
    public enum Outcome: Sendable, Equatable {
        case reachesHaven
        /// Something answers the path, but not with Haven's answer (a proxy, CDN or another server in front).
        case otherAnswer
        case unreachable(String)
    }

    public static func run(store: Store, domain: String, address: String, port: Int) async throws -> Outcome {
        let token = "haven-probe-" + store.random.hex(count: 16)
        let answer = "\(token).probe"
        let expires = store.clock.now().adding(seconds: 60)
        try await store.write { sql in
            try await store.certificateIssuance.publish(
                token: token, domain: domain, keyAuthorization: answer, expiresAt: expires, on: sql)
        }
        let fetched = await HTTPChallengeProbe.fetch(
            address: address, port: port, host: domain, path: "/.well-known/acme-challenge/\(token)")
        try? await store.write { sql in try await store.certificateIssuance.withdraw(token: token, on: sql) }
        switch fetched {
        case .success(let body) where body == answer: return .reachesHaven
        case .success: return .otherAnswer
        case .failure(let failure): return .unreachable(failure.message)
        }
    }
}
