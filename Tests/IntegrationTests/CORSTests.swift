import APIRuntime
import Foundation
import Testing

/// CORS over real HTTP: off unless `CORS_ORIGINS` lists origins; then preflights and responses carry its headers.
@Suite struct CORSTests {
    static let origin = "https://app.example.com"
    static let withCORS = Task { try await TestServer.start(environment: ["CORS_ORIGINS": origin]) }

    @Test func withoutConfiguredOriginsNoResponseAdmitsACrossOriginCaller() async throws {
        let server = try await TestServer.shared.value
        let preflight = try await server.request(
            "OPTIONS", "/tasks",
            headers: [("Origin", Self.origin), ("Access-Control-Request-Method", "POST")])
        #expect(preflight.status == 204)
        #expect(preflight.header("Allow") == "POST, GET, HEAD, OPTIONS")
        #expect(preflight.header("Access-Control-Allow-Origin") == nil)
        let response = try await server.request("GET", "/health", headers: [("Origin", Self.origin)])
        #expect(response.header("Access-Control-Allow-Origin") == nil)
    }

    @Test func aPreflightForAListedOriginIsAdmitted() async throws {
        let server = try await Self.withCORS.value
        let preflight = try await server.request(
            "OPTIONS", "/tasks",
            headers: [
                ("Origin", Self.origin), ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "authorization, content-type, idempotency-key"),
            ])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == Self.origin)
        #expect(preflight.header("Access-Control-Allow-Methods") == "POST, GET, HEAD, OPTIONS")
        #expect(preflight.header("Access-Control-Allow-Headers") == "authorization, content-type, idempotency-key")
        let refused = try await server.request(
            "OPTIONS", "/tasks",
            headers: [("Origin", "https://evil.example.com"), ("Access-Control-Request-Method", "POST")])
        #expect(refused.header("Access-Control-Allow-Origin") == nil)
    }

    @Test func responsesAndErrorsToAListedOriginCarryItsHeaders() async throws {
        let server = try await Self.withCORS.value
        let user = try await server.newUser()
        let created = try await server.request(
            "POST", "/tasks", json: #"{"title": "cors"}"#, token: user.token, headers: [("Origin", Self.origin)])
        #expect(created.status == 201)
        #expect(created.header("Access-Control-Allow-Origin") == Self.origin)
        #expect(created.header("Access-Control-Expose-Headers")?.contains("Location") == true)
        let unauthorized = try await server.request("GET", "/tasks", headers: [("Origin", Self.origin)])
        #expect(unauthorized.status == 401)
        #expect(unauthorized.header("Access-Control-Allow-Origin") == Self.origin)
    }
}
