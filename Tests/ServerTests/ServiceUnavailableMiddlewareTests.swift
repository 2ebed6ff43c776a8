import APIRuntime
import APIServerNIO
import Logging
import PasswordsLibxcrypt
import PostgresLibPQ
import Testing

@testable import TaskAPIApp

@Suite struct ServiceUnavailableMiddlewareTests {
    /// The steps around it in `Application.middleware`, without the ones that need a database.
    static let chain = MiddlewareChain([
        RequestIDMiddleware(), UnhandledErrorMiddleware(logger: Logger(label: "test")),
        ServiceUnavailableMiddleware(logger: Logger(label: "test")),
    ])

    @Test(arguments: [
        PostgresError.connectionFailed(message: "could not connect"),
        PostgresError.connectionLost(message: "server closed the connection"),
        PostgresError.poolTimeout,
    ])
    func anUnreachableOrSaturatedDatabaseIs503WithRetryAfter(_ error: PostgresError) async throws {
        let response = try await Self.chain.wrapping { _ in throw error }(HTTPRequest(method: "GET", path: "/tasks"))
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "5")
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.headers["X-Request-ID"] != nil)
    }

    @Test func otherDatabaseErrorsAre500() async throws {
        let error = PostgresError.queryFailed(sqlState: "42P01", constraint: nil, message: "no such table")
        let response = try await Self.chain.wrapping { _ in throw error }(HTTPRequest(method: "GET", path: "/tasks"))
        #expect(response.status == 500)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("table"))
    }

    @Test func aFullPasswordQueueIs503WithAShortRetryAfter() async throws {
        let response = try await Self.chain.wrapping { _ in throw PasswordServiceError.overloaded }(
            HTTPRequest(method: "POST", path: "/auth/login"))
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "1")
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }
}
