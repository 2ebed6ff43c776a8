import APIRuntime
import Foundation
import Handlers
import PostgresLibPQ
import Testing

/// `Idempotency-Key` on `POST /tasks` (draft-ietf-httpapi-idempotency-key-header), over real HTTP against real
/// PostgreSQL.
@Suite struct IdempotencyKeyTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    func create(
        _ server: TestServer, _ user: TestServer.User, key: String, _ json: String = #"{"title": "Pay rent"}"#
    ) async throws -> TestResponse {
        try await server.request("POST", "/tasks", json: json, token: user.token, headers: [("Idempotency-Key", key)])
    }

    func taskCount(_ server: TestServer, _ user: TestServer.User) async throws -> Int64 {
        let rows = try await server.sql("SELECT count(*) AS n FROM tasks WHERE user_id = \(user.id)")
        return try rows[0].decode("n")
    }

    @Test func aRetryWithTheSameKeyAndBodyReplaysTheFirstResponseAndCreatesNothing() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let first = try await create(server, user, key: "k-1")
        #expect(first.status == 201)
        #expect(first.header("Idempotent-Replayed") == nil)
        let id = try #require(first.object["id"]?.integer)

        // The task changes afterwards; the replay is still the first response.
        let patched = try await server.request("PATCH", "/tasks/\(id)", json: #"{"title": "x"}"#, token: user.token)
        #expect(patched.status == 200)
        // Spacing, member order and a spelled-out default do not make it another request.
        let replay = try await create(server, user, key: "k-1", #"{ "priority": "medium",  "title": "Pay rent" }"#)
        #expect(replay.status == 201)
        #expect(replay.header("Idempotent-Replayed") == "true")
        #expect(replay.body == first.body)
        #expect(replay.header("Location") == first.header("Location"))
        #expect(replay.header("ETag") == first.header("ETag"))
        #expect(try await taskCount(server, user) == 1)
    }

    @Test func theSameKeyWithAnotherBodyIs422AndCreatesNothing() async throws {
        let server = try await server()
        let user = try await server.newUser()
        #expect(try await create(server, user, key: "k-2").status == 201)
        let other = try await create(server, user, key: "k-2", #"{"title": "Pay rent", "priority": "high"}"#)
        #expect(other.status == 422)
        #expect(other.errorLocations == ["header.idempotency-key"])
        #expect(try await taskCount(server, user) == 1)
    }

    @Test func keysArePerUser() async throws {
        let server = try await server()
        let alice = try await server.newUser()
        let bob = try await server.newUser()
        let first = try await create(server, alice, key: "shared")
        let second = try await create(server, bob, key: "shared")
        #expect(first.status == 201 && second.status == 201)
        #expect(second.header("Idempotent-Replayed") == nil)
        #expect(first.object["id"] != second.object["id"])
    }

    @Test func theQuotedStructuredFieldFormIsTheSameKey() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let bare = try await create(server, user, key: #"a"b\c"#)
        let quoted = try await create(server, user, key: #""a\"b\\c""#)
        #expect(bare.status == 201)
        #expect(quoted.header("Idempotent-Replayed") == "true")
        #expect(quoted.body == bare.body)
    }

    @Test(arguments: [
        String(repeating: "k", count: 256), "\"" + String(repeating: "k", count: 256) + "\"", #""""#, #""open"#,
        #""bad\escape""#, #""two" "parts""#,
    ])
    func aKeyThatIsNotOneIs422(_ key: String) async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await create(server, user, key: key)
        #expect(response.status == 422, "\(key)")
        #expect(response.errorLocations == ["header.idempotency-key"])
        #expect(try await taskCount(server, user) == 0)
    }

    @Test func theLongestKeysAreAccepted() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let key = String(repeating: "k", count: 255)
        #expect(try await create(server, user, key: key).status == 201)
        #expect(try await create(server, user, key: "\"\(key)\"").header("Idempotent-Replayed") == "true")
    }

    @Test func twentyConcurrentRequestsWithOneKeyCreateOneTask() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for _ in 0..<20 { group.addTask { try await create(server, user, key: "race") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try await taskCount(server, user) == 1)
        let created = responses.filter { $0.status == 201 }
        #expect(created.filter { $0.header("Idempotent-Replayed") == nil }.count == 1)
        #expect(Set(created.map(\.body)).count == 1, "every 201 is the first response")
        for response in responses where response.status != 201 {
            #expect(response.status == 409 && response.header("Retry-After") != nil, "\(response.status)")
        }
    }

    @Test func aKeyOlderThan24HoursStartsAfresh() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let first = try await create(server, user, key: "old")
        _ = try await server.sql(
            "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = \(user.id)")
        let second = try await create(server, user, key: "old", #"{"title": "Another body is fine now"}"#)
        #expect(second.status == 201)
        #expect(second.header("Idempotent-Replayed") == nil)
        #expect(second.object["id"] != first.object["id"])
        #expect(try await taskCount(server, user) == 2)
    }

    @Test func deletingTheUserDeletesTheirKeys() async throws {
        let server = try await server()
        let user = try await server.newUser()
        #expect(try await create(server, user, key: "gone").status == 201)
        #expect(try await server.request("DELETE", "/users/me", token: user.token).status == 204)
        let rows = try await server.sql("SELECT count(*) AS n FROM idempotency_keys WHERE user_id = \(user.id)")
        #expect(try rows[0].decode("n", as: Int64.self) == 0)
    }

    @Test func theSweepDeletesExpiredKeysCountersAndRefreshTokensOnly() async throws {
        let server = try await server()
        let user = try await server.newUser()
        #expect(try await create(server, user, key: "stays").status == 201)
        #expect(try await create(server, user, key: "expires").status == 201)
        _ = try await server.sql(
            """
            UPDATE idempotency_keys SET created_at = now() - interval '25 hours'
            WHERE user_id = \(user.id) AND key = 'expires'
            """)
        // The login in newUser issued one refresh token; a second one is made to have expired.
        let login = try await server.request(
            "POST", "/auth/login", form: "username=\(user.email)&password=\(user.password)")
        let expiring = try #require(login.object["refresh_token"]?.string)
        _ = try await server.sql(
            """
            UPDATE refresh_tokens SET expires_at = now() - interval '1 second'
            WHERE token_hash = encode(sha256(convert_to(\(expiring), 'UTF8')), 'hex')
            """)
        let ended = "sweep-test:ended:\(user.id)"
        let running = "sweep-test:running:\(user.id)"
        _ = try await server.sql(
            """
            INSERT INTO rate_limit_counters (bucket, window_ends, hits)
            VALUES (\(ended), now() - interval '1 second', 3), (\(running), now() + interval '1 hour', 3)
            """)
        try await TestDatabase.withDatabase(url: server.databaseURL, size: 1) { database in
            // A batch of one proves the sweep goes on past a full batch.
            _ = try await ExpiredStateSweeper(database: database, batchSize: 1).sweep()
        }
        let keys = try await server.sql("SELECT key FROM idempotency_keys WHERE user_id = \(user.id)")
        #expect(try keys.map { try $0.decode("key", as: String.self) } == ["stays"])
        let tokens = try await server.sql("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = \(user.id)")
        #expect(try tokens[0].decode("n", as: Int64.self) == 1)
        let counters = try await server.sql(
            "SELECT bucket FROM rate_limit_counters WHERE bucket IN (\(ended), \(running))")
        #expect(try counters.map { try $0.decode("bucket", as: String.self) } == [running])
        let refused = try await server.request("POST", "/auth/refresh", json: #"{"refresh_token": "\#(expiring)"}"#)
        #expect(refused.status == 401)
    }
}
