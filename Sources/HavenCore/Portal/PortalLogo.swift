/// The portal's logo: an image the admin uploads, shown in the portal's header. Only raster formats known by their
/// first bytes are taken (PNG, JPEG, GIF, WebP), whatever the browser claimed; SVG is refused because it can carry
/// script, and a file's type is never guessed from its name.
public struct PortalLogo: Sendable, Equatable {
    public static let maxBytes = 200 * 1_024

    public let data: [UInt8]
    public let contentType: String
    /// Hex SHA-256 of the bytes: the page's link names it, so a new logo is a new address and browsers revalidate.
    public let sha256: String

    public init(data: [UInt8], contentType: String, sha256: String) {
        self.data = data
        self.contentType = contentType
        self.sha256 = sha256
    }

    /// The image type these bytes are, or a sentence saying why they are not taken.
    public static func contentType(of data: [UInt8]) -> Result<String, FieldError> {
        func refuse(_ message: String) -> Result<String, FieldError> {
            .failure(FieldError(field: "logo", message: message, code: .invalidValue))
        }
        guard !data.isEmpty else { return refuse("choose an image file to upload") }
        guard data.count <= Self.maxBytes else {
            return refuse("is \(data.count / 1_024) KB; a logo may have at most \(Self.maxBytes / 1_024) KB")
        }
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            data.count >= offset + prefix.count && Array(data[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .success("image/png") }
        if starts([0xFF, 0xD8, 0xFF]) { return .success("image/jpeg") }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .success("image/gif") }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .success("image/webp") }
        let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        if head.contains("<svg") || head.contains("<?xml") {
            return refuse("is an SVG image, which can carry script; upload a PNG, JPEG, GIF or WebP")
        }
        return refuse("is not a PNG, JPEG, GIF or WebP image")
    }
}
