/// Why `JWTSigner.verify(_:now:)` rejected a token; every case means `401` with `error="invalid_token"`.
///
/// The descriptions are generic and never quote the token.
package enum JWTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not three unpadded base64url segments of JSON objects with the required members, or longer than 8 KiB.
    case malformed
    /// The header's `alg` is anything but exactly `HS256`, including `none`.
    case unsupportedAlgorithm
    /// The signature was not made with this signer's secret over this header and payload.
    case badSignature
    /// The `exp` claim is not after the time of verification.
    case expired

    /// A short reason without any part of the token.
    package var description: String {
        switch self {
        case .malformed: "malformed token"
        case .unsupportedAlgorithm: "unsupported token algorithm"
        case .badSignature: "invalid token signature"
        case .expired: "token expired"
        }
    }
}
