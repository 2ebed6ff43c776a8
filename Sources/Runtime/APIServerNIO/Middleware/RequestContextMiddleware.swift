public import APIRuntime

/// Gives each request its `RequestContext` for the rest of the chain, with the client's address decided — the
/// socket's peer, or what a trusted proxy reported in `X-Forwarded-For` — and its route template.
public struct RequestContextMiddleware: HTTPMiddleware {
    let trustedProxies: TrustedProxies
    let routeTemplate: @Sendable (HTTPRequest) -> String?

    /// - Parameter routeTemplate: the template a request is routed to (a generated router's `routeTemplate(for:)`).
    public init(
        trustedProxies: TrustedProxies, routeTemplate: @escaping @Sendable (HTTPRequest) -> String? = { _ in nil }
    ) {
        self.trustedProxies = trustedProxies
        self.routeTemplate = routeTemplate
    }

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        let forwarded = trustedProxies.isEmpty ? [] : request.headers.values(of: "X-Forwarded-For")
        let client = trustedProxies.clientAddress(peer: request.peerAddress, forwardedFor: forwarded)
        let context = RequestContext(clientAddress: client, route: routeTemplate(request))
        return try await RequestContext.$current.withValue(context) {
            try await next(request)
        }
    }
}
