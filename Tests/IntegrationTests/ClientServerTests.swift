import APIClientAsyncHTTPClient
import APIClientURLSession
import APIRuntime
import Foundation
import Generated
import Testing

/// The generated client against the real server and database, over real HTTP through both transports: every
/// operation of openapi.yaml, its error responses decoded into their typed cases.
@Suite struct ClientServerTests {
    enum Transport: String, CaseIterable, CustomTestStringConvertible {
        case urlSession, asyncHTTPClient

        var testDescription: String { rawValue }

        var transport: any ClientTransport {
            switch self {
            case .urlSession: URLSessionTransport()
            case .asyncHTTPClient: AsyncHTTPClientTransport()
            }
        }
    }

    func client(_ transport: Transport) async throws -> APIClient {
        let server = try await TestServer.shared.value
        return APIClient(serverURL: "http://127.0.0.1:\(server.port)", transport: transport.transport)
    }

    /// A new account through the client, logged in: its credentials hold the access token.
    func registeredClient(_ transport: Transport) async throws -> (APIClient, email: String, password: String) {
        let client = try await client(transport)
        let email = "client-\(UUID().uuidString.lowercased())@example.com"
        let password = "pw-\(UUID().uuidString)"
        guard
            case .created(let user, let location) = try await client.register(
                .init(body: .init(email: email, password: password)))
        else { throw ClientTestFailure("register did not answer 201") }
        #expect(user.email == email && location == "/users/me")
        try await client.logIn(username: email, password: password)
        return (client, email, password)
    }

    @Test(arguments: Transport.allCases)
    func accountsTokensAndTheUserThroughTheClient(_ transport: Transport) async throws {
        let (client, email, password) = try await registeredClient(transport)
        guard case .ok(let me) = try await client.getCurrentUser() else { throw ClientTestFailure("GET /users/me") }
        #expect(me.email == email)

        // The same email again is a typed 400; a short password a typed 422 naming the field.
        guard
            case .badRequest(let taken) = try await client.register(
                .init(body: .init(email: email, password: password)))
        else { throw ClientTestFailure("a second registration was not 400") }
        #expect(taken.status == 400)
        guard
            case .unprocessableContent(let short) = try await client.register(
                .init(body: .init(email: "x-\(UUID().uuidString)@example.com", password: "short")))
        else { throw ClientTestFailure("a short password was not 422") }
        #expect(short.errors?.contains { $0.location == "body.password" } == true)

        // Login with the form the generated client writes; a wrong password is 401 with its challenge.
        guard
            case .ok(let token, let cacheControl) = try await client.login(
                .init(body: .init(username: email, password: password)))
        else { throw ClientTestFailure("login") }
        #expect(cacheControl == "no-store" && token.tokenType.lowercased() == "bearer")
        guard
            case .unauthorized(_, let challenge) = try await client.login(
                .init(body: .init(username: email, password: "wrong-password")))
        else { throw ClientTestFailure("a wrong password was not 401") }
        #expect(challenge.hasPrefix("Bearer"))

        // Refresh rotation: the new refresh token works once; the spent one is refused.
        guard
            case .ok(let rotated, _) = try await client.refreshToken(
                .init(body: .init(refreshToken: token.refreshToken)))
        else { throw ClientTestFailure("refresh") }
        #expect(rotated.refreshToken != token.refreshToken)
        guard case .unauthorized = try await client.refreshToken(.init(body: .init(refreshToken: token.refreshToken)))
        else { throw ClientTestFailure("a spent refresh token was not 401") }
        guard case .noContent = try await client.logout(.init(body: .init(refreshToken: rotated.refreshToken))) else {
            throw ClientTestFailure("logout")
        }

        // Deleting the account: its token then gets a typed 401 everywhere.
        guard case .noContent = try await client.deleteCurrentUser() else {
            throw ClientTestFailure("DELETE /users/me")
        }
        guard case .unauthorized(let gone, _) = try await client.getCurrentUser() else {
            throw ClientTestFailure("a deleted user's token was not 401")
        }
        #expect(gone.status == 401)
    }

    @Test(arguments: Transport.allCases)
    func tasksThroughTheClient(_ transport: Transport) async throws {
        let (client, _, _) = try await registeredClient(transport)
        guard
            case .created(let task, let location, _, _) = try await client.createTask(
                .init(body: .init(title: "  Write report  ", priority: .high, tags: ["q4"])))
        else { throw ClientTestFailure("create") }
        #expect(
            task.title == "Write report" && task.priority == Schemas.TaskPriority.high
                && task.status == Schemas.TaskStatus.todo)
        #expect(location == "/tasks/\(task.id)")

        guard case .ok(let fetched, let eTag) = try await client.getTask(.init(path: .init(id: task.id))) else {
            throw ClientTestFailure("get")
        }
        #expect(fetched == task)
        guard
            case .notModified = try await client.getTask(
                .init(path: .init(id: task.id), headers: .init(ifNoneMatch: [eTag])))
        else { throw ClientTestFailure("If-None-Match was not 304") }

        guard
            case .ok(let updated, _) = try await client.updateTask(
                .init(
                    path: .init(id: task.id), headers: .init(ifMatch: [eTag]),
                    body: .init(description: .value("notes"), status: .done)))
        else { throw ClientTestFailure("update") }
        #expect(
            updated.status == Schemas.TaskStatus.done && updated.description == "notes" && updated.completedAt != nil)
        guard
            case .preconditionFailed = try await client.updateTask(
                .init(path: .init(id: task.id), headers: .init(ifMatch: [eTag]), body: .init(title: "stale")))
        else { throw ClientTestFailure("a stale If-Match was not 412") }

        guard case .ok(let listed, _) = try await client.listTasks(.init(query: .init(status: [.done]))) else {
            throw ClientTestFailure("list")
        }
        #expect(listed.map(\.id) == [task.id])

        // Another user's task is a typed 403; a missing one 404; a title of 201 characters a 422 at body.title.
        let (other, _, _) = try await registeredClient(transport)
        guard case .forbidden = try await other.getTask(.init(path: .init(id: task.id))) else {
            throw ClientTestFailure("another user's task was not 403")
        }
        guard
            case .unprocessableContent(let long) = try await client.createTask(
                .init(body: .init(title: String(repeating: "x", count: 201))))
        else { throw ClientTestFailure("a long title was not 422") }
        #expect(long.errors?.first?.location == "body.title")

        guard case .noContent = try await client.deleteTask(.init(path: .init(id: task.id))) else {
            throw ClientTestFailure("delete")
        }
        guard case .notFound = try await client.getTask(.init(path: .init(id: task.id))) else {
            throw ClientTestFailure("a deleted task was not 404")
        }
    }

    @Test(arguments: Transport.allCases)
    func operationsDocumentsAndTheDocsPageThroughTheClient(_ transport: Transport) async throws {
        let client = try await client(transport)
        guard case .ok(let health) = try await client.health() else { throw ClientTestFailure("health") }
        #expect(health.status == "ok")
        guard case .ok = try await client.ready() else { throw ClientTestFailure("ready") }
        guard case .ok(let metrics) = try await client.metrics() else { throw ClientTestFailure("metrics") }
        #expect(metrics.contains("http_requests"))
        guard case .ok(let page, let policy) = try await client.docs() else { throw ClientTestFailure("docs") }
        #expect(page.contains("swagger-ui") && policy.contains("script-src"))
        guard case .ok(let script, _, _) = try await client.docsScript(),
            case .ok(let css, _, _) = try await client.docsStylesheet()
        else { throw ClientTestFailure("docs assets") }
        #expect(!script.isEmpty && !css.isEmpty)
        guard case .ok(let document) = try await client.openapiJSON(),
            case .ok(let yaml) = try await client.openapiYAML()
        else { throw ClientTestFailure("documents") }
        #expect(document["openapi"] == .string("3.1.0") && yaml.hasPrefix("openapi:"))
        // Without a token a secured operation is not even sent.
        await #expect(throws: ClientError.self) { try await client.getCurrentUser() }
    }
}

struct ClientTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
