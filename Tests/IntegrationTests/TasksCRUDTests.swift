import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

/// The seed's task cases and the contract's finer rules, over real HTTP against real PostgreSQL.
@Suite struct TasksCRUDTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    func id(_ task: [String: JSONValue]) -> Int64 { task["id"]?.integer ?? 0 }

    @Test func createReturns201WithLocationAndDefaults() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await server.request(
            "POST", "/tasks", json: #"{"title": "  Write report  ", "description": "Q4"}"#, token: user.token)
        #expect(response.status == 201)
        let task = response.object
        #expect(response.header("Location") == "/tasks/\(id(task))")
        #expect(task["title"]?.string == "Write report")
        #expect(task["description"]?.string == "Q4")
        #expect(task["status"]?.string == "todo")
        #expect(task["priority"]?.string == "medium")
        #expect(task["due_at"] == .null)
        #expect(task["completed_at"] == .null)
        #expect(task["version"]?.integer == 1)
        #expect(task["created_at"]?.string == task["updated_at"]?.string)
        #expect(task["user_id"] == nil)
    }

    @Test func absentDescriptionIsNullAndDueAtIsNormalisedToUTC() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user, #"{"title": "t", "due_at": "2026-12-01T18:00:00.5+01:00"}"#)
        #expect(task["description"] == .null)
        #expect(task["due_at"]?.string == "2026-12-01T17:00:00.5Z")
    }

    @Test func createdDoneTaskIsCompletedAtOnce() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user, #"{"title": "t", "status": "done"}"#)
        #expect(task["completed_at"]?.string == task["created_at"]?.string)
    }

    @Test func serverOwnedFieldsAreIgnored() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(
            for: user,
            #"{"title": "t", "id": 1, "user_id": 1, "version": 9, "created_at": "2000-01-01T00:00:00Z", "x": 1}"#
        )
        #expect(task["version"]?.integer == 1)
        #expect(task["created_at"]?.string != "2000-01-01T00:00:00Z")
    }

    @Test func listHoldsOnlyTheCallersTasksNewestFirst() async throws {
        let server = try await server()
        let ada = try await server.newUser()
        let bob = try await server.newUser()
        let first = try await server.newTask(for: ada, #"{"title": "first"}"#)
        let second = try await server.newTask(for: ada, #"{"title": "second"}"#)
        _ = try await server.newTask(for: bob, #"{"title": "bob's"}"#)
        let response = try await server.request("GET", "/tasks", token: ada.token)
        #expect(response.status == 200)
        let tasks = try #require(response.json?.objects)
        #expect(tasks.map(id) == [id(second), id(first)])
        let limited = try await server.request("GET", "/tasks?limit=1", token: ada.token)
        #expect((limited.json?.objects)?.map(id) == [id(second)])
    }

    @Test func getReturnsTheTask() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user)
        let response = try await server.request("GET", "/tasks/\(id(task))", token: user.token)
        #expect(response.status == 200)
        #expect(response.object["title"]?.string == "A task")
    }

    @Test func anotherUsersTaskIs403AndChangesNothing() async throws {
        let server = try await server()
        let owner = try await server.newUser()
        let intruder = try await server.newUser()
        let task = try await server.newTask(for: owner)
        for (method, body) in [("GET", nil), ("PATCH", #"{"title": "mine now"}"#), ("DELETE", nil)]
            as [(String, String?)]
        {
            let response = try await server.request(method, "/tasks/\(id(task))", json: body, token: intruder.token)
            #expect(response.status == 403, "\(method)")
            #expect(response.object["detail"]?.string == "Not enough permissions")
        }
        let unchanged = try await server.request("GET", "/tasks/\(id(task))", token: owner.token)
        #expect(unchanged.object["title"]?.string == "A task")
        #expect(unchanged.object["version"]?.integer == 1)
    }

    @Test func missingTaskIs404() async throws {
        let server = try await server()
        let user = try await server.newUser()
        for (method, body) in [("GET", nil), ("PATCH", #"{"title": "x"}"#), ("DELETE", nil)] as [(String, String?)] {
            let response = try await server.request(method, "/tasks/9223372036854775807", json: body, token: user.token)
            #expect(response.status == 404, "\(method)")
            #expect(response.object["detail"]?.string == "Task not found")
        }
    }

    @Test(arguments: ["0", "-1", "abc", "9223372036854775808"])
    func idThatIsNotAPositiveInt64Is422(_ id: String) async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await server.request("GET", "/tasks/\(id)", token: user.token)
        #expect(response.status == 422)
        #expect(response.errorLocations == ["path.id"])
    }

    @Test func deleteThenGetIs404() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user)
        let deleted = try await server.request("DELETE", "/tasks/\(id(task))", token: user.token)
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try await server.request("GET", "/tasks/\(id(task))", token: user.token).status == 404)
        #expect(try await server.request("DELETE", "/tasks/\(id(task))", token: user.token).status == 404)
    }

    // MARK: Merge patch

    @Test func patchChangesOnlyWhatIsSentAndBumpsTheVersion() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user, #"{"title": "t", "description": "keep", "priority": "low"}"#)
        let response = try await server.request(
            "PATCH", "/tasks/\(id(task))", json: #"{"priority": "high"}"#, token: user.token)
        #expect(response.status == 200)
        #expect(response.object["priority"]?.string == "high")
        #expect(response.object["description"]?.string == "keep")
        #expect(response.object["title"]?.string == "t")
        #expect(response.object["version"]?.integer == 2)
        #expect(response.object["updated_at"]?.string != task["updated_at"]?.string)
    }

    @Test func nullClearsANullableField() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(
            for: user, #"{"title": "t", "description": "d", "due_at": "2030-01-01T00:00:00Z"}"#)
        let patched = try await server.patch(
            task: id(task), #"{"description": null, "due_at": null}"#, token: user.token)
        #expect(patched.status == 200)
        #expect(patched.object["description"] == .null)
        #expect(patched.object["due_at"] == .null)
    }

    @Test func patchThatChangesNothingKeepsTheVersion() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user, #"{"title": "same", "priority": "high"}"#)
        for body in ["{}", #"{"title": "same", "priority": "high"}"#] {
            let response = try await server.patch(task: id(task), body, token: user.token)
            #expect(response.status == 200)
            #expect(response.object["version"]?.integer == 1)
            #expect(response.object["updated_at"]?.string == task["updated_at"]?.string)
        }
    }

    @Test func doneSetsCompletedAtAndLeavingDoneClearsIt() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user)
        let done = try await server.patch(task: id(task), #"{"status": "done"}"#, token: user.token)
        let completedAt = try #require(done.object["completed_at"]?.string)
        let stillDone = try await server.patch(
            task: id(task), #"{"status": "done", "title": "renamed"}"#, token: user.token)
        #expect(stillDone.object["completed_at"]?.string == completedAt)
        let reopened = try await server.patch(task: id(task), #"{"status": "in_progress"}"#, token: user.token)
        #expect(reopened.object["completed_at"] == .null)
        #expect(reopened.object["version"]?.integer == 4)
    }

    @Test func nullForARequiredFieldAndBadValuesAre422WithEveryLocation() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let task = try await server.newTask(for: user)
        let response = try await server.patch(
            task: id(task), #"{"title": null, "status": "later", "priority": 3, "due_at": "soon"}"#, token: user.token
        )
        #expect(response.status == 422)
        #expect(response.errorLocations == ["body.title", "body.status", "body.priority", "body.due_at"])
        let unchanged = try await server.request("GET", "/tasks/\(id(task))", token: user.token)
        #expect(unchanged.object["version"]?.integer == 1)
    }

    @Test func createValidatesEveryField() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let tooLong = String(repeating: "x", count: 10_001)
        let response = try await server.request(
            "POST", "/tasks", json: #"{"title": " ", "description": "\#(tooLong)", "priority": "urgent"}"#,
            token: user.token
        )
        #expect(response.status == 422)
        #expect(response.errorLocations == ["body.title", "body.description", "body.priority"])
    }

    // MARK: Ownership in the database

    @Test func deletingAUserInSQLCascadesToTheirTasks() async throws {
        let server = try await server()
        let user = try await server.newUser()
        _ = try await server.newTask(for: user)
        _ = try await server.newTask(for: user)
        #expect(try await server.sql("SELECT id FROM tasks WHERE user_id = \(user.id)").count == 2)
        _ = try await server.sql("DELETE FROM users WHERE id = \(user.id)")
        #expect(try await server.sql("SELECT id FROM tasks WHERE user_id = \(user.id)").isEmpty)
    }
}

extension TestServer {
    func patch(task id: Int64, _ json: String, token: String) async throws -> TestResponse {
        try await request(
            "PATCH", "/tasks/\(id)", token: token, headers: [("Content-Type", "application/merge-patch+json")],
            body: Array(json.utf8)
        )
    }

    func request(
        _ method: String, _ target: String, token: String? = nil, headers: [(String, String)], body: [UInt8]
    ) async throws -> TestResponse {
        var all = headers
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        let connection = try await TestConnection(port: port)
        return try await connection.request(method, target, headers: all, body: body)
    }
}
