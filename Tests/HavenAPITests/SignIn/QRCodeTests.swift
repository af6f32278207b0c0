import Foundation
import HavenCore
import HavenCrypto
import Testing

/// The QR codes Haven draws are read by a real decoder: each SVG is rasterised by librsvg and decoded by ZBar.
@Suite struct QRCodeTests {
    /// Rasterises the SVG and decodes it; the decoded text, or the tools' complaint.
    static func decode(_ svg: String) async throws -> String {
        let directory = NSTemporaryDirectory() + "haven-qr-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try svg.write(toFile: directory + "/code.svg", atomically: true, encoding: .utf8)
        let rasterise = try ChildProcess("/usr/bin/rsvg-convert", ["-w", "600", "-o", directory + "/code.png", directory + "/code.svg"])
        let (status, _, errors) = await Self.finish(rasterise)
        guard status == 0 else { return "rsvg-convert failed: \(errors)" }
        let (_, stdout, stderr) = await Self.finish(try ChildProcess("/usr/bin/zbarimg", ["--raw", "-q", directory + "/code.png"]))
        return stdout.isEmpty ? "zbarimg found nothing: \(stderr)" : String(stdout.dropLast(stdout.hasSuffix("\n") ? 1 : 0))
    }

    /// Waits for a child on a thread of its own (the cooperative threads stay free).
    static func finish(_ process: ChildProcess) async -> (Int32, String, String) {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: process.finish()) }.start()
        }
    }

    @Test func aTOTPEnrollmentURI_decodesToItself() async throws {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let uri = totp.provisioningURI(issuer: "Haven (Acme Support)", account: "ada.lovelace@acme.example")
        let code = try QRCode(encoding: uri)
        #expect(try await Self.decode(code.svg()) == uri)
    }

    @Test func everyVersionUpToTen_decodes() async throws {
        var versions = Set<Int>()
        for length in [1, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213] {
            let text = String(
                (0..<length).map { index in
                    Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:/?=&")[(index * 7 + length) % 66]
                })
            let code = try QRCode(encoding: text)
            versions.insert(code.version)
            #expect(code.size == code.version * 4 + 17)
            #expect(try await Self.decode(code.svg()) == text, "version \(code.version), \(length) bytes")
        }
        #expect(versions == Set(1...10), "\(versions.sorted())")
        #expect(throws: QRCode.TooLong.self) { try QRCode(encoding: String(repeating: "x", count: 214)) }
    }
}
