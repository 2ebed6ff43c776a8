import APIRuntime
import Foundation
import Testing

/// `ETag`, `If-None-Match` and `If-Match` on tasks (RFC 9110 §13), over real HTTP against real PostgreSQL.
@Suite struct ConditionalRequestTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    func version(_ response: TestResponse) -> Int64? { response.object["version"]?.integer }

    @Test func everyTaskResponseCarriesItsVersionAsAStrongTag() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let created = try await server.request("POST", "/tasks", json: #"{"title": "t"}"#, token: user.token)
        #expect(created.status == 201)
        #expect(created.header("ETag") == #""1""#)
        let id = try #require(created.object["id"]?.integer)
        #expect(try await server.request("GET", "/tasks/\(id)", token: user.token).header("ETag") == #""1""#)
        let patched = try await server.request("PATCH", "/tasks/\(id)", json: #"{"title": "u"}"#, token: user.token)
        #expect(patched.header("ETag") == #""2""#)
    }

    @Test func ifNoneMatchNamingTheCurrentTagIs304WithoutABody() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let id = try #require(try await server.newTask(for: user)["id"]?.integer)
        let cases: [(String, Int)] = [
            (#""1""#, 304), (#"W/"1""#, 304), ("*", 304), (#""7", "1""#, 304), (#""2""#, 200), ("1", 200),
            (#""1"#, 200),
        ]
        for (header, status) in cases {
            let response = try await server.request(
                "GET", "/tasks/\(id)", token: user.token, headers: [("If-None-Match", header)])
            #expect(response.status == status, "If-None-Match: \(header)")
            #expect(response.header("ETag") == #""1""#, "If-None-Match: \(header)")
            if status == 304 {
                #expect(response.body.isEmpty && response.header("Content-Length") == nil, "If-None-Match: \(header)")
            }
        }
        // Two header fields are one list.
        let split = try await server.request(
            "GET", "/tasks/\(id)", token: user.token, headers: [("If-None-Match", #""5""#), ("If-None-Match", #""1""#)])
        #expect(split.status == 304)
    }

    @Test func patchWithAStaleIfMatchIs412AndChangesNothing() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let id = try #require(try await server.newTask(for: user, #"{"title": "original"}"#)["id"]?.integer)
        func patch(_ ifMatch: String, _ title: String) async throws -> TestResponse {
            try await server.request(
                "PATCH", "/tasks/\(id)", json: #"{"title": "\#(title)"}"#, token: user.token,
                headers: [("If-Match", ifMatch)])
        }
        for stale in [#""2""#, #"W/"1""#, "1", #""x""#, #""3", "4""#] {
            let response = try await patch(stale, "never")
            #expect(response.status == 412, "If-Match: \(stale)")
            #expect(response.header("Content-Type") == "application/problem+json")
        }
        let unchanged = try await server.request("GET", "/tasks/\(id)", token: user.token)
        #expect(unchanged.object["title"]?.string == "original" && version(unchanged) == 1)

        let first = try await patch(#""9", "1""#, "second")
        #expect(first.status == 200 && version(first) == 2)
        let any = try await patch("*", "third")
        #expect(any.status == 200 && version(any) == 3)
        // Unchanged by the patch, and the precondition holds: 200 as it is.
        let same = try await patch(#""3""#, "third")
        #expect(same.status == 200 && version(same) == 3)
    }

    @Test func deleteWithAStaleIfMatchIs412AndTheTaskStays() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let id = try #require(try await server.newTask(for: user)["id"]?.integer)
        let stale = try await server.request(
            "DELETE", "/tasks/\(id)", token: user.token, headers: [("If-Match", #""2""#)])
        #expect(stale.status == 412)
        #expect(try await server.request("GET", "/tasks/\(id)", token: user.token).status == 200)
        let current = try await server.request(
            "DELETE", "/tasks/\(id)", token: user.token, headers: [("If-Match", #""1""#)])
        #expect(current.status == 204)
        let gone = try await server.request(
            "DELETE", "/tasks/\(id)", token: user.token, headers: [("If-Match", "*")])
        #expect(gone.status == 404, "a missing task is 404 whatever the precondition")
    }

    @Test func ownershipAndExistenceComeBeforeThePrecondition() async throws {
        let server = try await server()
        let owner = try await server.newUser()
        let other = try await server.newUser()
        let id = try #require(try await server.newTask(for: owner)["id"]?.integer)
        for method in ["PATCH", "DELETE"] {
            let body = method == "PATCH" ? #"{"title": "x"}"# : nil
            let foreign = try await server.request(
                method, "/tasks/\(id)", json: body, token: other.token, headers: [("If-Match", #""9""#)])
            #expect(foreign.status == 403, "\(method) someone else's task")
            let missing = try await server.request(
                method, "/tasks/9000000000000", json: body, token: owner.token, headers: [("If-Match", #""1""#)])
            #expect(missing.status == 404, "\(method) a missing task")
        }
        let notMine = try await server.request(
            "GET", "/tasks/\(id)", token: other.token, headers: [("If-None-Match", "*")])
        #expect(notMine.status == 403)
    }

    /// Ten writers that all read version 1: the row lock and the version check in one statement let exactly one
    /// of them write; the others see the new version and get 412.
    @Test func ofConcurrentPatchesWithTheSameIfMatchExactlyOneWins() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let id = try #require(try await server.newTask(for: user)["id"]?.integer)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<10 {
                group.addTask {
                    try await server.request(
                        "PATCH", "/tasks/\(id)", json: #"{"description": "writer \#(writer)"}"#, token: user.token,
                        headers: [("If-Match", #""1""#)]
                    ).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 412 }.count == 9, "\(statuses)")
        #expect(version(try await server.request("GET", "/tasks/\(id)", token: user.token)) == 2)
    }
}
