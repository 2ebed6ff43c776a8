public import APIRuntime

/// Cross-origin resource sharing (the Fetch standard's CORS protocol) for the origins an operator lists; a server
/// without this step answers no cross-origin request, which is the safe default.
///
/// A preflight (`OPTIONS` with `Access-Control-Request-Method`) is routed like any `OPTIONS`, so the router's
/// `Allow` decides which methods a path takes; this step admits it only when the origin is listed, the method is
/// allowed there and every requested header is one the API reads. Credentials are bearer tokens, never cookies, so
/// `Access-Control-Allow-Credentials` is never sent.
public struct CORSMiddleware: HTTPMiddleware {
    /// Which origins may call the API from a browser.
    public struct Policy: Sendable, Hashable {
        /// `scheme://host[:port]`, lower-cased; empty with `allowsAnyOrigin`.
        public let origins: Set<String>
        public let allowsAnyOrigin: Bool

        /// Parses `CORS_ORIGINS`: `*`, or a comma-separated list of origins (`https://app.example.com`,
        /// `http://localhost:3000`); `nil` when an entry is not an origin (a path, a missing scheme).
        public init?(parsing list: String) {
            let entries = list.split(separator: ",").map { String($0.trimmingASCIISpaces()) }.filter { !$0.isEmpty }
            guard !entries.isEmpty else { return nil }
            if entries == ["*"] {
                origins = []
                allowsAnyOrigin = true
                return
            }
            var origins: Set<String> = []
            for entry in entries {
                guard let origin = Self.origin(entry) else { return nil }
                origins.insert(origin)
            }
            self.origins = origins
            allowsAnyOrigin = false
        }

        public func allows(_ origin: String) -> Bool {
            allowsAnyOrigin || origins.contains(origin.lowercased())
        }

        /// `http(s)://host[:port]` with nothing after it, lower-cased.
        private static func origin(_ text: String) -> String? {
            let lowered = text.lowercased()
            guard let schemeEnd = lowered.firstRange(of: "://") else { return nil }
            let scheme = lowered[..<schemeEnd.lowerBound]
            let authority = lowered[schemeEnd.upperBound...]
            guard scheme == "http" || scheme == "https", !authority.isEmpty,
                !authority.contains(where: { "/?#@ ".contains($0) })
            else { return nil }
            return lowered
        }
    }

    /// Request headers a browser may send cross-origin: the ones the API reads.
    static let allowedHeaders: Set<String> = [
        "authorization", "content-type", "if-match", "if-none-match", "idempotency-key", "x-request-id",
    ]
    /// Response headers a cross-origin script may read beyond the safelisted ones.
    static let exposedHeaders =
        "ETag, Location, Link, Retry-After, X-Request-ID, Idempotent-Replayed, WWW-Authenticate"
    /// How long a browser may keep a preflight's answer.
    static let maxAgeSeconds = 600

    let policy: Policy

    public init(policy: Policy) {
        self.policy = policy
    }

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        guard let origin = request.headers["Origin"] else { return try await next(request) }
        if request.method == "OPTIONS", let method = request.headers["Access-Control-Request-Method"] {
            return try await preflight(request, origin: origin, method: method, next: next)
        }
        var response = try await next(request)
        response.headers.add("Vary", "Origin")
        if policy.allows(origin) {
            response.headers.set("Access-Control-Allow-Origin", allowOriginValue(origin))
            response.headers.set("Access-Control-Expose-Headers", Self.exposedHeaders)
        }
        return response
    }

    private func preflight(
        _ request: HTTPRequest, origin: String, method: String, next: HTTPResponder
    ) async throws -> HTTPResponse {
        var response = try await next(request)
        response.headers.add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
        let allowedMethods = (response.headers["Allow"] ?? "").split(separator: ",").map { $0.trimmingASCIISpaces() }
        let requestedHeaders = (request.headers["Access-Control-Request-Headers"] ?? "").split(separator: ",")
            .map { $0.trimmingASCIISpaces().lowercased() }.filter { !$0.isEmpty }
        // Anything not admitted gets the plain OPTIONS answer without CORS headers, which the browser reads as no.
        guard policy.allows(origin), response.status == 204, allowedMethods.contains(Substring(method)),
            requestedHeaders.allSatisfy(Self.allowedHeaders.contains)
        else { return response }
        response.headers.set("Access-Control-Allow-Origin", allowOriginValue(origin))
        response.headers.set("Access-Control-Allow-Methods", allowedMethods.joined(separator: ", "))
        if !requestedHeaders.isEmpty {
            response.headers.set("Access-Control-Allow-Headers", requestedHeaders.joined(separator: ", "))
        }
        response.headers.set("Access-Control-Max-Age", String(Self.maxAgeSeconds))
        return response
    }

    private func allowOriginValue(_ origin: String) -> String {
        policy.allowsAnyOrigin ? "*" : origin
    }
}
