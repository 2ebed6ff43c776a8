import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

/// What an operator relies on, shown on real processes and a real PostgreSQL: riding out a database outage,
/// SIGTERM during a request, and two server processes behaving as one.
@Suite(.serialized) struct OperationsTests {
    static let secret = String(repeating: "0123456789abcdef", count: 4)

    /// A fresh, migrated database on the shared test cluster.
    func freshDatabase() async throws -> String { try await TestServer.freshDatabase() }

    @Test func stoppingPostgreSQLUnderARunningServerIs503UntilItReturns() async throws {
        // A cluster of this test's own (.data/postgres-outage), since it is stopped under the server.
        let cluster = ["PG_CLUSTER": "outage"]
        _ = try await runScript(["bash", "scripts/postgres.sh", "start"], environment: cluster)
        _ = try await runScript(["bash", "scripts/postgres.sh", "dropdb", "taskapi_outage"], environment: cluster)
        let url = try await runScript(
            ["bash", "scripts/postgres.sh", "ensure", "taskapi_outage"], environment: cluster)
        try await TestDatabase.withDatabase(url: url, size: 1) { database in
            let directory = TestServer.repositoryRoot.appendingPathComponent("migrations").path
            _ = try await Migrator(database: database, directory: directory).migrate()
        }
        let server = try await TestServer.start(databaseURL: url)
        let user = try await server.newUser()
        let id = try #require(try await server.newTask(for: user)["id"]?.integer)

        _ = try await runScript(["bash", "scripts/postgres.sh", "stop"], environment: cluster)  // pg_ctl stop -m fast
        let down = try await server.request("GET", "/tasks/\(id)", token: user.token)
        #expect(down.status == 503)
        #expect(down.header("Retry-After") == "5")
        #expect(down.header("Content-Type") == "application/problem+json")
        let create = try await server.request("POST", "/tasks", json: #"{"title": "while down"}"#, token: user.token)
        #expect(create.status == 503)
        #expect(try await server.request("GET", "/health").status == 200)
        #expect(try await server.request("GET", "/ready").status == 503)

        _ = try await runScript(["bash", "scripts/postgres.sh", "start"], environment: cluster)
        // The server recovers by itself: the first request after the restart may still find a broken
        // connection, so it is asked a few times, without restarting anything.
        var last: TestResponse?
        for _ in 0..<50 where last?.status != 200 {
            last = try await server.request("GET", "/tasks/\(id)", token: user.token)
            if last?.status != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(last?.status == 200, "\(last?.text ?? "")")
        #expect(try await server.request("GET", "/ready").status == 200)
        // Nothing committed was lost, and nothing refused was half-written.
        let titles = try await server.request("GET", "/tasks", token: user.token).json?.objects?.compactMap {
            $0["title"]?.string
        }
        #expect(titles == ["A task"])
        try await server.stop()
        _ = try await runScript(["bash", "scripts/postgres.sh", "stop"], environment: cluster)
    }

    @Test func sigtermDuringASlowRequestFinishesItAndExitsZero() async throws {
        // bcrypt at cost 14 keeps the registration busy for a while after SIGTERM arrives.
        let server = try await ServerProcess(
            databaseURL: try await freshDatabase(), secret: Self.secret, environment: ["BCRYPT_COST": "14"])
        let connection = try await TestConnection(port: server.port)
        let body = #"{"email": "slow-\#(UUID().uuidString.lowercased())@example.com", "password": "long enough"}"#
        try await connection.sendRaw(
            Array(
                ("POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)").utf8))
        // Signal once the server has the request in hand (its debug line is not on at info; the hash takes
        // far longer than this).
        try await Task.sleep(for: .milliseconds(200))
        server.signal(SIGTERM)
        let response = try await connection.readResponse()
        #expect(response.status == 201)
        #expect(try await server.exitStatus() == 0)
        let lines = server.logLines
        #expect(lines.contains { $0.contains(#""message":"shutting down"#) })
        #expect(lines.contains { $0.contains(#""message":"stopped""#) })
    }

    @Test func twoServerProcessesOnOneDatabaseBehaveAsOne() async throws {
        let url = try await freshDatabase()
        let limits = ["LOGIN_RATE_LIMIT": "3"]
        let first = try await ServerProcess(databaseURL: url, secret: Self.secret, environment: limits)
        let second = try await ServerProcess(databaseURL: url, secret: Self.secret, environment: limits)
        #expect(first.port != second.port)

        let email = "both-\(UUID().uuidString.lowercased())@example.com"
        let register = try await first.request(
            "POST", "/auth/register", json: #"{"email": "\#(email)", "password": "long enough"}"#)
        #expect(register.status == 201)
        let login = try await second.request("POST", "/auth/login", form: "username=\(email)&password=long enough")
        let token = try #require(login.object["access_token"]?.string)

        // Created through one, read, updated (with If-Match) and deleted through the other.
        let created = try await first.request("POST", "/tasks", json: #"{"title": "shared"}"#, token: token)
        let id = try #require(created.object["id"]?.integer)
        let read = try await second.request("GET", "/tasks/\(id)", token: token)
        #expect(read.status == 200 && read.header("ETag") == #""1""#)
        let updated = try await second.request(
            "PATCH", "/tasks/\(id)", json: #"{"title": "renamed"}"#, token: token, headers: [("If-Match", #""1""#)])
        #expect(updated.status == 200)
        let stale = try await first.request(
            "PATCH", "/tasks/\(id)", json: #"{"title": "lost"}"#, token: token, headers: [("If-Match", #""1""#)])
        #expect(stale.status == 412)
        #expect(try await first.request("DELETE", "/tasks/\(id)", token: token).status == 204)
        #expect(try await second.request("GET", "/tasks/\(id)", token: token).status == 404)

        // A login limit tripped through one holds on the other.
        for _ in 0..<3 {
            let failed = try await first.request("POST", "/auth/login", form: "username=\(email)&password=wrong one")
            #expect(failed.status == 401)
        }
        let limited = try await second.request("POST", "/auth/login", form: "username=\(email)&password=long enough")
        #expect(limited.status == 429)
        try await first.stop()
        try await second.stop()
        #expect(try await first.exitStatus() == 0)
        #expect(try await second.exitStatus() == 0)
    }
}
