import HavenCore
import HavenCrypto
import Testing

@Suite struct TOTPTests {
    /// RFC 6238 Appendix B, SHA-1 rows: the 20-byte ASCII secret "12345678901234567890", 8 digits.
    @Test(arguments: [
        (Int64(59), "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func reproducesRFC6238(seconds: Int64, expected: String) {
        var totp = TOTP(secret: Array("12345678901234567890".utf8))
        totp.digits = 8
        #expect(totp.code(at: Timestamp(secondsSince1970: seconds)) == expected)
    }

    @Test func acceptsOneStepOfDrift_andRefusesReplays() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Timestamp(secondsSince1970: 1_111_111_111)
        let current = totp.step(at: now)
        #expect(totp.verify(totp.code(forStep: current), at: now, lastUsedStep: nil) == current)
        #expect(totp.verify(totp.code(forStep: current - 1), at: now, lastUsedStep: nil) == current - 1)
        #expect(totp.verify(totp.code(forStep: current + 1), at: now, lastUsedStep: nil) == current + 1)
        #expect(totp.verify(totp.code(forStep: current - 2), at: now, lastUsedStep: nil) == nil)
        #expect(totp.verify(totp.code(forStep: current + 2), at: now, lastUsedStep: nil) == nil)
        // The same code again, or an older one once a newer was used: refused.
        #expect(totp.verify(totp.code(forStep: current), at: now, lastUsedStep: current) == nil)
        #expect(totp.verify(totp.code(forStep: current - 1), at: now, lastUsedStep: current) == nil)
        #expect(totp.verify(totp.code(forStep: current + 1), at: now, lastUsedStep: current) == current + 1)
        // Spaces are forgiven; anything else malformed is refused.
        let code = totp.code(forStep: current)
        #expect(totp.verify(String(code.prefix(3)) + " " + String(code.suffix(3)), at: now, lastUsedStep: nil) == current)
        for bad in ["", "12345", "1234567", "abcdef", "１２３４５６", String(repeating: "1", count: 10_000)] {
            #expect(totp.verify(bad, at: now, lastUsedStep: nil) == nil)
        }
    }

    @Test func base32FollowsRFC4648_andReadsWhatPeopleType() {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb-oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
    }

    @Test func provisioningURI_isWhatAuthenticatorAppsRead() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let uri = totp.provisioningURI(issuer: "Haven (Acme Support)", account: "ada@acme.example")
        #expect(
            uri == "otpauth://totp/Haven%20%28Acme%20Support%29:ada%40acme.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Haven%20%28Acme%20Support%29&algorithm=SHA1&digits=6&period=30")
    }
}
