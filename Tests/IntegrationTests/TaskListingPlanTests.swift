import Foundation
import Generated
import PostgresLibPQ
import Testing

@testable import Handlers

/// Every filter and sort of `GET /tasks` is an index scan: `EXPLAIN` of the server's own statements against 100,000
/// tasks spread over 1,000 users never shows a sequential scan of `tasks`.
@Suite struct TaskListingPlanTests {
    typealias Query = Operations.ListTasks.Input.Query

    @Test func noListStatementScansTheWholeTable() async throws {
        let url = try await TestServer.freshDatabase()
        try await TestDatabase.withDatabase(url: url, size: 1) { database in
            try await database.execute(
                """
                INSERT INTO users (email, password_hash)
                SELECT 'user' || u || '@example.com', '$2b$04$' || repeat('a', 53) FROM generate_series(1, 1000) AS u
                """
            )
            try await database.execute(
                """
                INSERT INTO tasks (user_id, title, description, status, priority, due_at, tags, tag_keys, completed_at)
                SELECT u.id, 'task ' || i || ' of ' || u.id, CASE WHEN i % 3 = 0 THEN 'notes ' || i END,
                       (ARRAY['todo', 'in_progress', 'done'])[i % 3 + 1], (ARRAY['low', 'medium', 'high'])[i % 3 + 1],
                       CASE WHEN i % 4 > 0 THEN now() + i * interval '1 hour' END,
                       ARRAY['tag' || (i % 10)], ARRAY['tag' || (i % 10)], CASE WHEN i % 3 = 2 THEN now() END
                FROM users u, generate_series(1, 100) AS i
                """
            )
            try await database.execute("ANALYZE tasks")
            try await database.execute("ANALYZE users")
            let count = try await database.query("SELECT count(*) AS n FROM tasks").first?.decode("n", as: Int64.self)
            try #require(count == 100_000)

            let owner: Int64 = try #require(
                try await database.query("SELECT id FROM users ORDER BY id OFFSET 500 LIMIT 1").first?.decode("id"))
            let due = Date(timeIntervalSinceNow: 86_400)
            let filters: [(String, Query)] = [
                ("none", Query()),
                ("status", Query(status: [.todo, .done])),
                ("priority", Query(priority: [.high])),
                ("tag", Query(tag: ["tag3"])),
                ("due_before", Query(dueBefore: due)),
                ("due_after", Query(dueAfter: due)),
                ("q", Query(q: "task 7")),
                ("all", Query(status: [.todo], priority: [.low], tag: ["tag1"], dueBefore: due, q: "task")),
            ]
            for sort in Operations.ListTasks.Sort.allCases {
                for (name, var query) in filters {
                    query.sort = sort
                    for cursor in [
                        nil, ListCursor(key: sort.rawValue.contains("priority") ? "1" : "2026-12-01", id: 5),
                    ] {
                        let statement = TaskStore.listStatement(
                            owner: owner, query: TaskListQuery(query), after: cursor)
                        let plan = try await database.query("EXPLAIN " + statement).map {
                            try $0.decode("QUERY PLAN", as: String.self)
                        }.joined(separator: "\n")
                        #expect(!plan.contains("Seq Scan on tasks"), "\(sort.rawValue), \(name):\n\(plan)")
                        #expect(plan.contains("tasks_"), "\(sort.rawValue), \(name) uses one of tasks' indexes")
                    }
                }
            }
        }
    }
}
