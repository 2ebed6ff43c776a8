import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

/// Refresh tokens: issued at login, single use, rotated; a spent one presented again revokes its login's family;
/// logout revokes it. Over real HTTP against real PostgreSQL.
@Suite struct RefreshTokenTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    /// A fresh login's tokens for `user`: (access, refresh).
    func login(_ server: TestServer, _ user: TestServer.User) async throws -> (access: String, refresh: String) {
        let response = try await server.request(
            "POST", "/auth/login", form: "username=\(user.email)&password=\(user.password)")
        try #require(response.status == 200, "login: \(response.text)")
        return (
            try #require(response.object["access_token"]?.string),
            try #require(response.object["refresh_token"]?.string)
        )
    }

    func refresh(_ server: TestServer, _ token: String) async throws -> TestResponse {
        try await server.request("POST", "/auth/refresh", json: #"{"refresh_token": "\#(token)"}"#)
    }

    @Test func refreshAnswersNewTokensAndEachRefreshTokenWorksOnce() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let first = try await login(server, user)
        #expect(first.refresh.count == 43, "256 bits in unpadded base64url")

        let rotated = try await refresh(server, first.refresh)
        #expect(rotated.status == 200)
        #expect(rotated.header("Cache-Control") == "no-store")
        let access = try #require(rotated.object["access_token"]?.string)
        let next = try #require(rotated.object["refresh_token"]?.string)
        #expect(next != first.refresh)
        #expect(try await server.request("GET", "/users/me", token: access).status == 200)

        let again = try await refresh(server, next)
        #expect(again.status == 200, "the rotated token works once too")
        let stored = try await server.sql(
            "SELECT count(*) AS n FROM refresh_tokens WHERE token_hash = \(first.refresh) OR token_hash = \(next)")
        #expect(try stored.first?.decode("n", as: Int64.self) == 0, "only hashes are stored")
    }

    @Test func aSpentTokenPresentedAgainRevokesItsLoginButNotTheOthers() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let stolen = try await login(server, user)
        let otherDevice = try await login(server, user)

        let legit = try await refresh(server, stolen.refresh)
        let legitNext = try #require(legit.object["refresh_token"]?.string)
        let replay = try await refresh(server, stolen.refresh)
        #expect(replay.status == 401)
        #expect(replay.object["error"]?.string == "invalid_grant")
        #expect(try await refresh(server, legitNext).status == 401, "the whole family is revoked")
        #expect(try await refresh(server, otherDevice.refresh).status == 200, "another login is untouched")
    }

    @Test func logoutRevokesTheFamilyAndIs204ForAnyToken() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let session = try await login(server, user)
        let rotated = try #require(try await refresh(server, session.refresh).object["refresh_token"]?.string)
        for token in [rotated, rotated, "unknown-token", String(repeating: "x", count: 256)] {
            let response = try await server.request("POST", "/auth/logout", json: #"{"refresh_token": "\#(token)"}"#)
            #expect(response.status == 204, "logout with \(token.prefix(12))")
        }
        #expect(try await refresh(server, rotated).status == 401)
        let invalid = try await server.request("POST", "/auth/logout", json: #"{"refresh_token": ""}"#)
        #expect(invalid.status == 422)
    }

    @Test func expiredUnknownAndDeletedUsersTokensAre401() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let expiring = try await login(server, user)
        _ = try await server.sql(
            "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = \(user.id)")
        #expect(try await refresh(server, expiring.refresh).status == 401)
        #expect(try await refresh(server, "never-issued").status == 401)

        let live = try await login(server, user)
        #expect(try await server.request("DELETE", "/users/me", token: live.access).status == 204)
        #expect(try await refresh(server, live.refresh).status == 401, "the account's tokens went with it")
    }

    /// Two refreshes with one token at once: the row lock lets one rotate; the other finds it spent and revokes
    /// the family, so no second live token comes out of one.
    @Test func concurrentRefreshesWithOneTokenNeverYieldTwoLiveTokens() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let session = try await login(server, user)
        let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for _ in 0..<5 { group.addTask { try await refresh(server, session.refresh) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let issued = responses.compactMap { $0.status == 200 ? $0.object["refresh_token"]?.string : nil }
        #expect(issued.count <= 1, "\(responses.map(\.status))")
        for token in issued { #expect(try await refresh(server, token).status == 401, "revoked with its family") }
    }
}
