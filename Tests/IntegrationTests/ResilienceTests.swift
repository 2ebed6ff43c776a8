import APIRuntime
import Foundation
import InMemoryLogging
import Logging
import PostgresLibPQ
import Testing

/// Database failures and shutdown: each test runs a server of its own, so it can break things freely.
@Suite struct ResilienceTests {
    @Test func killedDatabaseConnectionsAreReplaced() async throws {
        let applicationName = TestDatabase.uniqueName("api_victim")
        let shared = try await TestServer.shared.value
        let url = TestDatabase.url(shared.databaseURL, adding: "application_name", applicationName)
        let server = try await TestServer.start(databaseURL: url)
        defer { Task { try await server.stop() } }
        let user = try await server.newUser()
        let task = try await server.newTask(for: user)
        let id = task["id"]?.integer ?? 0

        let killed = try await shared.sql(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) AS n FROM pg_stat_activity WHERE application_name = \(applicationName)"
        )
        #expect(try #require(killed.first).decode("n", as: Int64.self) >= 1)

        // Every request after the kill succeeds: dead connections are noticed and replaced.
        for _ in 0..<6 {
            #expect(try await server.request("GET", "/tasks/\(id)", token: user.token).status == 200)
        }
        #expect(
            try await server.request("PATCH", "/tasks/\(id)", json: #"{"title": "after"}"#, token: user.token).status
                == 200)
        #expect(try await server.newTask(for: user)["title"]?.string == "A task")
    }

    @Test func unreachableDatabaseIs503WithRetryAfterAndHealthStaysUp() async throws {
        let server = try await TestServer.start(
            databaseURL: "postgresql://postgres@/nowhere?host=/nonexistent&connect_timeout=1")
        defer { Task { try await server.stop() } }
        let register = try await server.request(
            "POST", "/auth/register", json: #"{"email": "a@example.com", "password": "long enough"}"#)
        #expect(register.status == 503)
        #expect(register.header("Retry-After") == "5")
        #expect(register.header("Content-Type") == "application/problem+json")
        #expect(try await server.request("GET", "/ready").status == 503)
        #expect(try await server.request("GET", "/health").status == 200)
    }

    @Test func shutdownFinishesTheRequestInFlight() async throws {
        let shared = try await TestServer.shared.value
        // A high bcrypt cost makes registration slow enough to still be running when shutdown starts.
        let server = try await TestServer.start(databaseURL: shared.databaseURL, environment: ["BCRYPT_COST": "12"])
        let connection = try await TestConnection(port: server.port)
        let email = "slow-\(UUID().uuidString)@example.com"
        let body = Array(#"{"email": "\#(email)", "password": "long enough"}"#.utf8)
        let requestID = UUID().uuidString
        async let response = connection.request(
            "POST", "/auth/register", headers: [("Content-Type", "application/json"), ("X-Request-ID", requestID)],
            body: body
        )
        // Shut down only once the server has the request (its debug log says so), while bcrypt is still hashing.
        while !server.logs.entries.contains(where: { $0.metadata["request_id"] == "\(requestID)" }) {
            try await Task.sleep(for: .milliseconds(2))
        }
        try await server.stop()
        let answered = try await response
        #expect(answered.status == 201)
        #expect(answered.header("Connection") == "close")
        await #expect(throws: (any Error).self) { _ = try await TestConnection(port: server.port) }
    }
}
