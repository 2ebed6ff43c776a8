/// Answers one complete request.
public typealias HTTPResponder = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// One step around the router: it sees each request on the way in and its response on the way out, and may answer
/// by itself without calling `next` (a rate limit, a CORS preflight).
///
/// Middleware is plain values over `HTTPRequest` and `HTTPResponse`, so each can be tested without a socket.
public protocol HTTPMiddleware: Sendable {
    func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse
}

/// An ordered list of middleware: the first sees the request first and the response last.
public struct MiddlewareChain: Sendable {
    public var middleware: [any HTTPMiddleware]

    public init(_ middleware: [any HTTPMiddleware]) {
        self.middleware = middleware
    }

    /// `responder` behind every step, the first step outermost. The closures are built once, not per request.
    public func wrapping(_ responder: @escaping HTTPResponder) -> HTTPResponder {
        middleware.reversed().reduce(responder) { next, step in
            { request in try await step.respond(to: request, next: next) }
        }
    }
}
