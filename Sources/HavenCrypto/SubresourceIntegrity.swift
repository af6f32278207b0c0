import Crypto
import Foundation

/// Subresource Integrity (W3C SRI): the `integrity` value a page puts on a `<script>` it loads from elsewhere, so
/// the browser runs the file only if it is byte for byte the one published.
public enum SubresourceIntegrity {
    public static func sha384(_ text: String) -> String {
        "sha384-" + Data(SHA384.hash(data: Array(text.utf8))).base64EncodedString()
    }
}
