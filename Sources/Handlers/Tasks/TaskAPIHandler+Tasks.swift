import APIRuntime
package import Generated

extension TaskAPIHandler {
    static let taskNotFound = Problem(status: 404, detail: "Task not found")
    static let notYourTask = Problem(status: 403, detail: "Not enough permissions")

    package func createTask(
        _ input: Operations.CreateTask.Input, principal: AuthenticatedUser
    ) async throws -> Operations.CreateTask.Output {
        guard let task = try await tasks.create(input.body, owner: principal.id) else { throw Self.invalidToken }
        return .created(task, location: "/tasks/\(task.id)")
    }

    package func listTasks(
        _ input: Operations.ListTasks.Input, principal: AuthenticatedUser
    ) async throws -> Operations.ListTasks.Output {
        let query = TaskListQuery(input.query)
        let binding = query.binding(owner: principal.id)
        var cursor: ListCursor?
        if let text = input.query.cursor {
            guard let decoded = cursors.decode(text, binding: binding) else { throw Self.invalidCursor }
            cursor = decoded
        }
        guard let page = try await tasks.list(owner: principal.id, query: query, after: cursor) else {
            throw Self.invalidToken
        }
        let link = try page.next.map { next in
            "<\(Self.nextPageURL(input.query, cursor: try cursors.encode(next, binding: binding)))>; rel=\"next\""
        }
        return .ok(page.tasks, link: link)
    }

    static let invalidCursor = Problem(
        status: 422,
        detail: "query.cursor: not a cursor this server issued for this user, sort and filters",
        errors: [
            ValidationIssue(
                location: "query.cursor",
                message: "not a cursor this server issued for this user, sort and filters"
            )
        ]
    )

    /// The request's own URL with `cursor` replaced: the same filters, sort and limit, from the next position.
    private static func nextPageURL(_ query: Operations.ListTasks.Input.Query, cursor: String) -> String {
        var items = QueryString()
        items.append("limit", String(query.limit))
        items.append("sort", query.sort.rawValue)
        items.append("status", (query.status ?? []).map(\.rawValue))
        items.append("priority", (query.priority ?? []).map(\.rawValue))
        items.append("tag", query.tag ?? [])
        if let dueBefore = query.dueBefore { items.append("due_before", RFC3339.format(dueBefore)) }
        if let dueAfter = query.dueAfter { items.append("due_after", RFC3339.format(dueAfter)) }
        if let text = query.q { items.append("q", text) }
        items.append("cursor", cursor)
        return "/tasks?" + items.encoded
    }

    package func getTask(
        _ input: Operations.GetTask.Input, principal: AuthenticatedUser
    ) async throws -> Operations.GetTask.Output {
        if let task = try await tasks.task(id: input.path.id, owner: principal.id) { return .ok(task) }
        return try await absence(of: input.path.id, principal)
            ? .forbidden(Self.notYourTask) : .notFound(Self.taskNotFound)
    }

    package func updateTask(
        _ input: Operations.UpdateTask.Input, principal: AuthenticatedUser
    ) async throws -> Operations.UpdateTask.Output {
        if let task = try await tasks.update(id: input.path.id, owner: principal.id, patch: input.body) {
            return .ok(task)
        }
        return try await absence(of: input.path.id, principal)
            ? .forbidden(Self.notYourTask) : .notFound(Self.taskNotFound)
    }

    package func deleteTask(
        _ input: Operations.DeleteTask.Input, principal: AuthenticatedUser
    ) async throws -> Operations.DeleteTask.Output {
        if try await tasks.delete(id: input.path.id, owner: principal.id) { return .noContent }
        return try await absence(of: input.path.id, principal)
            ? .forbidden(Self.notYourTask) : .notFound(Self.taskNotFound)
    }

    /// After a statement filtered by owner found nothing: whether the task is someone else's (`true`, so `403`) or
    /// missing (`false`, so `404`). A deleted owner's token is refused with `401`.
    private func absence(of id: Int64, _ principal: AuthenticatedUser) async throws -> Bool {
        switch try await tasks.absence(of: id, owner: principal.id) {
        case .ownerDeleted: throw Self.invalidToken
        case .otherOwner: return true
        case .noSuchTask: return false
        }
    }
}
