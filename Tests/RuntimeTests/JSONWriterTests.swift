import APIRuntime
import Foundation
import Testing

@Suite struct JSONWriterTests {
    private struct TaskSummary: JSONWritable {
        var id: Int64
        var title: String
        var tags: [String]
        var note: String?
        var dueAt: Date?

        func writeJSON(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.writeField("id", id)
            writer.writeField("title", title)
            writer.writeField("tags", tags)
            writer.writeFieldIfPresent("note", note)
            writer.writeFieldIfPresent("due_at", dueAt)
            writer.endObject()
        }
    }

    private func encoded(_ value: some JSONWritable) -> String {
        String(decoding: JSONWriter.encode(value), as: UTF8.self)
    }

    @Test func writesObjectsWithCommasBetweenMembersOnly() {
        let task = TaskSummary(
            id: 7, title: "Write", tags: ["a", "b"], note: "n", dueAt: Date(timeIntervalSince1970: 0))
        #expect(
            encoded(task) == #"{"id":7,"title":"Write","tags":["a","b"],"note":"n","due_at":"1970-01-01T00:00:00Z"}"#)
    }

    @Test func omitsAbsentOptionalFields() {
        let task = TaskSummary(id: 1, title: "t", tags: [], note: nil, dueAt: nil)
        #expect(encoded(task) == #"{"id":1,"title":"t","tags":[]}"#)
    }

    @Test func writesArraysOfObjectsAndNestedArrays() {
        let tasks = [
            TaskSummary(id: 1, title: "a", tags: [], note: nil, dueAt: nil),
            TaskSummary(id: 2, title: "b", tags: ["x"], note: nil, dueAt: nil),
        ]
        #expect(encoded(tasks) == #"[{"id":1,"title":"a","tags":[]},{"id":2,"title":"b","tags":["x"]}]"#)
        #expect(encoded([[1, 2], [], [3]]) == "[[1,2],[],[3]]")
        #expect(encoded([[String]]()) == "[]")
    }

    @Test func writesTokensInOrderWithCommaManagement() {
        var writer = JSONWriter(reservingCapacity: 8)
        writer.beginObject()
        writer.writeKey("items")
        writer.beginArray()
        writer.writeNull()
        writer.writeBool(true)
        writer.beginObject()
        writer.endObject()
        writer.writeInt(-3)
        writer.endArray()
        writer.writeKey("empty")
        writer.beginObject()
        writer.endObject()
        writer.writeField("ok", false)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"items":[null,true,{},-3],"empty":{},"ok":false}"#)
    }

    @Test func writesNilOptionalAsNullWhenTheKeyIsRequired() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.writeField("note", String?.none)
        writer.writeField("count", Int?.some(2))
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"note":null,"count":2}"#)
    }

    @Test(arguments: [
        (Int64.min, "-9223372036854775808"),
        (Int64.max, "9223372036854775807"),
        (0, "0"),
        (-1, "-1"),
        (10, "10"),
        (1_234_567_890, "1234567890"),
    ])
    func writesIntegers(value: Int64, expected: String) {
        #expect(encoded(value) == expected)
    }

    @Test func writesEveryIntegerWidth() {
        #expect(encoded(Int(-42)) == "-42")
        #expect(encoded(Int32.min) == "-2147483648")
        #expect(encoded(Int64(5)) == "5")
        #expect(encoded(true) == "true")
        #expect(encoded(false) == "false")
    }

    @Test(arguments: [
        (3.0, "3.0"),
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (1e20, "1e+20"),
        (1e-7, "1e-07"),
        (-0.0, "-0.0"),
        (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        (Double.nan, "null"),
        (Double.infinity, "null"),
        (-Double.infinity, "null"),
    ])
    func writesDoublesAsShortestRoundTripText(value: Double, expected: String) {
        #expect(encoded(value) == expected)
    }

    @Test func separatesNonFiniteDoublesLikeAnyValue() {
        #expect(encoded([1.5, .nan, 2]) == "[1.5,null,2.0]")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("quote \" backslash \\ slash /", #""quote \" backslash \\ slash /""#),
        ("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
        ("\u{00}\u{01}\u{1B}\u{1F} \u{7F}", #""\u0000\u0001\u001b\u001f \#u{7F}""#),
        ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
        ("é€😀\u{2027}\u{202A}", #""é€😀\#u{2027}\#u{202A}""#),
        ("\"", #""\"""#),
    ])
    func escapesStrings(value: String, expected: String) {
        #expect(encoded(value) == expected)
    }

    @Test func escapesKeys() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.writeField("a\"b\n", 1)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a\"b\n":1}"#)
    }

    @Test func writesObjectKeysOfJSONValuesSorted() {
        let value = JSONValue.object([
            "b": .int(2), "a": .array([.null, .double(1.5)]), "c": .object(["y": .bool(true), "x": .string("s")]),
        ])
        #expect(encoded(value) == #"{"a":[null,1.5],"b":2,"c":{"x":"s","y":true}}"#)
    }

    @Test func writesDatesAsRFC3339InUTC() {
        #expect(encoded(Date(timeIntervalSince1970: 1_795_544_580.123)) == #""2026-11-24T18:23:00.123Z""#)
        #expect(
            encoded([Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1)])
                == #"["1970-01-01T00:00:00Z","1969-12-31T23:59:59Z"]"#)
    }
}
