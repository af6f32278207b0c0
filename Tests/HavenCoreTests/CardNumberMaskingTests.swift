import HavenCore
import Testing

/// Card numbers as customers paste them are masked to their last four digits; numbers that only look long are not.
struct CardNumberMaskingTests {
    @Test(arguments: [
        ("4111 1111 1111 1111", "**** **** **** 1111"),
        ("4111111111111111", "************1111"),
        ("Card: 5555-5555-5555-4444, exp 12/28", "Card: ****-****-****-4444, exp 12/28"),
        ("amex 3782 822463 10005.", "amex **** ****** *0005."),
        ("diners 3056 930902 5904", "diners **** ****** 5904"),
        ("visa13 4222222222222", "visa13 *********2222"),
        ("19 digits 4000 0000 0000 0000 006", "19 digits **** **** **** ***0 006"),
        ("<p>4111&nbsp;1111&nbsp;1111&nbsp;1111</p>", "<p>****&nbsp;****&nbsp;****&nbsp;1111</p>"),
        ("nbsp 4111\u{A0}1111\u{A0}1111\u{A0}1111", "nbsp ****\u{A0}****\u{A0}****\u{A0}1111"),
        ("Order 123 4111 1111 1111 1111 please", "Order 123 **** **** **** 1111 please"),
        ("(6011000990139424)", "(************9424)"),
        ("Zoë paid with 4111 1111 1111 1111 — 東京", "Zoë paid with **** **** **** 1111 — 東京"),
    ])
    func cardNumbers_areMaskedToTheirLastFour(_ text: String, _ masked: String) {
        let result = CardNumberMasking.mask(text)
        #expect(result.text == masked)
        #expect(result.count == 1)
    }

    @Test func twoCards_areBothMasked_andCounted() {
        let result = CardNumberMasking.mask("old 4111-1111-1111-1111 new 5555 5555 5555 4444")
        #expect(result.text == "old ****-****-****-1111 new **** **** **** 4444" && result.count == 2)
    }

    /// Ticket ids, phone numbers, dates, order and invoice numbers that fail Luhn or are not written as cards.
    @Test(arguments: [
        "4111 1111 1111 1112",  // fails Luhn
        "Order 1234567890123456",  // fails Luhn
        "on 2026-12-07 2026-12-08 and 2026-12-09",  // dates
        "call +1 (555) 123-4567 or +49 30 12345678 or 12345678903",  // phones (11 digits pass Luhn, too short)
        "ticket #123456, #4111",
        "INV4111111111111111",  // a letter touches it: an identifier
        "4111111111111111X",
        "41111111111111111111",  // 20 digits
        "41 1111 1111 1111 11",  // Luhn-valid digits, not grouped as a card
        "4111-11-1111-1111-11",
        "IBAN DE89 3704 0044 0532 0130 00",  // grouped like a card after the country code, but fails Luhn
        "",
        "no digits at all",
    ])
    func lookalikes_stayAsTheyAre(_ text: String) {
        let result = CardNumberMasking.mask(text)
        #expect(result.text == text && result.count == 0)
    }
}
