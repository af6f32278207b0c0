import Crypto
import CryptoExtras
import Foundation
public import HavenCore

/// Password hashes with scrypt (memory-hard: 2^15 × 8 × 128 bytes = 32 MiB per hash, about 0.1 s on this class of
/// machine), a random 16-byte salt each, in a self-describing string (`scrypt$ln=15,r=8,p=1$salt$hash`, base64) so
/// parameters can rise later and old hashes still verify (`needsRehash`). Hashing runs on threads of its own, never on
/// the cooperative pool that serves requests, and at most `concurrency` at a time; a caller past `maxWaiting` is
/// refused at once (`Busy`), so a flood of sign-ins costs bounded memory and CPU instead of queueing without end.
public final class PasswordHasher: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var log2Rounds = 15
        public var blockSize = 8
        public var parallelism = 1

        public init(log2Rounds: Int = 15, blockSize: Int = 8, parallelism: Int = 1) {
            self.log2Rounds = log2Rounds
            self.blockSize = blockSize
            self.parallelism = parallelism
        }
    }

    /// More sign-ins are waiting for a hash than the gate admits; the caller answers "try again shortly".
    public struct Busy: Error, Sendable {}

    public let parameters: Parameters
    private let gate: ConcurrencyGate
    private let random: any RandomSource

    /// - Parameter concurrency: hashes at once; nil = one per core.
    public init(
        parameters: Parameters = Parameters(), concurrency: Int? = nil, maxWaiting: Int = 64,
        random: any RandomSource = SystemRandomSource()
    ) {
        self.parameters = parameters
        self.gate = ConcurrencyGate(
            limit: max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount), maxWaiting: maxWaiting)
        self.random = random
    }

    /// The stored form of a new password.
    public func hash(_ password: String) async throws -> String {
        let salt = self.random.bytes(count: 16)
        let parameters = self.parameters
        let derived = try await self.run { try Self.derive(Array(password.utf8), salt: salt, parameters) }
        return "scrypt$ln=\(parameters.log2Rounds),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + Data(salt).base64EncodedString() + "$" + Data(derived).base64EncodedString()
    }

    /// Whether `password` matches `stored`. A malformed stored value never matches. Callers verify against a dummy
    /// hash when the account does not exist, so both answers take the same time.
    public func verify(_ password: String, against stored: String) async throws -> Bool {
        guard let (parameters, salt, expected) = Self.parse(stored) else { return false }
        let derived = try await self.run { try Self.derive(Array(password.utf8), salt: salt, parameters) }
        return ConstantTime.equal(derived, expected)
    }

    /// The work of `verify` for an account that does not exist or has no password yet: the same hash at the same
    /// cost, with the answer always false, so the time taken tells nothing.
    public func verifyAbsent(_ password: String) async throws -> Bool {
        let salt = self.random.bytes(count: 16)
        let parameters = self.parameters
        _ = try await self.run { try Self.derive(Array(password.utf8), salt: salt, parameters) }
        return false
    }

    /// Whether a stored hash uses weaker parameters than this hasher's (re-hash at the next successful sign-in).
    public func needsRehash(_ stored: String) -> Bool {
        guard let (parameters, _, _) = Self.parse(stored) else { return true }
        return parameters.log2Rounds < self.parameters.log2Rounds || parameters.blockSize < self.parameters.blockSize
    }

    static func derive(_ password: [UInt8], salt: [UInt8], _ parameters: Parameters) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: password, salt: salt, outputByteCount: 32, rounds: 1 << parameters.log2Rounds, blockSize: parameters.blockSize,
            parallelism: parameters.parallelism)
        return key.withUnsafeBytes { Array($0) }
    }

    static func parse(_ stored: String) -> (Parameters, [UInt8], [UInt8])? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in parts[1].split(separator: ",") {
            let field = pair.split(separator: "=", maxSplits: 1)
            guard field.count == 2, let number = Int(field[1]) else { return nil }
            values[String(field[0])] = number
        }
        guard let rounds = values["ln"], let block = values["r"], let parallel = values["p"],
            (10...20).contains(rounds), (1...32).contains(block), (1...16).contains(parallel),
            let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])), !hash.isEmpty
        else { return nil }
        return (Parameters(log2Rounds: rounds, blockSize: block, parallelism: parallel), Array(salt), Array(hash))
    }

    /// Runs `work` on a thread of its own once the gate admits it.
    private func run(_ work: @escaping @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
        guard await self.gate.enter() else { throw Busy() }
        defer { Task { await self.gate.leave() } }
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "haven-password"
            thread.start()
        }
    }
}

/// At most `limit` holders at once; up to `maxWaiting` more wait in order; beyond that, `enter` answers false.
actor ConcurrencyGate {
    let limit: Int
    let maxWaiting: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int, maxWaiting: Int) {
        self.limit = limit
        self.maxWaiting = maxWaiting
    }

    func enter() async -> Bool {
        if self.holders < self.limit {
            self.holders += 1
            return true
        }
        guard self.waiting.count < self.maxWaiting else { return false }
        await withCheckedContinuation { self.waiting.append($0) }
        return true
    }

    func leave() {
        if self.waiting.isEmpty {
            self.holders -= 1
        } else {
            // The slot passes straight to the next waiter.
            self.waiting.removeFirst().resume()
        }
    }
}
