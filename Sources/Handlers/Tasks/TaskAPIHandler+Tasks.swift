import APIRuntime
package import Generated

extension TaskAPIHandler {
    static let taskNotFound = Problem(status: 404, detail: "Task not found")
    static let notYourTask = Problem(status: 403, detail: "Not enough permissions")
    static let staleVersion = Problem(status: 412, detail: "The task has changed since the version If-Match named")

    /// A task's entity tag: its version, strong (`"3"`).
    static func entityTag(of task: Schemas.Task) -> EntityTagCondition.EntityTag {
        EntityTagCondition.EntityTag(opaque: String(task.version))
    }

    /// The versions `If-Match` allows, for the SQL: `nil` for no header or `*` (any current task), else the strong
    /// tags that are versions at all (possibly none, which no task matches).
    static func requiredVersions(_ ifMatch: [String]?) -> [Int64]? {
        guard let ifMatch else { return nil }
        let condition = EntityTagCondition(ifMatch)
        if condition.matchesAny { return nil }
        return condition.tags.filter { !$0.isWeak }.compactMap { Int64($0.opaque) }
    }

    package func createTask(
        _ input: Operations.CreateTask.Input, principal: AuthenticatedUser
    ) async throws -> Operations.CreateTask.Output {
        var key: IdempotencyKey?
        if let header = input.headers.idempotencyKey {
            guard let parsed = IdempotencyKey(header: header, request: input.body) else { throw Self.invalidKey }
            key = parsed
        }
        switch try await tasks.create(input.body, owner: principal.id, key: key) {
        case .created(let task):
            return .created(
                task, location: "/tasks/\(task.id)", eTag: Self.entityTag(of: task).headerValue,
                idempotentReplayed: nil)
        case .replayed(let task):
            return .created(
                task, location: "/tasks/\(task.id)", eTag: Self.entityTag(of: task).headerValue,
                idempotentReplayed: .true)
        case .keyReused: throw Self.keyReused
        case .busy: return .conflict(Self.keyBusy, retryAfter: 1)
        case nil: throw Self.invalidToken
        }
    }

    static let invalidKey = Problem.invalid(
        "header.idempotency-key",
        "must be 1–\(IdempotencyKey.maximumLength) characters, bare or as a quoted string (\"…\")")
    static let keyReused = Problem.invalid(
        "header.idempotency-key", "was already used with a different request body")
    static let keyBusy = Problem(status: 409, detail: "A request with this Idempotency-Key is still in progress")

    package func listTasks(
        _ input: Operations.ListTasks.Input, principal: AuthenticatedUser
    ) async throws -> Operations.ListTasks.Output {
        let query = TaskListQuery(input.query)
        var cursor: ListCursor?
        if let text = input.query.cursor {
            guard let decoded = cursors.decode(text, binding: query.binding(owner: principal.id)) else {
                throw Self.invalidCursor
            }
            cursor = decoded
        }
        guard let page = try await tasks.list(owner: principal.id, query: query, after: cursor) else {
            throw Self.invalidToken
        }
        // The binding is needed only to check a cursor or mint one; a last page without a cursor skips it.
        let link = try page.next.map { next in
            let minted = try cursors.encode(next, binding: query.binding(owner: principal.id))
            return "<\(Self.nextPageURL(input.query, cursor: minted))>; rel=\"next\""
        }
        return .ok(page.tasks, link: link)
    }

    static let invalidCursor = Problem.invalid(
        "query.cursor", "not a cursor this server issued for this user, sort and filters")

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
        if let task = try await tasks.task(id: input.path.id, owner: principal.id) {
            let tag = Self.entityTag(of: task)
            if let ifNoneMatch = input.headers.ifNoneMatch, EntityTagCondition(ifNoneMatch).matchesWeakly(tag) {
                return .notModified(eTag: tag.headerValue)
            }
            return .ok(task, eTag: tag.headerValue)
        }
        return try await absence(of: input.path.id, principal)
            ? .forbidden(Self.notYourTask) : .notFound(Self.taskNotFound)
    }

    package func updateTask(
        _ input: Operations.UpdateTask.Input, principal: AuthenticatedUser
    ) async throws -> Operations.UpdateTask.Output {
        let versions = Self.requiredVersions(input.headers.ifMatch)
        switch try await tasks.update(id: input.path.id, owner: principal.id, patch: input.body, versions: versions) {
        case .done(let task)?: return .ok(task, eTag: Self.entityTag(of: task).headerValue)
        case .versionMismatch?: return .preconditionFailed(Self.staleVersion)
        case nil: break
        }
        return try await absence(of: input.path.id, principal)
            ? .forbidden(Self.notYourTask) : .notFound(Self.taskNotFound)
    }

    package func deleteTask(
        _ input: Operations.DeleteTask.Input, principal: AuthenticatedUser
    ) async throws -> Operations.DeleteTask.Output {
        let versions = Self.requiredVersions(input.headers.ifMatch)
        switch try await tasks.delete(id: input.path.id, owner: principal.id, versions: versions) {
        case .done?: return .noContent
        case .versionMismatch?: return .preconditionFailed(Self.staleVersion)
        case nil: break
        }
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
