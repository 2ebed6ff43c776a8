import APIRuntime
import Foundation
import Testing

/// Login and registration limits kept in PostgreSQL, over real HTTP. The servers here trust 127.0.0.1 as a proxy,
/// so each test names its own client address in `X-Forwarded-For` and no test uses up another's buckets.
@Suite struct RateLimitTests {
    static let limited = Task {
        try await TestServer.start(environment: [
            "LOGIN_RATE_LIMIT": "10", "REGISTER_RATE_LIMIT": "20", "TRUSTED_PROXIES": "127.0.0.1, ::1",
        ])
    }

    func server() async throws -> TestServer { try await Self.limited.value }

    /// A client address no other test uses.
    static func newAddress() -> String {
        let bytes = UUID().uuid
        return "10.\(bytes.0).\(bytes.1).\(bytes.2)"
    }

    func login(
        _ server: TestServer, _ email: String, _ password: String, from address: String
    ) async throws -> TestResponse {
        try await server.request(
            "POST", "/auth/login", form: "username=\(email)&password=\(password)",
            headers: [("X-Forwarded-For", address)])
    }

    @Test func theEleventhAttemptForAnEmailIs429EvenWithTheRightPassword() async throws {
        let server = try await server()
        let user = try await server.newUser()
        for attempt in 1...10 {
            // Each failure from another address: the email's own count is what trips.
            let response = try await login(server, user.email, "wrong-password", from: Self.newAddress())
            #expect(response.status == 401, "attempt \(attempt)")
        }
        let locked = try await login(server, user.email.uppercased(), user.password, from: Self.newAddress())
        #expect(locked.status == 429)
        #expect(locked.header("Content-Type") == "application/problem+json")
        let retryAfter = try #require(locked.header("Retry-After").flatMap(Int.init))
        #expect((1...900).contains(retryAfter))
    }

    @Test func aSuccessfulLoginClearsTheEmailsCount() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let first = Self.newAddress()
        for _ in 1...9 { #expect(try await login(server, user.email, "wrong-password", from: first).status == 401) }
        #expect(try await login(server, user.email, user.password, from: first).status == 200)
        // From a fresh address, ten more failures are allowed before the eleventh attempt is refused.
        let second = Self.newAddress()
        for _ in 1...10 { #expect(try await login(server, user.email, "wrong-password", from: second).status == 401) }
        #expect(try await login(server, user.email, user.password, from: second).status == 429)
    }

    @Test func failuresFromOneAddressTripItsLimitAcrossEmails() async throws {
        let server = try await server()
        let address = Self.newAddress()
        for index in 1...10 {
            let response = try await login(
                server, "nobody-\(index)-\(UUID())@example.com", "wrong-password", from: address)
            #expect(response.status == 401)
        }
        let user = try await server.newUser()
        #expect(try await login(server, user.email, user.password, from: address).status == 429)
        // Another address is not affected.
        #expect(try await login(server, user.email, user.password, from: Self.newAddress()).status == 200)
    }

    @Test func concurrentGuessesGetNoMoreThanTheLimitOfPasswordChecks() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let address = Self.newAddress()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<30 {
                group.addTask { try await login(server, user.email, "wrong-password", from: address).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 401 }.count == 10)
        #expect(statuses.filter { $0 == 429 }.count == 20)
    }

    @Test func aSecondServerOnAnotherPortSeesTheSameCounts() async throws {
        let server = try await server()
        let other = try await TestServer.start(
            databaseURL: server.databaseURL,
            environment: ["LOGIN_RATE_LIMIT": "10", "TRUSTED_PROXIES": "127.0.0.1"])
        let user = try await server.newUser()
        let address = Self.newAddress()
        for index in 1...10 {
            let target = index.isMultiple(of: 2) ? server : other
            #expect(try await login(target, user.email, "wrong-password", from: address).status == 401)
        }
        #expect(other.port != server.port)
        #expect(try await login(other, user.email, user.password, from: address).status == 429)
        #expect(try await login(server, user.email, user.password, from: address).status == 429)
        try await other.stop()
    }

    @Test func registrationsPerAddressAreLimited() async throws {
        let server = try await server()
        let address = Self.newAddress()
        func register() async throws -> TestResponse {
            try await server.request(
                "POST", "/auth/register", json: #"{"email": "r-\#(UUID())@example.com", "password": "long enough"}"#,
                headers: [("X-Forwarded-For", address)])
        }
        for _ in 1...20 { #expect(try await register().status == 201) }
        let refused = try await register()
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After").flatMap(Int.init).map { (1...3600).contains($0) } == true)
    }

    @Test func anUntrustedPeersForwardedForIsIgnored() async throws {
        // This server trusts no proxy: every attempt counts against 127.0.0.1, whatever the header says.
        let server = try await TestServer.start(environment: ["LOGIN_RATE_LIMIT": "3"])
        for _ in 1...3 {
            let response = try await login(server, "x-\(UUID())@example.com", "wrong-password", from: Self.newAddress())
            #expect(response.status == 401)
        }
        let response = try await login(server, "y-\(UUID())@example.com", "wrong-password", from: Self.newAddress())
        #expect(response.status == 429)
        try await server.stop()
    }
}
