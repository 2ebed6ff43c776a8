import APIRuntime
import Generated

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `GET /tasks` asked for, in the terms the SQL needs: which of the caller's tasks, in which order, how many.
struct TaskListQuery: Sendable {
    let order: TaskOrder
    /// Raw values, sorted and distinct; empty means any.
    let statuses: [String]
    let priorities: [String]
    /// Lower-cased, sorted and distinct; every one must be on the task.
    let tagKeys: [String]
    let dueBefore: Date?
    let dueAfter: Date?
    let text: String?
    let limit: Int32

    init(_ query: Operations.ListTasks.Input.Query) {
        order = TaskOrder(query.sort)
        statuses = Set((query.status ?? []).map(\.rawValue)).sorted()
        priorities = Set((query.priority ?? []).map(\.rawValue)).sorted()
        tagKeys = Set((query.tag ?? []).map(TaskTags.key)).sorted()
        dueBefore = query.dueBefore
        dueAfter = query.dueAfter
        text = query.q
        limit = query.limit
    }

    /// Everything that decides which tasks a page holds and in what order — the owner, the sort and every filter,
    /// but not `limit` — in an unambiguous encoding (each field length-prefixed). A cursor is authenticated together
    /// with it, so a cursor minted for another user, sort or filter set fails its check.
    func binding(owner: Int64) -> [UInt8] {
        var fields = [String(owner), order.sort.rawValue]
        fields += [statuses, priorities, tagKeys].map { $0.joined(separator: "\u{0}") }
        fields += [dueBefore, dueAfter].map { $0.map(RFC3339.format) ?? "-" }
        fields.append(text.map { "q" + $0 } ?? "-")
        var bytes: [UInt8] = []
        for field in fields {
            bytes += Array("\(field.utf8.count):".utf8) + Array(field.utf8)
        }
        return bytes
    }
}

/// One of the eight orders of `GET /tasks`, as the SQL that sorts by it: `key` then `id`, both in one direction.
/// Each key has a B-tree on `(user_id, key, id)` (migrations/0003_task_listing.sql), which serves both directions.
struct TaskOrder: Sendable {
    let sort: Operations.ListTasks.Sort
    /// The sort key's SQL expression, spelled exactly as in its index so the planner matches the two.
    let key: String
    /// The key's SQL type, to read a cursor's key text back as a value.
    let keyType: String
    let descending: Bool

    init(_ sort: Operations.ListTasks.Sort) {
        self.sort = sort
        switch sort {
        case .minusCreatedAt: (key, keyType, descending) = ("created_at", "timestamptz", true)
        case .createdAt: (key, keyType, descending) = ("created_at", "timestamptz", false)
        case .minusUpdatedAt: (key, keyType, descending) = ("updated_at", "timestamptz", true)
        case .updatedAt: (key, keyType, descending) = ("updated_at", "timestamptz", false)
        case .minusPriority: (key, keyType, descending) = ("priority_rank", "smallint", true)
        case .priority: (key, keyType, descending) = ("priority_rank", "smallint", false)
        // Tasks without `due_at` last in both directions: as the latest time ascending, the earliest descending.
        case .dueAt: (key, keyType, descending) = ("COALESCE(due_at, 'infinity')", "timestamptz", false)
        case .minusDueAt: (key, keyType, descending) = ("COALESCE(due_at, '-infinity')", "timestamptz", true)
        }
    }

    /// `DESC` or `ASC`.
    var direction: String { descending ? "DESC" : "ASC" }
    /// The comparison that selects rows after a cursor in this order.
    var after: String { descending ? "<" : ">" }
}
