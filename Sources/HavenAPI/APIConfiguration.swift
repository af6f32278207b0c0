public import HavenCore

/// The API's settings, validated by the server's configuration loader.
public struct APIConfiguration: Sendable {
    /// Tenants live at `{subdomain}.{baseDomain}`.
    public var baseDomain: String
    /// Requests per tenant per minute (Freshdesk plans allow 50–700; self-hosted defaults far higher).
    public var rateLimitPerMinute: Int
    /// Largest request body accepted; larger gets 413.
    public var maxBodyBytes: Int
    /// Largest `multipart/form-data` body (files on a ticket, reply or note; `HAVEN_MAX_UPLOAD_BYTES`): Freshdesk's 20 MB.
    public var maxUploadBytes = 20 * 1_048_576
    /// What a JSON request body may hold; past a limit the answer is 400 naming it.
    public var jsonLimits = JSONParser.Limits(maxDepth: 32, maxKeysPerObject: 1_000, maxValues: 100_000)
    /// Reverse proxies whose `X-Forwarded-For` is believed (`HAVEN_TRUSTED_PROXIES`); empty believes none.
    public var trustedProxies = IPAllowlist([])
    /// The scheme of the listener this API is served on (for `Location` and `Link`).
    public var scheme: String

    public init(
        baseDomain: String = "localhost",
        rateLimitPerMinute: Int = 100_000,
        maxBodyBytes: Int = 1_048_576,
        scheme: String = "http"
    ) {
        self.baseDomain = baseDomain
        self.rateLimitPerMinute = rateLimitPerMinute
        self.maxBodyBytes = maxBodyBytes
        self.scheme = scheme
    }
}
