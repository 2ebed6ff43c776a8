internal import APIRuntime

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// The claims of an access token (RFC 7519 §4.1); dates travel as whole seconds since 1970 (NumericDate).
package struct JWTClaims: Sendable, Equatable {
    /// `sub`: the user id, as a string.
    package var subject: String
    /// `iat`: when the token was issued.
    package var issuedAt: Date
    /// `exp`: the first instant at which the token is no longer accepted.
    package var expiresAt: Date
    /// `jti`: a unique token id.
    package var id: String

    /// Creates claims from their parts; dates with fractions of a second lose them when signed.
    package init(subject: String, issuedAt: Date, expiresAt: Date, id: String) {
        self.subject = subject
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.id = id
    }

    /// Creates claims for a new token: `issuedAt` rounded down to a whole second, `expiresAt` `lifetime` later (whole
    /// seconds), and a random 128-bit base64url `id`.
    /// - Throws: `CryptoError` when no random bytes are available for the id.
    package init(subject: String, issuedAt: Date, lifetime: Duration) throws(CryptoError) {
        let issued = issuedAt.timeIntervalSince1970.rounded(.down)
        self.subject = subject
        self.issuedAt = Date(timeIntervalSince1970: issued)
        self.expiresAt = Date(timeIntervalSince1970: issued + Double(lifetime.components.seconds))
        self.id = Base64URL.encode(try SecureRandom.bytes(16))
    }
}
