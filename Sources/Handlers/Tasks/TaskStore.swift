import APIRuntime
import Generated
import PostgresLibPQ

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The SQL for tasks: one statement per request. Every statement filters by owner; only `absence(of:owner:)` looks
/// past it, and it answers nothing but whether an id is taken, which is what tells `403` from `404`.
///
/// The owner's existence needs no statement of its own: `tasks.user_id` references `users` with `ON DELETE
/// CASCADE`, so a task row found for an owner proves the owner exists, and an insert for a deleted owner fails its
/// foreign key. Only the paths that find nothing ask, in the one statement that also tells `403` from `404`.
struct TaskStore: Sendable {
    /// Why no task came back for an id and an owner.
    enum Absence {
        /// The owner no longer exists: the token belongs to a deleted account.
        case ownerDeleted
        /// Another user's task.
        case otherOwner
        /// No task has the id.
        case noSuchTask
    }

    let database: Database

    private static let columns: SQL =
        "id, title, description, status, priority, due_at, tags, completed_at, created_at, updated_at, version"

    /// What `create` did.
    enum CreateOutcome {
        case created(Schemas.Task)
        /// The idempotency key's first request created this task; it is returned as it was then.
        case replayed(Schemas.Task)
        /// The idempotency key was first used with another request.
        case keyReused
        /// The key's row vanished twice between the failed insert and the look-up (a sweep at the 24-hour mark).
        case busy
    }

    /// Inserts the task; with `key`, the key and the created task are stored by the same statement, so a second
    /// request with the key — even a concurrent one, which waits for the first statement — fails on the key's
    /// primary key and is answered from the stored row instead.
    /// - Returns: what happened, or `nil` when the owner no longer exists.
    func create(_ task: Schemas.TaskCreate, owner: Int64, key: IdempotencyKey?) async throws -> CreateOutcome? {
        guard let key else {
            return try await insertTask(Self.insert(task, owner: owner, then: Self.returningColumns))
                .map(CreateOutcome.created)
        }
        let keyed: SQL = """
            RETURNING *), keyed AS (
                INSERT INTO idempotency_keys (user_id, key, request_hash, response)
                SELECT user_id, \(key.key), \(key.fingerprint),
                       to_jsonb(inserted) - ARRAY['user_id', 'tag_keys', 'priority_rank', 'search']
                FROM inserted
            )
            SELECT \(Self.columns) FROM inserted
            """
        // A key older than 24 hours is deleted by the look-up, and the insert is tried once more.
        for _ in 0..<2 {
            do {
                return try await insertTask("WITH inserted AS (" + Self.insert(task, owner: owner, then: keyed))
                    .map(CreateOutcome.created)
            } catch let error as PostgresError where error.constraint == "idempotency_keys_pkey" {
                if let stored = try await storedResponse(for: key, owner: owner) { return stored }
            }
        }
        return .busy
    }

    private static let returningColumns: SQL = "RETURNING \(columns)"

    /// `INSERT INTO tasks … VALUES (…)` for `task`, followed by `tail`.
    private static func insert(_ task: Schemas.TaskCreate, owner: Int64, then tail: SQL) -> SQL {
        let tags = TaskTags(task.tags)
        return """
            INSERT INTO tasks (user_id, title, description, status, priority, due_at, tags, tag_keys, completed_at)
            VALUES (\(owner), \(task.title), \(task.description?.value), \(task.status.rawValue), \(task.priority.rawValue),
                    \(task.dueAt?.value), \(tags.spellings), \(tags.keys),
                    CASE WHEN \(task.status.rawValue) = 'done' THEN now() END)
            \(tail)
            """
    }

    /// Runs a task insert; `nil` when the owner was deleted between authentication and the insert.
    private func insertTask(_ statement: SQL) async throws -> Schemas.Task? {
        do {
            return try await database.query(statement).first.map(Self.task)
        } catch let error as PostgresError where error.sqlState == "23503" {
            return nil
        }
    }

    /// The stored answer for a key that is taken, or `nil` when the key's row is gone or was older than 24 hours
    /// (then it is deleted here, so the insert can take the key).
    private func storedResponse(for key: IdempotencyKey, owner: Int64) async throws -> CreateOutcome? {
        let rows = try await database.query(
            """
            WITH expired AS (
                DELETE FROM idempotency_keys
                WHERE user_id = \(owner) AND key = \(key.key) AND created_at <= now() - \(Self.idempotencyWindow)::interval
                RETURNING 1
            )
            SELECT k.request_hash, r.*
            FROM idempotency_keys k, jsonb_populate_record(NULL::tasks, k.response) AS r
            WHERE k.user_id = \(owner) AND k.key = \(key.key) AND NOT EXISTS (SELECT 1 FROM expired)
            """
        )
        guard let row = rows.first else { return nil }
        guard try row.decode("request_hash", as: String.self) == key.fingerprint else { return .keyReused }
        return .replayed(try Self.task(row))
    }

    /// How long an idempotency key answers for its first request.
    static let idempotencyWindow = "24 hours"

    /// A page of the owner's tasks, or `nil` when the owner no longer exists.
    /// - Returns: the tasks, and where the next page starts when there is one.
    func list(owner: Int64, query: TaskListQuery, after cursor: ListCursor?) async throws -> TaskPage? {
        let rows = try await database.query(Self.listStatement(owner: owner, query: query, after: cursor))
        guard let first = rows.first else { return nil }
        // An owner without matching tasks comes back as one row of nulls.
        if try first.decodeIfPresent("id", as: Int64.self) == nil { return TaskPage(tasks: [], next: nil) }
        let page = rows.prefix(Int(query.limit))
        let tasks = try page.map(Self.task)
        // One row more than the page was asked for: a next page exists, and starts after this page's last row.
        guard rows.count > page.count, let last = page.last else { return TaskPage(tasks: tasks, next: nil) }
        return TaskPage(tasks: tasks, next: ListCursor(key: try last.decode("sort_key"), id: try last.decode("id")))
    }

    /// The one statement behind `list`: the owner's row anchors it, so a deleted owner is told from an owner
    /// without tasks in the same round trip, and the tasks are one range of the order's index, `(user_id, key, id)`,
    /// starting after the cursor — never an `OFFSET`.
    static func listStatement(owner: Int64, query: TaskListQuery, after cursor: ListCursor?) -> SQL {
        let order = query.order
        var conditions: SQL = ""
        if !query.statuses.isEmpty { conditions.append(" AND status = ANY(\(query.statuses)::text[])") }
        if !query.priorities.isEmpty { conditions.append(" AND priority = ANY(\(query.priorities)::text[])") }
        if !query.tagKeys.isEmpty { conditions.append(" AND tag_keys @> \(query.tagKeys)::text[]") }
        if let dueBefore = query.dueBefore { conditions.append(" AND due_at < \(dueBefore)::timestamptz") }
        if let dueAfter = query.dueAfter { conditions.append(" AND due_at >= \(dueAfter)::timestamptz") }
        if let text = query.text { conditions.append(" AND search @@ websearch_to_tsquery('simple', \(text))") }
        if let cursor {
            conditions.append(
                """
                 AND (\(unsafeRaw: order.key), id) \(unsafeRaw: order.after) \
                (\(cursor.key)::\(unsafeRaw: order.keyType), \(cursor.id))
                """
            )
        }
        let direction = order.direction
        return """
            SELECT t.* FROM users u
            LEFT JOIN LATERAL (
                SELECT \(Self.columns), \(unsafeRaw: order.key) AS sort_value, (\(unsafeRaw: order.key))::text AS sort_key
                FROM tasks WHERE user_id = u.id\(conditions)
                ORDER BY \(unsafeRaw: order.key) \(unsafeRaw: direction), id \(unsafeRaw: direction)
                LIMIT \(Int64(query.limit) + 1)
            ) t ON true
            WHERE u.id = \(owner)
            ORDER BY t.sort_value \(unsafeRaw: direction), t.id \(unsafeRaw: direction)
            """
    }

    func task(id: Int64, owner: Int64) async throws -> Schemas.Task? {
        try await database.query("SELECT \(Self.columns) FROM tasks WHERE id = \(id) AND user_id = \(owner)").first.map(
            Self.task)
    }

    /// What a conditional write found.
    enum WriteOutcome<Value> {
        case done(Value)
        /// The task's version was none of those the write required; nothing changed.
        case versionMismatch
    }

    /// Applies an RFC 7396 merge patch in one statement; `version` and `updated_at` move only when a value changes.
    /// With `versions`, the patch applies only while the task has one of them (`If-Match`), checked under the row
    /// lock in the same statement, so of two writers holding the same version exactly one wins.
    /// - Returns: the task after the patch (unchanged when the patch changed nothing), `.versionMismatch`, or `nil`
    ///   when the owner has no such task.
    func update(
        id: Int64, owner: Int64, patch: Schemas.TaskUpdate, versions: [Int64]?
    ) async throws -> WriteOutcome<Schemas.Task>? {
        let tags = patch.tags.map(TaskTags.init)
        let required = Self.versionArray(versions)
        let rows = try await database.query(
            """
            WITH target AS (
                SELECT * FROM tasks WHERE id = \(id) AND user_id = \(owner) FOR UPDATE
            ), matching AS (
                SELECT * FROM target WHERE \(required)::bigint[] IS NULL OR version = ANY(\(required)::bigint[])
            ), patched AS (
                SELECT id,
                       COALESCE(\(patch.title)::text, title) AS title,
                       CASE WHEN \(patch.description != nil) THEN \(patch.description?.value)::text ELSE description END AS description,
                       COALESCE(\(patch.status?.rawValue)::text, status) AS status,
                       COALESCE(\(patch.priority?.rawValue)::text, priority) AS priority,
                       CASE WHEN \(patch.dueAt != nil) THEN \(patch.dueAt?.value)::timestamptz ELSE due_at END AS due_at,
                       COALESCE(\(tags?.spellings)::text[], tags) AS tags,
                       COALESCE(\(tags?.keys)::text[], tag_keys) AS tag_keys
                FROM matching
            ), updated AS (
                UPDATE tasks t
                SET title = p.title, description = p.description, status = p.status, priority = p.priority,
                    due_at = p.due_at, tags = p.tags, tag_keys = p.tag_keys,
                    completed_at = CASE WHEN p.status = 'done' THEN COALESCE(t.completed_at, now()) END,
                    updated_at = now(), version = t.version + 1
                FROM patched p
                WHERE t.id = p.id
                  AND (t.title, t.description, t.status, t.priority, t.due_at, t.tags)
                      IS DISTINCT FROM (p.title, p.description, p.status, p.priority, p.due_at, p.tags)
                RETURNING t.id, t.title, t.description, t.status, t.priority, t.due_at, t.tags, t.completed_at,
                          t.created_at, t.updated_at, t.version, false AS stale
            )
            SELECT * FROM updated
            UNION ALL
            SELECT \(Self.columns), NOT EXISTS (SELECT 1 FROM matching) AS stale FROM target
            WHERE NOT EXISTS (SELECT 1 FROM updated)
            """
        )
        guard let row = rows.first else { return nil }
        return try row.decode("stale", as: Bool.self) ? .versionMismatch : .done(try Self.task(row))
    }

    /// Deletes the owner's task in one statement; with `versions`, only while it has one of them (`If-Match`),
    /// checked under the row lock as `update` does.
    /// - Returns: `.done` once deleted, `.versionMismatch` when the task stays, or `nil` when the owner has no such
    ///   task.
    func delete(id: Int64, owner: Int64, versions: [Int64]?) async throws -> WriteOutcome<Void>? {
        let required = Self.versionArray(versions)
        let rows = try await database.query(
            """
            WITH target AS (
                SELECT id, version FROM tasks WHERE id = \(id) AND user_id = \(owner) FOR UPDATE
            ), deleted AS (
                DELETE FROM tasks t USING target
                WHERE t.id = target.id
                  AND (\(required)::bigint[] IS NULL OR target.version = ANY(\(required)::bigint[]))
                RETURNING t.id
            )
            SELECT EXISTS (SELECT 1 FROM deleted) AS deleted FROM target
            """
        )
        guard let row = rows.first else { return nil }
        return try row.decode("deleted", as: Bool.self) ? .done(()) : .versionMismatch
    }

    /// `versions` as the `bigint[]` text the statements compare with; `nil` (no `If-Match`) stays SQL `NULL`.
    private static func versionArray(_ versions: [Int64]?) -> [String]? {
        versions.map { $0.map(String.init) }
    }

    /// Why the owner has no task with this id: asked only when a statement filtered by owner found nothing.
    func absence(of id: Int64, owner: Int64) async throws -> Absence {
        let rows = try await database.query(
            """
            SELECT EXISTS (SELECT 1 FROM users WHERE id = \(owner)) AS owner_exists,
                   EXISTS (SELECT 1 FROM tasks WHERE id = \(id)) AS task_exists
            """
        )
        guard let row = rows.first, try row.decode("owner_exists", as: Bool.self) else { return .ownerDeleted }
        return try row.decode("task_exists", as: Bool.self) ? .otherOwner : .noSuchTask
    }

    /// A page of tasks and where the next one starts, `nil` on the last page.
    struct TaskPage {
        let tasks: [Schemas.Task]
        let next: ListCursor?
    }

    private static func task(_ row: PostgresRow) throws -> Schemas.Task {
        Schemas.Task(
            id: try row.decode("id"),
            title: try row.decode("title"),
            description: try row.decodeIfPresent("description"),
            status: try enumeration(row, "status"),
            priority: try enumeration(row, "priority"),
            dueAt: try row.decodeIfPresent("due_at"),
            tags: try row.decode("tags"),
            completedAt: try row.decodeIfPresent("completed_at"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at"),
            version: try row.decode("version")
        )
    }

    private static func enumeration<T: RawRepresentable<String>>(_ row: PostgresRow, _ column: String) throws -> T {
        guard let value = T(rawValue: try row.decode(column, as: String.self)) else {
            throw PostgresError.typeMismatch(column: column, expected: "\(T.self)")
        }
        return value
    }
}
