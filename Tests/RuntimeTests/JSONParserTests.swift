import APIRuntime
import Testing

@Suite struct JSONParserTests {
    @Test func parseObjectRefusesAnyOtherDocument() throws {
        #expect(try JSONParser.parseObject(Array(#" {"a": 1}"#.utf8)) == ["a": .int(1)])
        #expect(throws: JSONSyntaxError(offset: 2, message: "expected an object, got array")) {
            try JSONParser.parseObject(Array("  [1]".utf8))
        }
    }

    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .int(0)),
        ("-0", .int(0)),
        ("42", .int(42)),
        ("-17", .int(-17)),
        ("1.5", .double(1.5)),
        ("-0.25", .double(-0.25)),
        ("1e3", .double(1000)),
        ("1E+3", .double(1000)),
        ("25e-1", .double(2.5)),
        ("1.0", .double(1)),
        ("0.0", .double(0)),
        ("1e-400", .double(0)),
        (#""""#, .string("")),
        (#""hello""#, .string("hello")),
        ("[]", .array([])),
        ("{}", .object([:])),
        (
            "[1,\"a\",null,true,[false],{}]",
            .array([.int(1), .string("a"), .null, .bool(true), .array([.bool(false)]), .object([:])])
        ),
        (#"{"a":1,"b":{"c":[2.5]}}"#, .object(["a": .int(1), "b": .object(["c": .array([.double(2.5)])])])),
        (" \t\r\n{ \"a\" : [ 1 , 2 ] } \t\r\n", .object(["a": .array([.int(1), .int(2)])])),
    ])
    func parsesValidDocument(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test(arguments: [
        ("9223372036854775807", JSONValue.int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_808)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
    ])
    func integersBeyondInt64BecomeDoubles(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test func resolvesEveryEscape() throws {
        let text = #""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \uD83D\uDE00 \ud83d\ude00""#
        #expect(try parse(text) == .string("\" \\ / \u{08} \u{0C} \n \r \t A é € 😀 😀"))
    }

    @Test func keepsTextAroundEscapes() throws {
        #expect(try parse(#""é€😀 plain \n after""#) == .string("é€😀 plain \n after"))
    }

    @Test func acceptsRawMultibyteUTF8() throws {
        #expect(try parse("\"é€😀\u{10FFFF}\"") == .string("é€😀\u{10FFFF}"))
    }

    @Test func lastDuplicateKeyWins() throws {
        #expect(try parse(#"{"a":1,"b":2,"a":3}"#) == .object(["a": .int(3), "b": .int(2)]))
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("  \n ", 4, "unexpected end of input"),
        ("tru", 3, "unexpected end of input"),
        ("trux", 3, "unexpected character 'x' at line 1, column 4"),
        ("True", 0, "unexpected character 'T' at line 1, column 1"),
        ("nul", 3, "unexpected end of input"),
        ("nulL", 3, "unexpected character 'L' at line 1, column 4"),
        ("01", 1, "trailing characters after the JSON value at line 1, column 2"),
        ("[01]", 2, "unexpected character '1' at line 1, column 3"),
        ("+1", 0, "unexpected character '+' at line 1, column 1"),
        (".5", 0, "unexpected character '.' at line 1, column 1"),
        ("1.", 2, "unexpected end of input"),
        ("1.e5", 2, "unexpected character 'e' at line 1, column 3"),
        ("1e", 2, "unexpected end of input"),
        ("1e+", 3, "unexpected end of input"),
        ("-", 1, "unexpected end of input"),
        ("-a", 1, "unexpected character 'a' at line 1, column 2"),
        ("NaN", 0, "unexpected character 'N' at line 1, column 1"),
        ("Infinity", 0, "unexpected character 'I' at line 1, column 1"),
        ("1e400", 0, "number out of range at line 1, column 1"),
        ("[-1e400]", 1, "number out of range at line 1, column 2"),
        ("[1,]", 3, "unexpected character ']' at line 1, column 4"),
        ("[1 2]", 3, "unexpected character '2' at line 1, column 4"),
        ("[1", 2, "unexpected end of input"),
        (#"{"a" 1}"#, 5, "unexpected character '1' at line 1, column 6"),
        (#"{"a":1,}"#, 7, "unexpected character '}' at line 1, column 8"),
        ("{a:1}", 1, "unexpected character 'a' at line 1, column 2"),
        (#"{"a":1"#, 6, "unexpected end of input"),
        ("[1]x", 3, "trailing characters after the JSON value at line 1, column 4"),
        ("[1] [2]", 4, "trailing characters after the JSON value at line 1, column 5"),
        ("\u{0C}1", 0, "unexpected character U+000C at line 1, column 1"),
        ("\u{A0}1", 0, "unexpected character U+00A0 at line 1, column 1"),
        ("\u{FEFF}1", 0, "unexpected character U+FEFF at line 1, column 1"),
        ("\t\n [1,\n  x]", 9, "unexpected character 'x' at line 3, column 3"),
        ("[\"é\", x]", 7, "unexpected character 'x' at line 1, column 7"),
        ("\"abc", 4, "unexpected end of input"),
        ("\"a\u{01}\"", 2, "unescaped control character U+0001 in string at line 1, column 3"),
        ("\"a\nb\"", 2, "unescaped control character U+000A in string at line 1, column 3"),
        ("\"a\tb\"", 2, "unescaped control character U+0009 in string at line 1, column 3"),
        (#""\x""#, 1, "invalid escape at line 1, column 2"),
        (#""\U0041""#, 1, "invalid escape at line 1, column 2"),
        (#""\u12G4""#, 5, "invalid escape at line 1, column 6"),
        (#""\u12"#, 5, "unexpected end of input"),
        (#""\"#, 2, "unexpected end of input"),
        (#""\uD83D""#, 1, #"unpaired UTF-16 surrogate in \u escape at line 1, column 2"#),
        (#""\uD83Dx""#, 1, #"unpaired UTF-16 surrogate in \u escape at line 1, column 2"#),
        (#""\uD83D\u0041""#, 1, #"unpaired UTF-16 surrogate in \u escape at line 1, column 2"#),
        (#""\uD83D\uD83D""#, 1, #"unpaired UTF-16 surrogate in \u escape at line 1, column 2"#),
        (#""\uDE00""#, 1, #"unpaired UTF-16 surrogate in \u escape at line 1, column 2"#),
        (#""ok\uDE00\uD83D""#, 3, #"unpaired UTF-16 surrogate in \u escape at line 1, column 4"#),
    ])
    func rejectsMalformedText(text: String, offset: Int, message: String) {
        #expect(throws: JSONSyntaxError(offset: offset, message: message)) {
            try parse(text)
        }
    }

    @Test(
        arguments: [
            ([0xFF], 0),
            ([0x22, 0x80, 0x22], 1),  // continuation byte without a lead byte
            ([0x22, 0xC0, 0xAF, 0x22], 1),  // overlong "/"
            ([0x22, 0xC1, 0xBF, 0x22], 1),  // overlong two-byte form
            ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1),  // overlong three-byte form
            ([0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], 1),  // overlong four-byte form
            ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),  // U+D800 encoded in UTF-8
            ([0x22, 0xED, 0xBF, 0xBF, 0x22], 1),  // U+DFFF encoded in UTF-8
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),  // U+110000
            ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1),
            ([0x22, 0x61, 0xC3, 0x22], 2),  // truncated before the closing quote
            ([0x22, 0xE2, 0x82], 1),  // truncated at the end of input
            ([0x22, 0x5C, 0x6E, 0xFE, 0x22], 3),  // after an escape
        ] as [([UInt8], Int)])
    func rejectsInvalidUTF8(bytes: [UInt8], offset: Int) {
        #expect(throws: JSONSyntaxError(offset: offset, message: "invalid UTF-8 at line 1, column \(offset + 1)")) {
            try JSONParser.parse(bytes)
        }
    }

    @Test func acceptsSixtyFourLevelsOfNesting() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var expected = JSONValue.array([])
        for _ in 1..<depth { expected = .array([expected]) }
        #expect(try parse(text) == expected)
    }

    @Test func rejectsSixtyFiveLevelsOfArrays() {
        let text = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONSyntaxError(offset: 64, message: "nesting deeper than 64 levels at line 1, column 65")) {
            try parse(text)
        }
    }

    @Test func rejectsSixtyFiveLevelsOfObjects() {
        let text = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(throws: JSONSyntaxError(offset: 320, message: "nesting deeper than 64 levels at line 1, column 321")) {
            try parse(text)
        }
    }

    @Test(arguments: [
        (JSONValue.null, "null"),
        (.bool(true), "boolean"),
        (.int(1), "integer"),
        (.double(1.5), "number"),
        (.string(""), "string"),
        (.array([]), "array"),
        (.object([:]), "object"),
    ])
    func namesTypesAsJSONSchemaDoes(value: JSONValue, name: String) {
        #expect(value.typeName == name)
    }

    @Test(arguments: [
        JSONValue.null,
        .bool(false),
        .int(.max),
        .int(.min),
        .double(0.1),
        .double(-2.5e-300),
        .double(1e300),
        .double(.leastNonzeroMagnitude),
        .double(3),
        .string("quote \" backslash \\ slash / controls \u{00}\u{08}\u{0C}\n\r\t\u{1F} separators \u{2028}\u{2029}"),
        .string("é€😀\u{10FFFF}"),
        .array([.int(1), .array([]), .object([:]), .null]),
        .object(["z": .int(1), "a": .object(["nested": .array([.string("x"), .double(1.25)])]), "": .bool(true)]),
    ])
    func roundTripsThroughTheWriter(value: JSONValue) throws {
        #expect(try JSONParser.parse(JSONWriter.encode(value)) == value)
    }
}
