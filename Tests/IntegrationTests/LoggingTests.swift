import APIRuntime
import Foundation
import PostgresLibPQ
import Synchronization
import Testing

/// The production log format: one JSON object per line, one access-log line per request with its fields, and no
/// secret anywhere — checked over a run of every operation.
@Suite struct LoggingTests {
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func everyOperationLogsOneParsableLineAndNoSecret() async throws {
        let lines = Lines()
        let server = try await TestServer.start(jsonLog: { lines.append($0) })
        let email = "log-\(UUID().uuidString.lowercased())@example.com"
        let password = "pw-\(UUID().uuidString)"
        var secrets = [password]
        var statuses: [Int] = []
        func call(
            _ method: String, _ path: String, json: String? = nil, form: String? = nil, token: String? = nil,
            headers: [(String, String)] = []
        ) async throws -> TestResponse {
            let response = try await server.request(
                method, path, json: json, form: form, token: token, headers: headers)
            statuses.append(response.status)
            return response
        }
        let registered = try await call(
            "POST", "/auth/register", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        let userID = try #require(registered.object["id"]?.integer)
        let login = try await call("POST", "/auth/login", form: "username=\(email)&password=\(password)")
        let token = try #require(login.object["access_token"]?.string)
        let refresh = try #require(login.object["refresh_token"]?.string)
        secrets += [token, refresh]
        _ = try await call("POST", "/auth/login", form: "username=\(email)&password=wrong-\(password)")
        let refreshed = try await call("POST", "/auth/refresh", json: #"{"refresh_token": "\#(refresh)"}"#)
        let access = try #require(refreshed.object["access_token"]?.string)
        let nextRefresh = try #require(refreshed.object["refresh_token"]?.string)
        secrets += [access, nextRefresh]
        _ = try await call("GET", "/users/me", token: access, headers: [("Cookie", "session=cookie-secret-\(userID)")])
        secrets.append("cookie-secret-\(userID)")
        let created = try await call(
            "POST", "/tasks", json: #"{"title": "logged"}"#, token: access,
            headers: [("Idempotency-Key", "k-\(userID)")])
        let taskID = try #require(created.object["id"]?.integer)
        _ = try await call("GET", "/tasks?limit=1&q=logged", token: access)
        _ = try await call("GET", "/tasks/\(taskID)", token: access)
        _ = try await call("PATCH", "/tasks/\(taskID)", json: #"{"title": "still logged"}"#, token: access)
        _ = try await call("DELETE", "/tasks/\(taskID)", token: access)
        for path in [
            "/health", "/ready", "/metrics", "/docs", "/openapi.json", "/openapi.yaml", "/docs/swagger-ui.css",
            "/docs/swagger-ui-bundle.js",
        ] {
            _ = try await call("GET", path)
        }
        _ = try await call("POST", "/auth/logout", json: #"{"refresh_token": "\#(nextRefresh)"}"#)
        _ = try await call("DELETE", "/users/me", token: access)
        let rows = try await server.sql("SELECT count(*) AS n FROM users WHERE id = \(userID)")
        #expect(try rows[0].decode("n", as: Int64.self) == 0)
        try await server.stop()

        let all = lines.all
        #expect(!all.isEmpty)
        var requestLines: [[String: JSONValue]] = []
        for line in all {
            #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n"), "one line per event")
            let object = try #require(try? JSONParser.parse(Array(line.utf8)).members, "not JSON: \(line)")
            for field in ["time", "level", "logger", "message"] { #expect(object[field]?.string != nil, "\(field)") }
            if object["message"]?.string == "request" { requestLines.append(object) }
            for secret in secrets { #expect(!line.contains(secret), "a secret in: \(line)") }
            #expect(!line.contains("$2b$"), "a bcrypt hash in: \(line)")
            #expect(!line.lowercased().contains("bearer "), "an Authorization value in: \(line)")
        }
        // One access-log line per request, in order, with every field.
        #expect(requestLines.count == statuses.count)
        #expect(requestLines.compactMap { $0["status"]?.string.flatMap(Int.init) } == statuses)
        for line in requestLines {
            for field in ["request_id", "method", "route", "status", "duration_ms", "bytes"] {
                #expect(line[field]?.string != nil, "\(field) in \(line)")
            }
            #expect(line["route"]?.string?.contains(String(taskID)) == false, "a template, not the path")
        }
        let authenticated = requestLines.filter { $0["route"]?.string == "/tasks/{id}" }
        #expect(authenticated.count == 3 && authenticated.allSatisfy { $0["user_id"]?.string == String(userID) })
        #expect(requestLines.first { $0["route"]?.string == "/health" }?["user_id"] == nil)
        #expect(all.contains { $0.contains(#""message":"listening""#) })
        #expect(all.contains { $0.contains(#""message":"stopped""#) })
    }
}
