import APIRuntime
import Testing

@Suite struct FormDecodingTests {
    /// Pairs as `[name, value]` arrays, which unlike tuples are `Equatable`.
    private func pairs(_ text: String) throws(FormDecodingError) -> [[String]] {
        try FormDecoding.parse(Array(text.utf8)).map { [$0.name, $0.value] }
    }

    @Test func decodesPlusPercentAndMissingValues() throws {
        #expect(try pairs("a=1&b=x+y&c=%E2%82%AC&d") == [["a", "1"], ["b", "x y"], ["c", "€"], ["d", ""]])
    }

    @Test(
        arguments: [
            ("", []),
            ("&&", []),
            ("&&a=1&&", [["a", "1"]]),
            ("a=b=c", [["a", "b=c"]]),
            ("=x", [["", "x"]]),
            ("a=", [["a", ""]]),
            ("%61+b=1", [["a b", "1"]]),
            ("a=%26%3D%2B%25", [["a", "&=+%"]]),
            ("c=%e2%82%ac", [["c", "€"]]),
            ("t=1&t=2&t=3", [["t", "1"], ["t", "2"], ["t", "3"]]),
            ("name=caf\u{E9}", [["name", "café"]]),
            ("q=a;b", [["q", "a;b"]]),
        ] as [(String, [[String]])])
    func splitsIntoOrderedPairs(text: String, expected: [[String]]) throws {
        #expect(try pairs(text) == expected)
    }

    @Test(arguments: [
        ("a=%zz", "malformed percent-encoding in the value of parameter 1"),
        ("a=1&b=%4", "malformed percent-encoding in the value of parameter 2"),
        ("a=1&&b=%", "malformed percent-encoding in the value of parameter 2"),
        ("a=1&%G1=1", "malformed percent-encoding in the name of parameter 2"),
        ("a=%FF", "the value of parameter 1 is not valid UTF-8"),
        ("a=%C3", "the value of parameter 1 is not valid UTF-8"),
        ("a=%C0%AF", "the value of parameter 1 is not valid UTF-8"),
        ("x=1&%ED%A0%80=x", "the name of parameter 2 is not valid UTF-8"),
    ])
    func rejectsMalformedEncoding(text: String, message: String) {
        #expect(throws: FormDecodingError(message: message)) {
            try pairs(text)
        }
    }

    @Test func rejectsRawBytesThatAreNotUTF8() {
        #expect(throws: FormDecodingError(message: "the value of parameter 1 is not valid UTF-8")) {
            try FormDecoding.parse([UInt8(ascii: "a"), UInt8(ascii: "="), 0xFF])
        }
    }

    @Test func acceptsAnyCollectionOfBytes() throws {
        let slice = Array("xx&a=1".utf8)[2...]
        #expect(try FormDecoding.parse(slice).map { [$0.name, $0.value] } == [["a", "1"]])
        #expect(try FormDecoding.parse("b=2".utf8).map { [$0.name, $0.value] } == [["b", "2"]])
        // Not contiguous, so decoding takes the copying path.
        let reversed = Array("y+12%=c".utf8).reversed()
        #expect(try FormDecoding.parse(reversed).map { [$0.name, $0.value] } == [["c", "! y"]])
    }

    @Test(arguments: [
        ("plain", false, "plain"),
        ("a%20b", false, "a b"),
        ("a+b", false, "a+b"),
        ("a+b", true, "a b"),
        ("a+b%21", false, "a+b!"),
        ("caf%C3%A9", false, "café"),
        ("%2F", false, "/"),
        ("", false, ""),
    ])
    func percentDecodesSegments(text: String, plusAsSpace: Bool, expected: String) {
        #expect(FormDecoding.percentDecode(Substring(text), plusAsSpace: plusAsSpace) == expected)
    }

    @Test(arguments: ["%zz", "%4", "%", "a%FF", "%C3", "%ED%A0%80"])
    func percentDecodeReturnsNilForMalformedText(text: String) {
        #expect(FormDecoding.percentDecode(Substring(text), plusAsSpace: false) == nil)
    }

    @Test func percentDecodesASubstringOfALargerPath() {
        let segment = "/tasks/hello%21/x".split(separator: "/")[1]
        #expect(FormDecoding.percentDecode(segment, plusAsSpace: false) == "hello!")
    }
}
