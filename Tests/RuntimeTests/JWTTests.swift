import APIRuntime
import Foundation
import SecurityLibcrypto
import Testing

@Suite struct JWTTests {
    // The HMAC key of RFC 7515 Appendix A.1 (its JWK "k", base64url-decoded).
    private static let rfc7515Key: [UInt8] = [
        3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40,
        169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34,
        61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163,
    ]
    private static let issued = Date(timeIntervalSince1970: 1_700_000_000)
    private static let expires = Date(timeIntervalSince1970: 1_700_001_800)
    private static let knownClaims = JWTClaims(
        subject: "42", issuedAt: issued, expiresAt: expires, id: "AAAAAAAAAAAAAAAAAAAAAA")
    // Computed independently with Python's hmac, hashlib and base64 modules from knownClaims and rfc7515Key.
    private static let knownToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        + ".eyJzdWIiOiI0MiIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAxODAwLCJqdGkiOiJBQUFBQUFBQUFBQUFBQUFBQUFBQUFBIn0"
        + ".6XJodIhdJr4SUv4A7mRhdeLy4vIqhoF6rhNZPs32bb0"

    private let signer: JWTSigner

    init() throws {
        signer = try #require(JWTSigner(secret: Self.rfc7515Key))
    }

    private func verify(_ token: String, now: Date = JWTTests.issued) throws(JWTError) -> JWTClaims {
        try signer.verify(AccessToken(token), now: now)
    }

    private func segments(of token: AccessToken) -> [String] {
        token.text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private func encodedJSON(_ json: String) -> String {
        Base64URL.encode(json.utf8)
    }

    // MARK: Signing

    @Test func signsTheKnownVectorByteForByte() throws {
        #expect(try signer.sign(Self.knownClaims).text == Self.knownToken)
    }

    @Test func verifiesTheKnownVector() throws {
        #expect(try verify(Self.knownToken) == Self.knownClaims)
    }

    @Test func roundTripsFreshClaims() throws {
        let now = Date(timeIntervalSince1970: 1_750_000_123.75)
        let claims = try JWTClaims(subject: "7", issuedAt: now, lifetime: .seconds(1800))
        #expect(claims.issuedAt == Date(timeIntervalSince1970: 1_750_000_123))
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_750_001_923))
        #expect(claims.id.utf8.count == 22)
        #expect(Base64URL.decode(claims.id)?.count == 16)
        let token = try signer.sign(claims)
        #expect(try signer.verify(token, now: now) == claims)
    }

    @Test func freshClaimsHaveDistinctIDs() throws {
        let first = try JWTClaims(subject: "7", issuedAt: Self.issued, lifetime: .seconds(60))
        let second = try JWTClaims(subject: "7", issuedAt: Self.issued, lifetime: .seconds(60))
        #expect(first.id != second.id)
    }

    @Test func fractionalSecondsAreRoundedDownWhenSigned() throws {
        let claims = JWTClaims(
            subject: "1", issuedAt: Date(timeIntervalSince1970: 1_700_000_000.9),
            expiresAt: Date(timeIntervalSince1970: 1_700_001_800.9), id: "x")
        let verified = try signer.verify(signer.sign(claims), now: Self.issued)
        #expect(verified.issuedAt == Self.issued)
        #expect(verified.expiresAt == Self.expires)
    }

    @Test func subjectIsEscapedInThePayload() throws {
        let claims = JWTClaims(subject: "a\"b\\c\u{1}", issuedAt: Self.issued, expiresAt: Self.expires, id: "i")
        #expect(try signer.verify(signer.sign(claims), now: Self.issued) == claims)
    }

    @Test func secretsShorterThan256BitsAreRefused() {
        #expect(JWTSigner(secret: []) == nil)
        #expect(JWTSigner(secret: [UInt8](repeating: 7, count: 31)) == nil)
        #expect(JWTSigner(secret: [UInt8](repeating: 7, count: 32)) != nil)
    }

    // MARK: Expiry

    @Test func expiresExactlyAtExp() throws {
        #expect(throws: JWTError.expired) { try verify(Self.knownToken, now: Self.expires) }
        #expect(throws: JWTError.expired) { try verify(Self.knownToken, now: Self.expires + 3600) }
        #expect(try verify(Self.knownToken, now: Self.expires - 0.001) == Self.knownClaims)
    }

    // MARK: Forgery

    @Test func tamperedPayloadIsABadSignature() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let forged = encodedJSON(#"{"sub":"1","iat":1700000000,"exp":1700001800,"jti":"AAAAAAAAAAAAAAAAAAAAAA"}"#)
        #expect(throws: JWTError.badSignature) { try verify([parts[0], forged, parts[2]].joined(separator: ".")) }
    }

    @Test func tamperedHeaderIsABadSignature() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let header = encodedJSON(#"{"typ":"JWT","alg":"HS256"}"#)
        #expect(throws: JWTError.badSignature) { try verify([header, parts[1], parts[2]].joined(separator: ".")) }
    }

    @Test func tamperedSignatureIsABadSignature() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        var signature = Array(parts[2].utf8)
        signature[0] = signature[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = [parts[0], parts[1], String(decoding: signature, as: UTF8.self)].joined(separator: ".")
        #expect(throws: JWTError.badSignature) { try verify(tampered) }
    }

    @Test func shortenedOrEmptySignatureIsABadSignature() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let truncated = String(parts[2].prefix(40))
        #expect(throws: JWTError.badSignature) { try verify([parts[0], parts[1], truncated].joined(separator: ".")) }
        #expect(throws: JWTError.badSignature) { try verify([parts[0], parts[1], ""].joined(separator: ".")) }
        let signature = try #require(Base64URL.decode(parts[2]))
        let doubled = Base64URL.encode(signature + signature)
        #expect(throws: JWTError.badSignature) { try verify([parts[0], parts[1], doubled].joined(separator: ".")) }
    }

    @Test func tokenSignedWithAnotherSecretIsABadSignature() throws {
        let other = try #require(JWTSigner(secret: Array("another secret of at least 32 bytes".utf8)))
        let token = try other.sign(Self.knownClaims)
        #expect(throws: JWTError.badSignature) { try signer.verify(token, now: Self.issued) }
        #expect(try other.verify(token, now: Self.issued) == Self.knownClaims)
    }

    // MARK: Algorithms

    @Test func algNoneWithEmptySignatureIsRefused() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let none = encodedJSON(#"{"alg":"none"}"#) + "." + parts[1] + "."
        #expect(throws: JWTError.unsupportedAlgorithm) { try verify(none) }
        let noneWithType = encodedJSON(#"{"alg":"none","typ":"JWT"}"#) + "." + parts[1] + "."
        #expect(throws: JWTError.unsupportedAlgorithm) { try verify(noneWithType) }
    }

    @Test(arguments: ["none", "None", "HS512", "HS384", "hs256", "HS256 ", "RS256", "ES256", ""])
    func otherAlgorithmsAreRefusedEvenWithAValidSignatureSegment(algorithm: String) throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let header = encodedJSON(#"{"alg":"\#(algorithm)","typ":"JWT"}"#)
        #expect(throws: JWTError.unsupportedAlgorithm) {
            try verify([header, parts[1], parts[2]].joined(separator: "."))
        }
    }

    @Test(arguments: [#"{"typ":"JWT"}"#, #"{"alg":null}"#, #"{"alg":256}"#, #"{"alg":["HS256"]}"#, "{}"])
    func missingOrNonStringAlgIsMalformed(header: String) throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let token = [encodedJSON(header), parts[1], parts[2]].joined(separator: ".")
        #expect(throws: JWTError.malformed) { try verify(token) }
    }

    @Test(arguments: [
        #"{"alg":"HS256","typ":"JWS"}"#, #"{"alg":"HS256","typ":"jwt"}"#, #"{"alg":"HS256","typ":1}"#,
        #"{"alg":"HS256","crit":["exp"],"exp":1}"#,
    ])
    func otherTypeOrCriticalExtensionIsMalformed(header: String) throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let token = [encodedJSON(header), parts[1], parts[2]].joined(separator: ".")
        #expect(throws: JWTError.malformed) { try verify(token) }
    }

    // MARK: Malformed

    @Test func wrongSegmentCountIsMalformed() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        #expect(throws: JWTError.malformed) { try verify("") }
        #expect(throws: JWTError.malformed) { try verify("..") }
        #expect(throws: JWTError.malformed) { try verify(parts[0]) }
        #expect(throws: JWTError.malformed) { try verify([parts[0], parts[1]].joined(separator: ".")) }
        #expect(throws: JWTError.malformed) { try verify((parts + [parts[2]]).joined(separator: ".")) }
        #expect(throws: JWTError.malformed) { try verify(Self.knownToken + ".") }
    }

    @Test func badBase64InAnySegmentIsMalformed() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        for index in 0..<3 {
            for corruption in ["+", "/", "!", " ", "é"] {
                var corrupted = parts
                corrupted[index] = String(corrupted[index].dropLast()) + corruption
                #expect(throws: JWTError.malformed) { try verify(corrupted.joined(separator: ".")) }
            }
        }
    }

    @Test func paddingIsMalformed() throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        // The 32-byte signature is 43 symbols, so standard base64 pads it with one "=".
        #expect(throws: JWTError.malformed) { try verify(Self.knownToken + "=") }
        // The 27-byte header is 36 symbols; "==" after it is padding where none belongs.
        #expect(throws: JWTError.malformed) {
            try verify([parts[0] + "==", parts[1], parts[2]].joined(separator: "."))
        }
    }

    @Test func nonCanonicalSignatureEncodingIsMalformed() throws {
        // The last of 43 symbols carries 4 data bits and 2 zero bits; "1" (53) sets a zero bit, so it must not
        // decode to the same signature as "0" (52).
        let alias = String(Self.knownToken.dropLast()) + "1"
        #expect(Self.knownToken.hasSuffix("0"))
        #expect(throws: JWTError.malformed) { try verify(alias) }
    }

    @Test(arguments: ["not json", "[]", #""HS256""#, #"{"alg":"HS256""#, ""])
    func headerThatIsNotAJSONObjectIsMalformed(header: String) throws {
        let parts = segments(of: try signer.sign(Self.knownClaims))
        let token = [encodedJSON(header), parts[1], parts[2]].joined(separator: ".")
        #expect(throws: JWTError.malformed) { try verify(token) }
    }

    @Test func tokensOver8KiBAreRefusedBeforeVerification() throws {
        let claims = JWTClaims(
            subject: String(repeating: "s", count: 8192), issuedAt: Self.issued, expiresAt: Self.expires, id: "i")
        let token = try signer.sign(claims)
        #expect(throws: JWTError.malformed) { try signer.verify(token, now: Self.issued) }
        let borderline = JWTClaims(
            subject: String(repeating: "s", count: 5900), issuedAt: Self.issued, expiresAt: Self.expires, id: "i")
        let accepted = try signer.sign(borderline)
        #expect(accepted.text.utf8.count <= 8192)
        #expect(try signer.verify(accepted, now: Self.issued) == borderline)
    }

    // Signed with rfc7515Key by Python, so only the claims checks can reject them.
    @Test(arguments: [
        // no "sub"
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMTgwMCwianRpIjoiQUFBQUFBQUFBQUFBQUFBQUFBQUFBQSJ9"
            + ".NZSMk9kNCPkZ2bfNZF9BPv8PxxC-sj32TzystHuI368",
        // "exp" as a string
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiI0MiIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoiMTcwMDAwMTgwMCIsImp0aSI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUEifQ"
            + ".aCrXMoZ8-y0equ8_VyrmY435qzpLXNZ5Q-Eo95ecU7I",
        // "exp" as 1.7e9, not an integer
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiI0MiIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxLjdlOSwianRpIjoiQUFBQUFBQUFBQUFBQUFBQUFBQUFBQSJ9"
            + ".3ukzjyeRUeDWUdVjIKcT_pMBu8e3rSmn8q_neMoYMlE",
        // "sub" as a number
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOjQyLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMTgwMCwianRpIjoiQUFBQUFBQUFBQUFBQUFBQUFBQUFBQSJ9"
            + ".NDip8UZpi6tNCZRf18Q9L8O-ghZGQiV7iNf0IRNiDyM",
        // payload is an array
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.WyJzdWIiLCI0MiJd.KZkWBPGk16DES_Z0iHKoyl03Cm8qhC_XUN2Ugd-bD-M",
        // payload is not JSON
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bm90IGpzb24.zT5E7emcR5EbAT_CNJiQqi0RknzkwSiNICyv99GfTmQ",
    ])
    func correctlySignedTokenWithBadClaimsIsMalformed(token: String) {
        #expect(throws: JWTError.malformed) { try verify(token) }
    }

    // RFC 7515 Appendix A.1 verbatim: its signature is valid for rfc7515Key, but it carries no "sub", "iat" or "jti".
    private static let rfc7515Example =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    @Test func rfc7515ExamplePassesTheSignatureCheckAndFailsOnClaims() throws {
        #expect(throws: JWTError.malformed) { try verify(Self.rfc7515Example) }
        let tampered = Self.rfc7515Example.replacingOccurrences(of: ".dBjf", with: ".eBjf")
        #expect(tampered != Self.rfc7515Example)
        #expect(throws: JWTError.badSignature) { try verify(tampered) }
        let otherKey = try #require(JWTSigner(secret: [UInt8](repeating: 1, count: 64)))
        #expect(throws: JWTError.badSignature) {
            try otherKey.verify(AccessToken(Self.rfc7515Example), now: Self.issued)
        }
    }

    @Test func errorDescriptionsAreGeneric() {
        #expect(JWTError.malformed.description == "malformed token")
        #expect(JWTError.unsupportedAlgorithm.description == "unsupported token algorithm")
        #expect(JWTError.badSignature.description == "invalid token signature")
        #expect(JWTError.expired.description == "token expired")
    }
}
