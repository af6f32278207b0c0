import HavenAPI

/// The two request-body limits the edge knows before the application reads a body: JSON (and forms) up to
/// `HAVEN_MAX_BODY_BYTES`, `multipart/form-data` (files) up to `HAVEN_MAX_UPLOAD_BYTES`. The application enforces
/// them per route; the edge uses them only to decide whether `Expect: 100-continue` gets its interim answer.
struct BodyLimits: Sendable {
    let json: Int
    let upload: Int

    init(_ api: APIConfiguration) {
        self.json = api.maxBodyBytes
        self.upload = max(api.maxBodyBytes, api.maxUploadBytes)
    }

    func limit(contentType: String?) -> Int {
        (contentType?.lowercased().hasPrefix("multipart/form-data") ?? false) ? self.upload : self.json
    }
}
