public import APIRuntime

/// Decides each request's client address — the socket's peer, or what a trusted proxy reported in
/// `X-Forwarded-For` — and binds it as `RequestContext.clientAddress` for the rest of the chain.
public struct ClientAddressMiddleware: HTTPMiddleware {
    let trustedProxies: TrustedProxies

    public init(trustedProxies: TrustedProxies) {
        self.trustedProxies = trustedProxies
    }

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        let forwarded = trustedProxies.isEmpty ? [] : request.headers.values(of: "X-Forwarded-For")
        let client = trustedProxies.clientAddress(peer: request.peerAddress, forwardedFor: forwarded)
        return try await RequestContext.$clientAddress.withValue(client) { try await next(request) }
    }
}
