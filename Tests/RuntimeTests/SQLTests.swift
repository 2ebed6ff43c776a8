import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

@Suite struct SQLTests {
    @Test func interpolatedValuesBecomeNumberedParameters() {
        let title = "x'); DROP TABLE tasks; --"
        let sql: SQL = "SELECT id FROM tasks WHERE user_id = \(Int64(7)) AND title = \(title) LIMIT \(50)"
        #expect(sql.text == "SELECT id FROM tasks WHERE user_id = $1 AND title = $2 LIMIT $3")
        #expect(sql.parameters == ["7", title, "50"])
    }

    @Test func nilOptionalsAreSentAsNull() {
        let description: String? = nil
        let dueAt: Date? = nil
        let sql: SQL = "UPDATE tasks SET description = \(description), due_at = \(dueAt), done = \(Optional(true))"
        #expect(sql.text == "UPDATE tasks SET description = $1, due_at = $2, done = $3")
        #expect(sql.parameters == [nil, nil, "true"])
    }

    @Test func encodesEachSupportedType() throws {
        let date = try #require(RFC3339.parse("2026-11-24T18:23:00.123456Z"))
        let sql: SQL =
            "\(Int32(-5)) \(Int.max) \(false) \(1.5) \(Double.infinity) \(-Double.infinity) \(Double.nan) \(date)"
        #expect(
            sql.parameters == [
                "-5", "9223372036854775807", "false", "1.5", "Infinity", "-Infinity", "NaN",
                "2026-11-24T18:23:00.123456Z",
            ])
    }

    @Test(
        arguments: [
            ([], "{}"),
            ([""], #"{""}"#),
            (["a", "b c"], #"{"a","b c"}"#),
            (["NULL", "null"], #"{"NULL","null"}"#),
            (["d\"e", #"back\slash"#], #"{"d\"e","back\\slash"}"#),
            (["{x}", "a,b", "ü📝"], #"{"{x}","a,b","ü📝"}"#),
        ] as [([String], String)])
    func encodesStringArraysAsQuotedLiterals(value: [String], literal: String) {
        let sql: SQL = "SELECT \(value)"
        #expect(sql.parameters == [literal])
    }

    @Test func fragmentsAreRenumberedWhenEmbedded() {
        var filter: SQL = "status = \("todo")"
        filter.append(" AND priority = \("high")")
        let sql: SQL =
            "SELECT id FROM tasks WHERE user_id = \(Int64(1)) AND \(filter) ORDER BY \(unsafeRaw: "created_at") DESC"
        #expect(
            sql.text
                == "SELECT id FROM tasks WHERE user_id = $1 AND status = $2 AND priority = $3 ORDER BY created_at DESC")
        #expect(sql.parameters == ["1", "todo", "high"])
        let combined = SQL(unsafeRaw: "SELECT ") + "\(Int64(2))"
        #expect(combined.text == "SELECT $1")
    }

    @Test func descriptionHidesTextAndValues() {
        let sql: SQL = "SELECT \("secret-token") AS a, \(Int64(42)) AS b"
        #expect(sql.description == "SQL(2 parameters)")
        #expect(!"\(sql)".contains("secret"))
        #expect(!String(reflecting: sql).contains("SELECT"))
    }
}
