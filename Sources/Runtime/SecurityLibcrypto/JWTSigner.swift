internal import APIRuntime

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// Signs and verifies access tokens as compact JWS with HMAC-SHA256 (`HS256`, RFC 7518 §3.2), the only algorithm
/// accepted.
package struct JWTSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// RFC 7518 §3.2 requires an HS256 key of at least the hash's size, 256 bits.
    package static let minimumSecretLength = 32
    /// Longer tokens are rejected before any decoding; ours are about 200 bytes.
    package static let maximumTokenLength = 8192

    // The header is the same for every token we issue, so it is encoded once (and recognised as it stands).
    private static let encodedHeader = Base64URL.encode(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    private let authenticator: HMACSHA256

    /// Creates a signer with a shared secret.
    /// - Returns: `nil` when `secret` is shorter than `minimumSecretLength` bytes.
    package init?(secret: [UInt8]) {
        guard secret.count >= Self.minimumSecretLength else { return nil }
        self.authenticator = HMACSHA256(key: secret)
    }

    /// Signs `claims`; `iat` and `exp` are written as whole seconds, rounded down.
    /// - Throws: `CryptoError` if OpenSSL cannot compute the HMAC, which only a fault of the machine causes.
    package func sign(_ claims: JWTClaims) throws(CryptoError) -> AccessToken {
        var writer = JSONWriter(reservingCapacity: 128)
        writer.beginObject()
        writer.writeField("sub", claims.subject)
        writer.writeField("iat", Self.numericDate(claims.issuedAt))
        writer.writeField("exp", Self.numericDate(claims.expiresAt))
        writer.writeField("jti", claims.id)
        writer.endObject()
        let signingInput = Self.encodedHeader + "." + Base64URL.encode(writer.bytes)
        let signature = try authenticator.code(for: Array(signingInput.utf8))
        return AccessToken(signingInput + "." + Base64URL.encode(signature))
    }

    /// Checks `token` and returns its claims.
    ///
    /// Checks, in order: length, three canonical unpadded base64url segments, a JSON-object header with `alg`
    /// exactly `HS256`, `typ` absent or `JWT` and no `crit`; the signature, compared in constant time; a JSON-object
    /// payload with string `sub` and `jti` and integer `iat` and `exp`; and finally `exp` after `now`.
    /// - Throws: The `JWTError` of the first check that fails.
    package func verify(_ token: AccessToken, now: Date) throws(JWTError) -> JWTClaims {
        let bytes = Array(token.text.utf8)
        guard bytes.count <= Self.maximumTokenLength else { throw .malformed }
        let segments = bytes.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .malformed }
        // Decoding every segment before anything else makes bad base64 `malformed` wherever it is.
        // The header every token of ours carries is known good as it stands: only another one is decoded and checked.
        let isOurHeader = segments[0].elementsEqual(Self.encodedHeader.utf8)
        let header = isOurHeader ? nil : Base64URL.decode(utf8: segments[0])
        guard isOurHeader || header != nil,
            let payload = Base64URL.decode(utf8: segments[1]),
            let signature = Base64URL.decode(utf8: segments[2])
        else { throw .malformed }
        if let header { try Self.checkHeader(header) }

        // The signing input is the token's own first two segments (RFC 7515 §5.2), not a re-encoding of them.
        let signingInput = Array(bytes[segments[0].startIndex..<segments[1].endIndex])
        let expected: [UInt8]
        do {
            expected = try authenticator.code(for: signingInput)
        } catch {
            // A machine fault during verification must not let a token through; refuse it like a forgery.
            throw .badSignature
        }
        guard ConstantTime.areEqual(signature, expected) else { throw .badSignature }

        let claims = try Self.parseClaims(payload)
        guard claims.expiresAt > now else { throw .expired }
        return claims
    }

    /// Always `JWTSigner(<redacted>)`: the secret must not reach a log.
    package var description: String { "JWTSigner(<redacted>)" }

    /// Always `JWTSigner(<redacted>)`.
    package var debugDescription: String { description }

    // Without this, `dump` would list the secret's bytes.
    /// A mirror without children.
    package var customMirror: Mirror { Mirror(self, children: []) }

    private static func checkHeader(_ bytes: [UInt8]) throws(JWTError) {
        guard case .object(let header) = try parseJSON(bytes) else { throw .malformed }
        guard case .string(let algorithm)? = header["alg"] else { throw .malformed }
        // Exact, case-sensitive match: "none", "HS512" or "hs256" must never select another verification path.
        guard algorithm == "HS256" else { throw .unsupportedAlgorithm }
        if let type = header["typ"], type != .string("JWT") { throw .malformed }
        // RFC 7515 §4.1.11: a critical extension we do not implement means the token must be rejected; we
        // implement none.
        guard header["crit"] == nil else { throw .malformed }
    }

    private static func parseClaims(_ bytes: [UInt8]) throws(JWTError) -> JWTClaims {
        guard case .object(let payload) = try parseJSON(bytes),
            case .string(let subject)? = payload["sub"],
            case .int(let issuedAt)? = payload["iat"],
            case .int(let expiresAt)? = payload["exp"],
            case .string(let id)? = payload["jti"]
        else { throw .malformed }
        return JWTClaims(
            subject: subject,
            issuedAt: Date(timeIntervalSince1970: Double(issuedAt)),
            expiresAt: Date(timeIntervalSince1970: Double(expiresAt)),
            id: id
        )
    }

    private static func parseJSON(_ bytes: [UInt8]) throws(JWTError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .malformed
        }
    }

    /// Whole seconds since 1970, rounded down; clamped rather than trapping for dates no token should carry.
    private static func numericDate(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard !seconds.isNaN else { return 0 }
        // 2^63 is exactly representable; every Double below it converts without overflow.
        guard seconds < 9_223_372_036_854_775_808.0 else { return .max }
        guard seconds >= -9_223_372_036_854_775_808.0 else { return .min }
        return Int64(seconds)
    }
}
