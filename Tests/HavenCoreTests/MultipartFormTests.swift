import Foundation
import HavenCore
import Testing

/// `multipart/form-data` as browsers and HTTP clients write it, and the ways a body can be broken: each refused with a
/// reason, never read in part.
@Suite struct MultipartFormTests {
    static func body(_ boundary: String, _ parts: [String], closing: Bool = true) -> [UInt8] {
        var text = ""
        for part in parts { text += "--\(boundary)\r\n\(part)\r\n" }
        if closing { text += "--\(boundary)--\r\n" }
        return Array(text.utf8)
    }

    @Test func aBrowsersForm_withTextFieldsAndAFile() throws {
        let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=\(boundary)") == boundary)
        #expect(MultipartForm.boundary(ofContentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        #expect(MultipartForm.boundary(ofContentType: "application/x-www-form-urlencoded") == nil)
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data") == nil)
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
        var bytes = Self.body(
            boundary,
            [
                "Content-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken-1",
                "Content-Disposition: form-data; name=\"note\"\r\n\r\nline one\r\nline two ünï",
                "Content-Disposition: form-data; name=\"logo\"; filename=\"a \\\"quoted\\\"; name.png\"\r\nContent-Type: image/PNG\r\n\r\n",
                "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            ])
        // Binary content with CR, LF and a boundary-like line that is not one.
        let binary: [UInt8] = [0x89, 0x50, 0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF, 0x0D, 0x0A]
        let marker = Array("filename=\"a \\\"quoted\\\"; name.png\"\r\nContent-Type: image/PNG\r\n\r\n".utf8)
        let at = try #require(Data(bytes).range(of: Data(marker))).upperBound
        bytes.insert(contentsOf: binary, at: at)
        let form = try MultipartForm(parsing: bytes, boundary: boundary)
        #expect(form.parts.count == 4)
        #expect(form.fields.map(\.name) == ["csrf", "note"])
        #expect(form.fields.map(\.value) == ["token-1", "line one\r\nline two ünï"])
        let logo = try #require(form.file("logo"))
        #expect(logo.filename == "a \"quoted\"; name.png")
        #expect(logo.contentType == "image/png")
        #expect(logo.data == binary)
        #expect(form.file("empty")?.data == [] && form.file("empty")?.filename == "")
        #expect(form.file("csrf") == nil, "a text field is not a file")
    }

    @Test func brokenBodies_areRefusedWithAReason() throws {
        let boundary = "xyz"
        let cases: [([UInt8], String)] = [
            (Array("no boundary at all".utf8), "no part"),
            (Self.body(boundary, ["Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue"], closing: false), "ends before"),
            (Self.body(boundary, ["Content-Disposition: form-data\r\n\r\nvalue"]), "no name"),
            (Self.body(boundary, ["Content-Disposition: attachment; name=\"a\"\r\n\r\nvalue"]), "not form-data"),
            (Self.body(boundary, ["Content-Disposition form-data\r\n\r\nvalue"]), "no colon"),
            (Self.body(boundary, ["Content-Disposition: form-data; name=\"a\"\r\nvalue without a blank line"]), "do not end"),
            (Array("--xyzgarbage\r\n".utf8), "line break"),
            (
                Self.body(boundary, (0...MultipartForm.maxParts).map { "Content-Disposition: form-data; name=\"f\($0)\"\r\n\r\nv" }),
                "more than"
            ),
            (Self.body(boundary, ["X-Long: " + String(repeating: "h", count: 5_000) + "\r\n\r\nv"]), "4 KB"),
        ]
        for (body, reason) in cases {
            #expect(throws: MultipartForm.Malformed.self, "\(reason)") { try MultipartForm(parsing: body, boundary: boundary) }
            do {
                _ = try MultipartForm(parsing: body, boundary: boundary)
            } catch {
                #expect(error.description.contains(reason), "\(error.description) names \(reason)")
            }
        }
    }

    @Test func theLogo_isTakenByItsBytes_notByItsName() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        #expect(try PortalLogo.contentType(of: png).get() == "image/png")
        #expect(try PortalLogo.contentType(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]).get() == "image/jpeg")
        #expect(try PortalLogo.contentType(of: Array("GIF89a\u{1}\u{0}".utf8)).get() == "image/gif")
        #expect(try PortalLogo.contentType(of: Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)).get() == "image/webp")
        func refusal(_ data: [UInt8]) -> String {
            if case .failure(let problem) = PortalLogo.contentType(of: data) { return problem.message }
            return "taken"
        }
        #expect(refusal(Array("<?xml version=\"1.0\"?><svg onload=\"alert(1)\"/>".utf8)).contains("SVG image, which can carry script"))
        #expect(refusal(Array("  <svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".utf8)).contains("SVG"))
        #expect(refusal(Array("<html><script>alert(1)</script>".utf8)).contains("is not a PNG, JPEG, GIF or WebP"))
        #expect(refusal([]).contains("choose an image file"))
        #expect(refusal(png + [UInt8](repeating: 0, count: PortalLogo.maxBytes)).contains("at most 200 KB"))
    }
}
