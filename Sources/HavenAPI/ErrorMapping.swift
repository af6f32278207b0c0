import HavenCore

/// Maps `HavenError` to Freshdesk's status codes and bodies (freshdesk-api-v2.md §4), in this one place.
enum ErrorMapping {
    static func response(for error: HavenError) -> APIResponse {
        switch error {
        case .validation(let errors):
            return APIResponse(status: .badRequest, body: self.validationBody(errors))
        case .conflict(let errors):
            return APIResponse(status: .conflict, body: self.validationBody(errors))
        case .invalidJSON(let message):
            return self.coded(.badRequest, "invalid_json", "Request body has invalid json format: \(message)")
        case .noContentRequired:
            return self.coded(.badRequest, "no_content_required", "No JSON data required")
        case .unauthenticated:
            return self.coded(.unauthorized, "invalid_credentials", error.message)
        case .forbidden(let code, let message):
            return self.coded(.forbidden, code, message)
        case .notFound:
            return APIResponse(status: .notFound, body: nil)
        case .methodNotAllowed(let message, let allow):
            var response = self.coded(.methodNotAllowed, "method_not_allowed", message)
            response.headers.append(("Allow", allow.joined(separator: ", ")))
            return response
        case .notAcceptable:
            return self.coded(.notAcceptable, "invalid_accept_header", "Only application/json and */* are supported")
        case .payloadTooLarge(let limit):
            return self.coded(.payloadTooLarge, "payload_too_large", "The request body exceeds the limit of \(limit) bytes")
        case .unsupportedMediaType(let message):
            return self.coded(.unsupportedMediaType, "invalid_content_type", message)
        case .rateLimited(let seconds):
            return APIResponse(
                status: .tooManyRequests,
                body: [
                    "message": .string("You have exceeded the limit of requests per minute. Please try again after \(seconds) seconds.")
                ],
                headers: [("Retry-After", String(seconds))]
            )
        case .usage(let message):
            return self.coded(.badRequest, "invalid_value", message)
        case .internalFailure:
            return self.coded(.internalServerError, "internal_error", "An internal error occurred; it has been logged")
        case .unreadable(_, .erased):
            return self.coded(.gone, "erased", error.message)
        case .unreadable(_, .damaged):
            return self.coded(.internalServerError, "unreadable_record", error.message)
        }
    }

    private static func validationBody(_ errors: [FieldError]) -> JSONValue {
        .object(
            JSONObject([
                ("description", "Validation failed"),
                (
                    "errors",
                    .array(
                        errors.map { error in
                            var object = JSONObject([
                                ("field", .string(error.field)),
                                ("message", .string(error.message)),
                                ("code", .string(error.code.rawValue)),
                            ])
                            if !error.additionalInfo.isEmpty {
                                object.append(
                                    "additional_info",
                                    .object(JSONObject(error.additionalInfo.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
                                )
                            }
                            return .object(object)
                        }
                    )
                ),
            ])
        )
    }

    private static func coded(_ status: HTTPStatusCode, _ code: String, _ message: String) -> APIResponse {
        APIResponse(status: status, body: .object(JSONObject([("code", .string(code)), ("message", .string(message))])))
    }
}
