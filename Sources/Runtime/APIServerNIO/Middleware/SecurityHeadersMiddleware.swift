public import APIRuntime

/// Headers that make every response safe to hand to a browser: nothing is framed (`frame-ancestors 'none'`,
/// `X-Frame-Options`), no referrer leaks, an API response loads nothing (`default-src 'none'`), and a response to a
/// request that carried credentials is never stored by a cache (`Cache-Control: no-store`), since it is one user's.
///
/// A response that sets its own `Content-Security-Policy` or `Cache-Control` (the docs page, the Swagger UI
/// assets) keeps it.
public struct SecurityHeadersMiddleware: HTTPMiddleware {
    static let apiPolicy = "default-src 'none'; frame-ancestors 'none'"

    public init() {}

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        var response = try await next(request)
        // The four below and the request id that `RequestIDMiddleware` adds next.
        response.headers.reserveCapacity(response.headers.fields.count + 5)
        if !response.headers.contains("Content-Security-Policy") {
            response.headers.add("Content-Security-Policy", Self.apiPolicy)
        }
        if request.headers.contains("Authorization"), !response.headers.contains("Cache-Control") {
            response.headers.add("Cache-Control", "no-store")
        }
        response.headers.add("X-Frame-Options", "DENY")
        response.headers.add("Referrer-Policy", "no-referrer")
        return response
    }
}
