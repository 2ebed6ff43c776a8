public import APIRuntime

/// Gives every request an id — the client's `X-Request-ID` when it is sane, else a fresh one — that the handlers'
/// logs carry and the response echoes in `X-Request-ID`.
public struct RequestIDMiddleware: HTTPMiddleware {
    public init() {}

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        var request = request
        request.requestID = RequestID.accept(request.headers["X-Request-ID"]) ?? RequestID.generate()
        var response = try await next(request)
        response.headers.set("X-Request-ID", request.requestID)
        return response
    }
}
