import Foundation

/// Cookies as the web channel uses them: read from the request's `Cookie` header, and written with the `__Host-`
/// prefix (Secure, Path=/, no Domain: the browser keeps it to exactly this host over HTTPS), HttpOnly and
/// SameSite=Lax (people.md §2).
enum Cookies {
    static func value(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if pair[0].trimmingCharacters(in: .whitespaces) == name {
                return pair[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// A session-lifetime cookie (no Max-Age: it goes when the browser closes; the server's timeouts govern anyway).
    static func set(_ name: String, _ value: String) -> String {
        "\(name)=\(value); Path=/; Secure; HttpOnly; SameSite=Lax"
    }

    static func clear(_ name: String) -> String {
        "\(name)=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"
    }
}
