import PasswordsLibxcrypt
import Testing

@Suite struct PasswordHasherTests {
    private let hasher: PasswordHasher

    init() throws {
        hasher = try PasswordHasher(cost: 4)
    }

    @Test func hashIsBcrypt2bAtTheConfiguredCost() throws {
        let hash = try hasher.hash(Password("correct horse battery staple"))
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(hash.utf8.count == 60)
    }

    @Test func hashingTheSamePasswordTwiceUsesDifferentSalt() throws {
        let password = Password("correct horse battery staple")
        #expect(try hasher.hash(password) != hasher.hash(password))
    }

    @Test func verifyAcceptsTheRightPasswordOnly() throws {
        let hash = try hasher.hash(Password("correct horse battery staple"))
        #expect(hasher.verify(Password("correct horse battery staple"), against: hash))
        #expect(!hasher.verify(Password("correct horse battery stapl"), against: hash))
        #expect(!hasher.verify(Password("Correct horse battery staple"), against: hash))
        #expect(!hasher.verify(Password(""), against: hash))
    }

    @Test func verifyUsesTheCostStoredInTheHash() throws {
        let hash = try PasswordHasher(cost: 5).hash(Password("s3cret-pass"))
        #expect(hash.hasPrefix("$2b$05$"))
        #expect(hasher.verify(Password("s3cret-pass"), against: hash))
    }

    @Test func nonASCIIPasswordsRoundTrip() throws {
        let hash = try hasher.hash(Password("pässwörd-🔑"))
        #expect(hasher.verify(Password("pässwörd-🔑"), against: hash))
        #expect(!hasher.verify(Password("passwörd-🔑"), against: hash))
    }

    @Test func everyOneOf72BytesCounts() throws {
        let password = String(repeating: "a", count: 71) + "b"
        let hash = try hasher.hash(Password(password))
        #expect(hasher.verify(Password(password), against: hash))
        #expect(!hasher.verify(Password(String(repeating: "a", count: 72)), against: hash))
        #expect(!hasher.verify(Password(String(repeating: "a", count: 71)), against: hash))
    }

    @Test func passwordsBeyond72BytesAreRefusedNotTruncated() throws {
        let seventyTwo = String(repeating: "a", count: 72)
        let hash = try hasher.hash(Password(seventyTwo))
        #expect(throws: PasswordHashError.passwordTooLong) { try hasher.hash(Password(seventyTwo + "a")) }
        // bcrypt itself would ignore the 73rd byte and accept this.
        #expect(!hasher.verify(Password(seventyTwo + "a"), against: hash))
        // 71 ASCII bytes plus a two-byte "é" is 73 bytes although only 72 characters.
        #expect(throws: PasswordHashError.passwordTooLong) {
            try hasher.hash(Password(String(repeating: "a", count: 71) + "é"))
        }
    }

    @Test func passwordsWithNULAreRefused() throws {
        let hash = try hasher.hash(Password("abc"))
        #expect(throws: PasswordHashError.passwordContainsNullByte) { try hasher.hash(Password("abc\u{0}def")) }
        // The C string would end at the NUL and match "abc".
        #expect(!hasher.verify(Password("abc\u{0}def"), against: hash))
    }

    @Test(arguments: [
        "",
        "*0",
        "*1",
        "$2b$04$",
        "$2b$04$tooshort",
        "$2b$04$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  // '=' is outside bcrypt's alphabet
        "$2b$99$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  // cost out of range
        "$2b$0x$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  // cost not digits
        "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",  // MD5-crypt, which libxcrypt would run
        "abJnggxhB/yWI",  // traditional DES, which libxcrypt would run
        "$6$rounds=1000$salt$hash",
        String(repeating: "x", count: 60),
    ])
    func malformedHashesVerifyAsFalse(hash: String) {
        #expect(!hasher.verify(Password("anything"), against: hash))
    }

    @Test func truncatedOrRelabelledHashesVerifyAsFalse() throws {
        let hash = try hasher.hash(Password("password1"))
        #expect(!hasher.verify(Password("password1"), against: String(hash.dropLast())))
        #expect(!hasher.verify(Password("password1"), against: hash + "A"))
        #expect(!hasher.verify(Password("password1"), against: "$2y$" + hash.dropFirst(4)))
        var flipped = Array(hash.utf8)
        flipped[40] = flipped[40] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(!hasher.verify(Password("password1"), against: String(decoding: flipped, as: UTF8.self)))
    }

    @Test func dummyHashHasTheConfiguredCostAndNeverVerifies() throws {
        #expect(hasher.dummyHash.hasPrefix("$2b$04$"))
        #expect(hasher.dummyHash.utf8.count == 60)
        #expect(try PasswordHasher(cost: 5).dummyHash.hasPrefix("$2b$05$"))
        #expect(!hasher.verifyDummy(Password("password1")))
        #expect(!hasher.verifyDummy(Password("")))
    }

    @Test func concurrentCallsDoNotShareState() async throws {
        let hasher = self.hasher
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let password = Password("password-\(index)")
                    let hash = try hasher.hash(password)
                    return hasher.verify(password, against: hash)
                        && !hasher.verify(Password("password-\(index + 1)"), against: hash)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 16))
    }

    @Test(arguments: [Int.min, -1, 0, 3, 32, Int.max])
    func costOutsideBcryptsRangeIsRefused(cost: Int) {
        #expect(throws: PasswordHashError.costOutOfRange(cost)) { try PasswordHasher(cost: cost) }
    }

    @Test func errorDescriptionsNameNoSecret() {
        #expect(PasswordHashError.passwordTooLong.description == "password longer than 72 UTF-8 bytes")
        #expect(PasswordHashError.costOutOfRange(3).description == "bcrypt cost 3 is outside 4...31")
    }
}
