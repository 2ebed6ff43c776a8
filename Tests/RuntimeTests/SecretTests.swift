import PasswordsLibxcrypt
import SecurityLibcrypto
import Testing

@Suite struct SecretTests {
    @Test func passwordNeverPrintsItsText() {
        let password = Password("hunter2-hunter2")
        #expect(String(describing: password) == "<redacted>")
        #expect(String(reflecting: password) == "<redacted>")
        #expect("\(password)" == "<redacted>")
        var dumped = ""
        dump(password, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(password.utf8Count == 15)
    }

    @Test func accessTokenNeverPrintsItsText() {
        let token = AccessToken("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
        #expect(String(describing: token) == "<redacted>")
        #expect(String(reflecting: token) == "<redacted>")
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!dumped.contains("eyJ"))
        #expect(token.text == "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
    }

    @Test func signerNeverPrintsItsSecret() throws {
        let signer = try #require(JWTSigner(secret: Array("a-very-secret-key-of-32-bytes!!!".utf8)))
        #expect(String(describing: signer) == "JWTSigner(<redacted>)")
        #expect(String(reflecting: signer) == "JWTSigner(<redacted>)")
        var dumped = ""
        dump(signer, to: &dumped)
        #expect(!dumped.contains("97"))  // 97 is "a", the first byte of the secret
        #expect(!dumped.contains("secret"))
    }
}
