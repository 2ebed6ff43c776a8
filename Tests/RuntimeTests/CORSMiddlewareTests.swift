import APIRuntime
import APIServerNIO
import Testing

@Suite struct CORSMiddlewareTests {
    static let policy = CORSMiddleware.Policy(parsing: "https://app.example.com, http://localhost:3000")!

    /// A router stand-in: `OPTIONS` answered as the generated router does, anything else `200`.
    static func responder(_ request: HTTPRequest) async throws -> HTTPResponse {
        request.method == "OPTIONS"
            ? RoutingProblem.options(allowed: ["GET", "HEAD", "PATCH", "DELETE", "OPTIONS"])
            : HTTPResponse(status: 200, text: "{}", contentType: "application/json")
    }

    func send(_ request: HTTPRequest, policy: CORSMiddleware.Policy = Self.policy) async throws -> HTTPResponse {
        try await MiddlewareChain([CORSMiddleware(policy: policy)]).wrapping(Self.responder)(request)
    }

    @Test func policiesParse() {
        #expect(Self.policy.allows("https://app.example.com"))
        #expect(Self.policy.allows("HTTPS://APP.EXAMPLE.COM"))
        #expect(!Self.policy.allows("https://evil.example.com"))
        #expect(!Self.policy.allows("null"))
        #expect(CORSMiddleware.Policy(parsing: "*")?.allows("https://anything.test") == true)
        for bad in ["", "app.example.com", "https://app.example.com/path", "ftp://x", "https://", "https://a b"] {
            #expect(CORSMiddleware.Policy(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func aRequestFromAListedOriginMayBeRead() async throws {
        let response = try await send(
            HTTPRequest(method: "GET", path: "/tasks/1", headers: ["Origin": "https://app.example.com"]))
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(response.headers["Access-Control-Expose-Headers"]?.contains("ETag") == true)
        #expect(response.headers["Vary"] == "Origin")
        #expect(response.headers["Access-Control-Allow-Credentials"] == nil)
    }

    @Test func otherOriginsAndSameOriginRequestsGetNoCORSHeaders() async throws {
        let foreign = try await send(
            HTTPRequest(method: "GET", path: "/tasks/1", headers: ["Origin": "https://evil.example.com"]))
        #expect(foreign.headers["Access-Control-Allow-Origin"] == nil)
        #expect(foreign.headers["Vary"] == "Origin")
        let plain = try await send(HTTPRequest(method: "GET", path: "/tasks/1"))
        #expect(plain.headers["Access-Control-Allow-Origin"] == nil && plain.headers["Vary"] == nil)
    }

    @Test func aPreflightIsAdmittedForAnAllowedMethodAndHeaders() async throws {
        let response = try await send(
            HTTPRequest(
                method: "OPTIONS", path: "/tasks/1",
                headers: [
                    "Origin": "http://localhost:3000", "Access-Control-Request-Method": "PATCH",
                    "Access-Control-Request-Headers": "Authorization, Content-Type, If-Match",
                ]))
        #expect(response.status == 204)
        #expect(response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000")
        #expect(response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, PATCH, DELETE, OPTIONS")
        #expect(response.headers["Access-Control-Allow-Headers"] == "authorization, content-type, if-match")
        #expect(response.headers["Access-Control-Max-Age"] == "600")
    }

    @Test(arguments: [
        ("https://evil.example.com", "PATCH", "authorization"),
        ("https://app.example.com", "PUT", "authorization"),
        ("https://app.example.com", "PATCH", "x-custom"),
    ])
    func aPreflightOutsideThePolicyGetsNoCORSHeaders(_ origin: String, _ method: String, _ headers: String) async throws
    {
        let response = try await send(
            HTTPRequest(
                method: "OPTIONS", path: "/tasks/1",
                headers: [
                    "Origin": origin, "Access-Control-Request-Method": method,
                    "Access-Control-Request-Headers": headers,
                ]))
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        #expect(response.headers["Access-Control-Allow-Methods"] == nil)
    }

    @Test func anyOriginIsAnsweredWithAStar() async throws {
        let response = try await send(
            HTTPRequest(method: "GET", path: "/", headers: ["Origin": "https://x.test"]),
            policy: CORSMiddleware.Policy(parsing: "*")!)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
    }
}
