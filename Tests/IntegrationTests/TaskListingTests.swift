import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

/// `GET /tasks`: tags, every filter and sort, keyset pages and their cursors, over real HTTP against real PostgreSQL.
@Suite struct TaskListingTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    func ids(_ response: TestResponse) -> [Int64] {
        (response.json?.objects ?? []).compactMap { $0["id"]?.integer }
    }

    func tags(_ task: [String: JSONValue]) -> [String] {
        guard case .array(let items)? = task["tags"] else { return ["<not an array>"] }
        return items.compactMap(\.string)
    }

    /// The `cursor` of the response's `Link: <…>; rel="next"`, or `nil` on the last page.
    func nextCursor(_ response: TestResponse) throws -> String? {
        guard let link = response.header("Link") else { return nil }
        #expect(link.hasPrefix("</tasks?") && link.hasSuffix(">; rel=\"next\""), "Link: \(link)")
        let query = try #require(link.split(separator: "?", maxSplits: 1).last?.dropLast(">; rel=\"next\"".count))
        let fields = try FormDecoding.parse(query.utf8)
        return fields.last { $0.name == "cursor" }?.value
    }

    // MARK: Tags

    @Test func tagsAreTrimmedDeduplicatedCaseInsensitivelyAndReplacedByPatch() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let plain = try await server.newTask(for: user)
        #expect(tags(plain) == [])
        let task = try await server.newTask(
            for: user, #"{"title": "t", "tags": ["Work", " home ", "work", "HOME", "Ünïcödé", "ünïcödé"]}"#)
        #expect(tags(task) == ["Work", "home", "Ünïcödé"])
        let id = try #require(task["id"]?.integer)

        let patched = try await server.request("PATCH", "/tasks/\(id)", json: #"{"tags": ["q4"]}"#, token: user.token)
        #expect(patched.status == 200)
        #expect(tags(patched.object) == ["q4"])
        #expect(patched.object["version"]?.integer == 2)
        let same = try await server.request(
            "PATCH", "/tasks/\(id)", json: #"{"tags": ["q4", "Q4"]}"#, token: user.token)
        #expect(same.object["version"]?.integer == 2, "the same tags are no change")
        let read = try await server.request("GET", "/tasks/\(id)", token: user.token)
        #expect(tags(read.object) == ["q4"])
        let cleared = try await server.request("PATCH", "/tasks/\(id)", json: #"{"tags": []}"#, token: user.token)
        #expect(tags(cleared.object) == [])
    }

    @Test func invalidTagsAre422NamingTheTag() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let tooMany = "[" + (1...21).map { "\"t\($0)\"" }.joined(separator: ",") + "]"
        let cases: [(String, String)] = [
            (#"{"title": "t", "tags": ["  "]}"#, "body.tags[0]"),
            (#"{"title": "t", "tags": ["ok", "\#(String(repeating: "x", count: 51))"]}"#, "body.tags[1]"),
            (#"{"title": "t", "tags": [1]}"#, "body.tags[0]"),
            (#"{"title": "t", "tags": "work"}"#, "body.tags"),
            (#"{"title": "t", "tags": \#(tooMany)}"#, "body.tags"),
            (#"{"title": "t", "tags": ["a\u0000b"]}"#, "body.tags[0]"),
        ]
        for (body, location) in cases {
            let response = try await server.request("POST", "/tasks", json: body, token: user.token)
            #expect(response.status == 422, "\(body)")
            #expect(response.errorLocations == [location], "\(body)")
        }
        let task = try await server.newTask(for: user)
        let id = try #require(task["id"]?.integer)
        let null = try await server.request("PATCH", "/tasks/\(id)", json: #"{"tags": null}"#, token: user.token)
        #expect(null.status == 422)
        #expect(null.errorLocations == ["body.tags"])
    }

    // MARK: Parameters

    @Test func everyParameterOutOfBoundsIs422NamingIt() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let tooManyTags = (1...21).map { "tag=t\($0)" }.joined(separator: "&")
        let cases: [(String, String)] = [
            ("limit=0", "query.limit"), ("limit=201", "query.limit"), ("limit=ten", "query.limit"),
            ("status=archived", "query.status[0]"), ("status=todo&status=nope", "query.status[1]"),
            ("priority=urgent", "query.priority[0]"),
            ("tag=%20", "query.tag[0]"), ("tag=" + String(repeating: "x", count: 51), "query.tag[0]"),
            (tooManyTags, "query.tag"),
            ("due_before=tomorrow", "query.due_before"), ("due_after=2026-13-01T00:00:00Z", "query.due_after"),
            ("q=", "query.q"), ("q=" + String(repeating: "w", count: 501), "query.q"), ("q=a%00b", "query.q"),
            ("sort=title", "query.sort"), ("sort=-id", "query.sort"),
            ("cursor=not%20base64", "query.cursor"), ("cursor=", "query.cursor"),
        ]
        for (query, location) in cases {
            let response = try await server.request("GET", "/tasks?\(query)", token: user.token)
            #expect(response.status == 422, "\(query)")
            #expect(Set(response.errorLocations) == [location], "\(query): \(response.text)")
        }
    }

    @Test func filtersNarrowToTasksMatchingAllOfThem() async throws {
        let server = try await server()
        let user = try await server.newUser()
        func make(_ json: String) async throws -> Int64 {
            try #require(try await server.newTask(for: user, json)["id"]?.integer)
        }
        let report = try await make(
            #"{"title": "Write quarterly report", "description": "numbers and charts", "status": "in_progress", "priority": "high", "due_at": "2026-12-01T00:00:00Z", "tags": ["Work", "q4"]}"#
        )
        let taxes = try await make(
            #"{"title": "File taxes", "description": "the quarterly report from the bank", "priority": "low", "due_at": "2026-12-15T00:00:00Z", "tags": ["home"]}"#
        )
        let passport = try await make(#"{"title": "Renew passport", "status": "done", "tags": ["home", "work"]}"#)
        let other = try await server.newUser()
        _ = try await server.newTask(for: other, #"{"title": "Write quarterly report", "tags": ["work"]}"#)

        func list(_ query: String) async throws -> Set<Int64> {
            let response = try await server.request("GET", "/tasks?\(query)", token: user.token)
            #expect(response.status == 200, "\(query): \(response.text)")
            return Set(ids(response))
        }
        #expect(try await list("") == [report, taxes, passport])
        #expect(try await list("status=todo") == [taxes])
        #expect(try await list("status=todo&status=done") == [taxes, passport])
        #expect(try await list("priority=high&priority=low") == [report, taxes])
        #expect(try await list("priority=low&status=in_progress") == [])
        #expect(try await list("tag=work") == [report, passport])
        #expect(try await list("tag=WORK&tag=Home") == [passport])
        #expect(try await list("tag=nothing") == [])
        // due_before is exclusive, due_after inclusive; tasks without due_at match neither.
        #expect(try await list("due_before=2026-12-15T00:00:00Z") == [report])
        #expect(try await list("due_after=2026-12-01T00:00:00Z") == [report, taxes])
        #expect(try await list("due_after=2026-12-01T00:00:00.000001Z") == [taxes])
        #expect(try await list("due_after=2026-12-01T01:00:00%2B01:00&due_before=2026-12-02T00:00:00Z") == [report])
        // q: websearch_to_tsquery('simple', q) over title and description.
        #expect(try await list("q=quarterly%20report") == [report, taxes])
        #expect(try await list("q=QUARTERLY") == [report, taxes])
        #expect(try await list("q=%22quarterly%20report%22") == [report, taxes])
        #expect(try await list("q=%22report%20quarterly%22") == [])
        #expect(try await list("q=report%20-bank") == [report])
        #expect(try await list("q=charts&tag=q4&status=in_progress") == [report])
        #expect(try await list("q=passport&tag=work") == [passport])
    }

    @Test func anyTextInQIs200() async throws {
        let server = try await server()
        let user = try await server.newUser()
        _ = try await server.newTask(for: user, #"{"title": "emoji 🎉 party"}"#)
        let texts = [
            "-", "\"", "\"\"", "!", "&|!()", "a:*", "or", "-or -", "'; DROP TABLE tasks; --", "🎉", "\\", "<->",
        ]
        for text in texts {
            var query = QueryString()
            query.append("q", text)
            let response = try await server.request("GET", "/tasks?\(query.encoded)", token: user.token)
            #expect(response.status == 200, "q=\(text): \(response.text)")
        }
    }

    // MARK: Sorting

    @Test func eachSortOrdersByMeaningWithIDTiesAndUndatedTasksLast() async throws {
        let server = try await server()
        let user = try await server.newUser()
        var created: [Int64] = []
        for json in [
            #"{"title": "a", "priority": "medium", "due_at": "2026-12-03T00:00:00Z"}"#,
            #"{"title": "b", "priority": "high"}"#,
            #"{"title": "c", "priority": "low", "due_at": "2026-12-01T00:00:00Z"}"#,
            #"{"title": "d", "priority": "high", "due_at": "2026-12-03T00:00:00Z"}"#,
            #"{"title": "e", "priority": "low"}"#,
        ] {
            created.append(try #require(try await server.newTask(for: user, json)["id"]?.integer))
        }
        let (a, b, c, d, e) = (created[0], created[1], created[2], created[3], created[4])
        // Touch b then a, so updated_at orders them last.
        for id in [b, a] {
            let patched = try await server.request(
                "PATCH", "/tasks/\(id)", json: #"{"description": "touched"}"#, token: user.token)
            #expect(patched.status == 200)
        }
        // created_at ties within one transaction are impossible through the API; ids follow creation order.
        let expected: [(String, [Int64])] = [
            ("", [e, d, c, b, a]),
            ("sort=-created_at", [e, d, c, b, a]),
            ("sort=created_at", [a, b, c, d, e]),
            ("sort=priority", [c, e, a, b, d]),
            ("sort=-priority", [d, b, a, e, c]),
            ("sort=due_at", [c, a, d, b, e]),
            ("sort=-due_at", [d, a, c, e, b]),
            ("sort=updated_at", [c, d, e, b, a]),
            ("sort=-updated_at", [a, b, e, d, c]),
        ]
        for (query, order) in expected {
            let response = try await server.request("GET", "/tasks?\(query)", token: user.token)
            #expect(ids(response) == order, "\(query)")
            // Page by page, two at a time, gives the same order.
            var paged: [Int64] = []
            var cursor: String?
            repeat {
                var items = QueryString()
                items.append("limit", "2")
                if let sort = query.split(separator: "=").last, !query.isEmpty { items.append("sort", String(sort)) }
                if let cursor { items.append("cursor", cursor) }
                let page = try await server.request("GET", "/tasks?\(items.encoded)", token: user.token)
                #expect(page.status == 200)
                paged += ids(page)
                cursor = try nextCursor(page)
            } while cursor != nil && paged.count < 10
            #expect(paged == order, "\(query), paged")
        }
    }

    // MARK: Keyset pages

    /// 1,000 tasks with many ties in every key, walked page by page in each order while tasks are inserted and
    /// deleted between pages: every task that survives appears exactly once, in order; none appears twice.
    @Test func walkingEveryPageOfEachSortSeesEachTaskOnceWhileTasksChange() async throws {
        let server = try await server()
        let user = try await server.newUser()
        for sort in [
            "-created_at", "created_at", "due_at", "-due_at", "priority", "-priority", "updated_at",
            "-updated_at",
        ] {
            let order = try TaskOrderSQL(sort)
            _ = try await server.sql("DELETE FROM tasks WHERE user_id = \(user.id)")
            _ = try await server.sql(
                """
                INSERT INTO tasks (user_id, title, priority, due_at, created_at, updated_at)
                SELECT \(user.id), 'task ' || i, (ARRAY['low', 'medium', 'high'])[i % 3 + 1],
                       CASE WHEN i % 4 = 0 THEN NULL ELSE timestamptz '2026-12-01' + (i % 50) * interval '1 day' END,
                       timestamptz '2026-01-01' + (i % 300) * interval '1 minute',
                       timestamptz '2026-06-01' + (i % 7) * interval '1 second'
                FROM generate_series(1, 1000) AS i
                """
            )
            let originals = try await server.sql(
                "SELECT id FROM tasks WHERE user_id = \(user.id) \(unsafeRaw: order.orderBy)"
            ).map { try $0.decode("id", as: Int64.self) }
            try #require(originals.count == 1000)

            var seen: [Int64] = []
            var deletedUnseen: Set<Int64> = []
            var cursor: String?
            var pages = 0
            repeat {
                var items = QueryString()
                items.append("limit", "37")
                items.append("sort", sort)
                if let cursor { items.append("cursor", cursor) }
                let page = try await server.request("GET", "/tasks?\(items.encoded)", token: user.token)
                try #require(page.status == 200, "\(sort): \(page.text)")
                seen += ids(page)
                cursor = try nextCursor(page)
                pages += 1
                // Between pages: a new task, one not seen yet deleted, one already seen deleted.
                _ = try await server.newTask(for: user, #"{"title": "inserted", "due_at": "2026-12-20T00:00:00Z"}"#)
                let seenSet = Set(seen)
                if let victim = originals.filter({ !seenSet.contains($0) && !deletedUnseen.contains($0) })
                    .randomElement()
                {
                    deletedUnseen.insert(victim)
                    let deleted = try await server.request("DELETE", "/tasks/\(victim)", token: user.token)
                    #expect(deleted.status == 204)
                }
                if let victim = seen.randomElement() {
                    _ = try await server.request("DELETE", "/tasks/\(victim)", token: user.token)
                }
            } while cursor != nil && pages < 200

            #expect(cursor == nil, "\(sort): the walk ended")
            #expect(Set(seen).count == seen.count, "\(sort): a task appeared twice")
            let originalSet = Set(originals)
            #expect(
                seen.filter(originalSet.contains) == originals.filter { !deletedUnseen.contains($0) },
                "\(sort): every surviving task once, in order")
            // Inserted tasks that were seen sit where the order puts them.
            let existing = try await server.sql(
                "SELECT id FROM tasks WHERE id = ANY(\(seen.map(String.init))::bigint[]) \(unsafeRaw: order.orderBy)"
            ).map { try $0.decode("id", as: Int64.self) }
            let existingSet = Set(existing)
            #expect(seen.filter(existingSet.contains) == existing, "\(sort): pages in order")
        }
    }

    /// The contract's order for `sort`, spelled independently of the server's code.
    struct TaskOrderSQL {
        let orderBy: String

        init(_ sort: String) throws {
            let descending = sort.hasPrefix("-")
            let direction = descending ? "DESC" : "ASC"
            switch sort.trimmingCharacters(in: ["-"]) {
            case "created_at", "updated_at":
                orderBy = "ORDER BY \(sort.trimmingCharacters(in: ["-"])) \(direction), id \(direction)"
            case "priority":
                orderBy =
                    "ORDER BY array_position(ARRAY['low','medium','high'], priority) \(direction), id \(direction)"
            case "due_at":
                orderBy = "ORDER BY due_at \(direction) NULLS LAST, id \(direction)"
            default:
                throw TestClientError.socket("unknown sort \(sort)")
            }
        }
    }

    @Test func limitMayChangeBetweenPagesAndTheLastPageHasNoLink() async throws {
        let server = try await server()
        let user = try await server.newUser()
        for index in 1...5 { _ = try await server.newTask(for: user, #"{"title": "t\#(index)"}"#) }
        let first = try await server.request("GET", "/tasks?limit=2", token: user.token)
        let cursor = try #require(try nextCursor(first))
        let rest = try await server.request("GET", "/tasks?limit=10&cursor=\(cursor)", token: user.token)
        #expect(rest.status == 200)
        #expect(ids(rest).count == 3)
        #expect(rest.header("Link") == nil)
        let exact = try await server.request("GET", "/tasks?limit=5", token: user.token)
        #expect(ids(exact).count == 5)
        #expect(exact.header("Link") == nil, "no empty last page is announced")
        // The Link keeps every filter and the sort, percent-encoded.
        let filtered = try await server.request(
            "GET", "/tasks?limit=1&sort=created_at&q=t1%20OR%20t2&status=todo&tag=", token: user.token)
        #expect(filtered.status == 422, "an empty tag is refused")
        let kept = try await server.request(
            "GET", "/tasks?limit=1&sort=created_at&q=t1%20or%20t2&status=todo", token: user.token)
        let link = try #require(kept.header("Link"))
        #expect(link.contains("sort=created_at") && link.contains("q=t1%20or%20t2") && link.contains("status=todo"))
    }

    @Test func tamperedForeignAndMismatchedCursorsAre422() async throws {
        let server = try await server()
        let ada = try await server.newUser()
        let bob = try await server.newUser()
        for _ in 1...3 { _ = try await server.newTask(for: ada, #"{"title": "t", "tags": ["x"]}"#) }
        let first = try await server.request("GET", "/tasks?limit=1&tag=x", token: ada.token)
        let cursor = try #require(try nextCursor(first))
        let ok = try await server.request("GET", "/tasks?limit=1&tag=x&cursor=\(cursor)", token: ada.token)
        #expect(ok.status == 200)

        var tampered = Array(cursor)
        let position = tampered.count / 2
        tampered[position] = tampered[position] == "A" ? "B" : "A"
        let cases: [(String, String)] = [
            ("tag=x&cursor=\(String(tampered))", "a changed byte"),
            ("tag=x&cursor=\(cursor.dropLast())", "a truncated cursor"),
            ("tag=x&cursor=\(cursor)AAAA", "a longer cursor"),
            ("tag=x&cursor=AAAA", "too short to hold a code"),
            ("cursor=\(cursor)", "another filter set"),
            ("tag=x&tag=y&cursor=\(cursor)", "another tag set"),
            ("tag=x&sort=created_at&cursor=\(cursor)", "another sort"),
            ("tag=x&q=t&cursor=\(cursor)", "another search"),
        ]
        for (query, why) in cases {
            let response = try await server.request("GET", "/tasks?limit=1&\(query)", token: ada.token)
            #expect(response.status == 422, "\(why)")
            #expect(response.errorLocations == ["query.cursor"], "\(why): \(response.text)")
        }
        let foreign = try await server.request("GET", "/tasks?limit=1&tag=x&cursor=\(cursor)", token: bob.token)
        #expect(foreign.status == 422, "another user's cursor")
        // The same tags in another order or spelling are the same filter set.
        let respelled = try await server.request("GET", "/tasks?limit=1&tag=X&cursor=\(cursor)", token: ada.token)
        #expect(respelled.status == 200)
    }

    @Test func aDeletedUsersTokenIs401OnEveryPage() async throws {
        let server = try await server()
        let user = try await server.newUser()
        for _ in 1...2 { _ = try await server.newTask(for: user) }
        let first = try await server.request("GET", "/tasks?limit=1", token: user.token)
        let cursor = try #require(try nextCursor(first))
        _ = try await server.sql("DELETE FROM users WHERE id = \(user.id)")
        let next = try await server.request("GET", "/tasks?limit=1&cursor=\(cursor)", token: user.token)
        #expect(next.status == 401)
        let filtered = try await server.request("GET", "/tasks?q=task&tag=a", token: user.token)
        #expect(filtered.status == 401)
    }
}
