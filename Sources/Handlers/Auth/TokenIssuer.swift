import SecurityLibcrypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Issues and checks access tokens: JWT HS256 with `sub`, `iat`, `exp` and `jti`.
package struct TokenIssuer: Sendable {
    let signer: JWTSigner
    let lifetime: Duration

    /// - Returns: `nil` when the secret is too short to sign with (under 256 bits).
    package init?(secret: [UInt8], lifetime: Duration) {
        guard let signer = JWTSigner(secret: secret) else { return nil }
        self.signer = signer
        self.lifetime = lifetime
    }

    /// A token for the user, and its lifetime in seconds.
    func issue(forUser id: Int64, now: Date = Date()) throws -> (token: AccessToken, expiresIn: Int32) {
        let claims = try JWTClaims(subject: String(id), issuedAt: now, lifetime: lifetime)
        return (try signer.sign(claims), Int32(clamping: lifetime.components.seconds))
    }

    /// The user id a valid token names; `nil` for any invalid, expired or foreign token.
    func userID(from token: String, now: Date = Date()) -> Int64? {
        guard let claims = try? signer.verify(AccessToken(token), now: now),
            let id = Int64(claims.subject), id > 0
        else { return nil }
        return id
    }
}
