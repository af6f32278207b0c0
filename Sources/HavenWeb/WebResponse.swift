import HTTPTypes
import HavenAPI
import HavenStore
import Hummingbird
import NIOCore

/// What a web handler answers: a page, a redirect (303 after a form, so a reload does not post again), or a file.
struct WebResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: [(HTTPField.Name, String)] = []
    var body: String = ""
    /// A binary body (an image) instead of `body`.
    var data: [UInt8]? = nil
    /// A file streamed a chunk at a time (an export) instead of `body`.
    var stream: ExportFileReader? = nil
    /// The pages' policy; the widget's form relaxes framing to the embedding origin.
    var contentSecurityPolicy = PagePolicy.contentSecurityPolicy

    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> WebResponse {
        WebResponse(status: status, headers: [(.contentType, "text/html; charset=utf-8")], body: html)
    }

    static func redirect(_ location: String) -> WebResponse {
        WebResponse(status: .seeOther, headers: [(.location, location)])
    }

    mutating func setCookie(_ value: String) {
        self.headers.append((.setCookie, value))
    }

    func response() -> Response {
        var fields = HTTPFields()
        for (name, value) in self.headers { fields.append(HTTPField(name: name, value: value)) }
        if fields[.cacheControl] == nil { fields[.cacheControl] = "no-store" }
        fields[.contentSecurityPolicy] = self.contentSecurityPolicy
        if let stream = self.stream { return Response(status: self.status, headers: fields, body: ExportBody.of(stream)) }
        let buffer = self.data.map { ByteBuffer(bytes: $0) } ?? ByteBuffer(string: self.body)
        return Response(status: self.status, headers: fields, body: ResponseBody(byteBuffer: buffer))
    }
}

/// The policy of every page Haven writes (people.md §3): nothing from elsewhere, no inline script or style, no
/// framing. The server's security headers use it for any other HTML answer too.
public enum PagePolicy {
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The policy of the portal's new-ticket page, whose script asks this site (only) for article suggestions.
    static let withSuggestions =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}
