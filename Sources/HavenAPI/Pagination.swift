import HavenCore
import HavenStore

/// `page` / `per_page` as Freshdesk takes them: per_page defaults to 30, at most 100, honoured exactly; a `Link`
/// header with every parameter and page+1 only when a next page exists.
enum Pagination {
    static func request(_ query: QueryParameters, defaultPerPage: Int = 30, maxPerPage: Int = 100) throws -> PageRequest {
        let page = try query.integer("page", range: 1...1_000_000) ?? 1
        let perPage = try query.integer("per_page", range: 1...Int64(maxPerPage)) ?? Int64(defaultPerPage)
        return PageRequest(page: Int(page), perPage: Int(perPage))
    }

    static func response<T>(
        _ page: Page<T>,
        request: APIRequest,
        path: String,
        render: (T) -> JSONValue
    ) -> APIResponse {
        var headers: [(String, String)] = []
        if page.hasMore {
            headers.append(("Link", "<\(self.nextURL(request: request, path: path))>; rel=\"next\""))
        }
        return APIResponse(status: .ok, body: .array(page.items.map(render)), headers: headers)
    }

    static func nextURL(request: APIRequest, path: String) -> String {
        var pairs: [(String, String)] = []
        var seen = Set<String>()
        // One value per key (the last, as read), page replaced by page+1.
        for (key, _) in request.query.pairs.reversed() where seen.insert(key).inserted && key != "page" {
            pairs.insert((key, request.query[key] ?? ""), at: 0)
        }
        let current = ((try? request.query.integer("page")) ?? nil) ?? 1
        pairs.append(("page", String(current + 1)))
        let query = pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return "\(request.baseURL)/api/v2\(path)?\(query)"
    }

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: ","), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + [byte].hexString.uppercased()
            }
        }
        return out
    }
}
