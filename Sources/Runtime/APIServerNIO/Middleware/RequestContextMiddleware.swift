public import APIRuntime

/// Gives each request its `RequestContext` for the rest of the chain, with the client's address decided: the
/// socket's peer, or what a trusted proxy reported in `X-Forwarded-For`.
public struct RequestContextMiddleware: HTTPMiddleware {
    let trustedProxies: TrustedProxies

    public init(trustedProxies: TrustedProxies) {
        self.trustedProxies = trustedProxies
    }

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        let forwarded = trustedProxies.isEmpty ? [] : request.headers.values(of: "X-Forwarded-For")
        let client = trustedProxies.clientAddress(peer: request.peerAddress, forwardedFor: forwarded)
        return try await RequestContext.$current.withValue(RequestContext(clientAddress: client)) {
            try await next(request)
        }
    }
}
