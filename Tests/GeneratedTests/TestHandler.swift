import APIRuntime
import Foundation
import Generated

/// A handler with canned answers that echo their input, so router tests can see exactly what was decoded.
struct TestHandler: APIHandler {
    typealias Principal = Int64

    static let epoch = Date(timeIntervalSince1970: 1_795_544_580)

    func authenticate(_ credential: Credential) async throws -> Int64 {
        guard credential.value == "good-token" else {
            throw Problem(
                status: 401, detail: "Invalid token", headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""]
            )
        }
        return 42
    }

    func register(_ input: Operations.Register.Input) async throws -> Operations.Register.Output {
        .created(Schemas.User(id: 1, email: input.body.email, createdAt: Self.epoch), location: "/users/me")
    }

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard input.body.username == "ada@example.com", input.body.password == "correct horse" else {
            return .unauthorized(
                Problem(status: 401, detail: "Incorrect email or password", error: "invalid_grant"),
                wwwAuthenticate: "Bearer")
        }
        return .ok(
            Schemas.Token(accessToken: "good-token", tokenType: "bearer", expiresIn: 1800, refreshToken: "refresh"),
            cacheControl: "no-store")
    }

    func refreshToken(_ input: Operations.RefreshToken.Input) async throws -> Operations.RefreshToken.Output {
        .unauthorized(Problem(status: 401, detail: "refresh \(input.body.refreshToken)", error: "invalid_grant"))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        .noContent
    }

    func getCurrentUser(
        _ input: Operations.GetCurrentUser.Input, principal: Int64
    ) async throws -> Operations.GetCurrentUser.Output {
        .ok(Schemas.User(id: principal, email: "ada@example.com", createdAt: Self.epoch))
    }

    func deleteCurrentUser(
        _ input: Operations.DeleteCurrentUser.Input, principal: Int64
    ) async throws -> Operations.DeleteCurrentUser.Output {
        .noContent
    }

    func createTask(_ input: Operations.CreateTask.Input, principal: Int64) async throws -> Operations.CreateTask.Output
    {
        let body = input.body
        let task = Self.task(
            id: 7, title: body.title, description: body.description?.value, status: body.status, priority: body.priority
        )
        // A key makes the answer a replay, so tests can see the header decoded and the optional header written.
        let replayed: Operations.CreateTask.IdempotentReplayed? = input.headers.idempotencyKey == nil ? nil : .true
        return .created(task, location: "/tasks/7", eTag: "\"1\"", idempotentReplayed: replayed)
    }

    func listTasks(_ input: Operations.ListTasks.Input, principal: Int64) async throws -> Operations.ListTasks.Output {
        .ok([Self.task(id: 1, title: "limit=\(input.query.limit)")], link: nil)
    }

    func getTask(_ input: Operations.GetTask.Input, principal: Int64) async throws -> Operations.GetTask.Output {
        switch input.path.id {
        case 404: .notFound(Problem(status: 404, detail: "Task not found"))
        case 403: .forbidden(Problem(status: 403, detail: "Not enough permissions"))
        default: .ok(Self.task(id: input.path.id, title: "owned by \(principal)"), eTag: "\"1\"")
        }
    }

    /// Reports how each member of the merge patch arrived: absent, null or a value.
    func updateTask(_ input: Operations.UpdateTask.Input, principal: Int64) async throws -> Operations.UpdateTask.Output
    {
        let description: String
        switch input.body.description {
        case nil: description = "absent"
        case .null?: description = "null"
        case .value(let text)?: description = "value:\(text)"
        }
        return .ok(
            Self.task(id: input.path.id, title: input.body.title ?? "unchanged", description: description),
            eTag: "\"1\"")
    }

    func deleteTask(_ input: Operations.DeleteTask.Input, principal: Int64) async throws -> Operations.DeleteTask.Output
    {
        input.path.id == 404 ? .notFound(Problem(status: 404, detail: "Task not found")) : .noContent
    }

    func health(_ input: Operations.Health.Input) async throws -> Operations.Health.Output {
        .ok(Schemas.HealthStatus(status: "ok"))
    }

    func ready(_ input: Operations.Ready.Input) async throws -> Operations.Ready.Output {
        .serviceUnavailable(Problem(status: 503, detail: "Database unavailable"), retryAfter: 5)
    }

    func docs(_ input: Operations.Docs.Input) async throws -> Operations.Docs.Output {
        .ok(DocsPage.html(), contentSecurityPolicy: "default-src 'none'")
    }

    func metrics(_ input: Operations.Metrics.Input, principal: Int64?) async throws -> Operations.Metrics.Output {
        principal == nil ? .ok("requests_total 1\n") : .ok("requests_total{scraper=\"\(principal ?? 0)\"} 1\n")
    }

    func docsScript(_ input: Operations.DocsScript.Input) async throws -> Operations.DocsScript.Output {
        input.headers.ifNoneMatch == nil
            ? .ok("// script", eTag: "\"s\"", cacheControl: "no-cache") : .notModified(eTag: "\"s\"")
    }

    func docsStylesheet(_ input: Operations.DocsStylesheet.Input) async throws -> Operations.DocsStylesheet.Output {
        .ok("/* styles */", eTag: "\"c\"", cacheControl: "no-cache")
    }

    func openapiJSON(_ input: Operations.OpenapiJSON.Input) async throws -> Operations.OpenapiJSON.Output {
        .ok(try JSONParser.parseObject(Array(OpenAPISpec.json.utf8)))
    }

    func openapiYAML(_ input: Operations.OpenapiYAML.Input) async throws -> Operations.OpenapiYAML.Output {
        .ok(OpenAPISpec.yaml)
    }

    static func task(
        id: Int64,
        title: String,
        description: String? = nil,
        status: Schemas.TaskStatus = .todo,
        priority: Schemas.TaskPriority = .medium
    ) -> Schemas.Task {
        Schemas.Task(
            id: id, title: title, description: description, status: status, priority: priority, dueAt: nil, tags: [],
            completedAt: nil, createdAt: epoch, updatedAt: epoch, version: 1
        )
    }
}
