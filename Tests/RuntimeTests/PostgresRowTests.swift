import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

@Suite struct PostgresRowTests {
    private func row(_ text: String?) -> PostgresRow {
        PostgresRow(columns: ["value"], values: [text])
    }

    @Test func decodesScalarsFromTextOutput() throws {
        #expect(try row("hello").decode("value", as: String.self) == "hello")
        #expect(try row("-9223372036854775808").decode("value", as: Int64.self) == .min)
        #expect(try row("2147483647").decode("value", as: Int32.self) == .max)
        #expect(try row("42").decode("value", as: Int.self) == 42)
        #expect(try row("t").decode("value", as: Bool.self))
        #expect(try !row("f").decode("value", as: Bool.self))
        #expect(try row("1.5e+300").decode("value", as: Double.self) == 1.5e300)
        #expect(try row("-Infinity").decode("value", as: Double.self) == -.infinity)
        #expect(try row("NaN").decode("value", as: Double.self).isNaN)
    }

    @Test(
        arguments: [
            ("2026-11-24 18:23:00.123456+00", "2026-11-24T18:23:00.123456Z"),
            ("2026-11-24 18:23:00+00", "2026-11-24T18:23:00Z"),
            ("2026-11-24 23:53:00.5+05:30", "2026-11-24T18:23:00.5Z"),
            ("2026-11-24 13:23:00-05", "2026-11-24T18:23:00Z"),
            // Local mean time of Amsterdam before 1937: +00:19:32.
            ("1900-01-01 00:19:32+00:19:32", "1900-01-01T00:00:00Z"),
        ])
    func decodesTimestamptzOutput(text: String, expected: String) throws {
        let date = try row(text).decode("value", as: Date.self)
        #expect(RFC3339.format(date) == expected)
    }

    @Test(arguments: ["infinity", "-infinity", "2026-11-24 18:23:00", "0044-03-15 12:00:00+00 BC", "2026-11-24", ""])
    func rejectsTimestampsThatAreNotInstants(text: String) {
        #expect(throws: PostgresError.self) { try row(text).decode("value", as: Date.self) }
    }

    @Test(
        arguments: [
            ("{}", []),
            ("{a}", ["a"]),
            (#"{a,"b c","d\"e"}"#, ["a", "b c", "d\"e"]),
            (#"{"","NULL",nullish,"back\\slash"}"#, ["", "NULL", "nullish", #"back\slash"#]),
            (#"{"{x}","a,b",ü📝}"#, ["{x}", "a,b", "ü📝"]),
        ] as [(String, [String])])
    func decodesTextArrays(text: String, expected: [String]) throws {
        #expect(try row(text).decode("value", as: [String].self) == expected)
    }

    @Test(arguments: ["", "{", "a", "{a,NULL}", "{null}", "{{a},{b}}", "[0:0]={a}", "{a,}", "{,a}", #"{"a"b}"#, "{a}x"])
    func rejectsArraysThatAreNotFlatAndNullFree(text: String) {
        #expect(throws: PostgresError.self) { try row(text).decode("value", as: [String].self) }
    }

    @Test func reportsNullMismatchAndUnknownColumns() {
        #expect(throws: PostgresError.unexpectedNull(column: "value")) {
            try row(nil).decode("value", as: String.self)
        }
        #expect(throws: PostgresError.typeMismatch(column: "value", expected: "bigint")) {
            try row("12abc").decode("value", as: Int64.self)
        }
        #expect(throws: PostgresError.typeMismatch(column: "value", expected: "boolean")) {
            try row("yes").decode("value", as: Bool.self)
        }
        #expect(throws: PostgresError.typeMismatch(column: "value", expected: "double precision")) {
            try row("inf").decode("value", as: Double.self)
        }
        #expect(throws: PostgresError.unknownColumn("other")) {
            try row("1").decode("other", as: String.self)
        }
    }

    @Test func optionalAccessorsMapNullToNil() throws {
        #expect(try row(nil).decodeIfPresent("value", as: Int64.self) == nil)
        #expect(try row("3").decodeIfPresent("value", as: Int64.self) == 3)
    }

    @Test func readsByPosition() throws {
        let row = PostgresRow(columns: ["id", "title", "id"], values: ["1", nil, "2"])
        #expect(row[0] == "1")
        #expect(row[1] == nil)
        #expect(row[9] == nil)
        #expect(try row.decode(2, as: Int64.self) == 2)
        #expect(try row.decode("id", as: Int64.self) == 1)
        #expect(try row.decodeIfPresent(1, as: String.self) == nil)
        #expect(throws: PostgresError.self) { try row.decode(3, as: Int64.self) }
    }
}
