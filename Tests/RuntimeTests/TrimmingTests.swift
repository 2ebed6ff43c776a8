import APIRuntime
import Testing

/// `x-trim`: Unicode White_Space scalars at either end are removed before the checks, one scalar at a time.
@Suite struct TrimmingTests {
    func trimmed(_ text: String) -> String? {
        var validator = Validator()
        return validator.string(.string(text), at: "body.title", trim: true, minLength: 1)
    }

    @Test func whiteSpaceAtEitherEndGoesAndTheRestStays() {
        #expect(trimmed("\u{3000} Buy milk\t\n") == "Buy milk")
        #expect(trimmed("a \u{2028} b") == "a \u{2028} b")
        // A combining mark after a leading space is a scalar of its own: it stays, as the served pattern says.
        #expect(trimmed(" \u{301}x") == "\u{301}x")
        // U+200B and U+FEFF are not White_Space; U+0085 and U+00A0 are.
        #expect(trimmed("\u{200B}") == "\u{200B}")
        #expect(trimmed("\u{FEFF}") == "\u{FEFF}")
        #expect(trimmed("\u{85}\u{A0}") == nil)
    }

    @Test func nothingButWhiteSpaceIsTooShort() {
        var validator = Validator()
        _ = validator.string(.string("\u{2029}\u{205F}"), at: "body.title", trim: true, minLength: 1)
        #expect(validator.issues.map(\.message) == ["must be at least 1 character long"])
        for scalar in (0...0xFFFF).compactMap(Unicode.Scalar.init) where scalar != "\0" {
            #expect((trimmed(String(scalar)) == nil) == scalar.properties.isWhitespace, "U+\(scalar.value)")
        }
    }
}
