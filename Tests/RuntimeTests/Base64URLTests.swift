import APIRuntime
import Testing

@Suite struct Base64URLTests {
    // RFC 4648 §10, without the padding RFC 7515 drops.
    @Test(arguments: [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func encodesRFC4648VectorsWithoutPadding(plain: String, encoded: String) {
        #expect(Base64URL.encode(plain.utf8) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesURLSafeAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.encode([0xFF, 0xFF, 0xFE]) == "___-")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("___-") == [0xFF, 0xFF, 0xFE])
    }

    @Test func roundTripsEveryByteValueAtEveryLengthRemainder() {
        let allBytes = (0...255).map { UInt8($0) }
        for length in 0...allBytes.count {
            let bytes = Array(allBytes.prefix(length))
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test func decodesFromUTF8Slices() {
        let token = Array("Zm9v.YmFy".utf8)
        #expect(Base64URL.decode(utf8: token[0..<4]) == Array("foo".utf8))
        #expect(Base64URL.decode(utf8: token[5...]) == Array("bar".utf8))
    }

    @Test(arguments: [
        "Zg==",  // padding
        "Zm8=",  // padding
        "Zm9v====",  // padding only group
        "=",  // padding alone
        "Zm 9v",  // inner space
        "Zm9v\n",  // trailing newline
        " Zm9v",  // leading space
        "Zm9v\t",  // tab
        "Zm+v",  // standard alphabet '+'
        "Zm/v",  // standard alphabet '/'
        "Zm9v.",  // dot
        "Zm9vé",  // non-ASCII
        "Z",  // length % 4 == 1
        "Zm9vY",  // length % 4 == 1
        "Zh",  // non-zero pad bits in the last symbol
        "Zm9",  // non-zero pad bits in the last symbol
    ])
    func rejectsNonCanonicalText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func acceptsEmptyText() {
        #expect(Base64URL.decode("") == [])
    }
}
