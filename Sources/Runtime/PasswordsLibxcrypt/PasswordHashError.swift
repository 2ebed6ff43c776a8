package import SecurityLibcrypto

/// Why `PasswordHasher` could not be created or could not hash a password.
package enum PasswordHashError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bcrypt cost is outside `PasswordHasher.costRange`.
    case costOutOfRange(Int)
    /// The password is longer than bcrypt's 72 bytes, which it would silently ignore.
    case passwordTooLong
    /// The password contains U+0000, which would end it early at the C boundary.
    case passwordContainsNullByte
    /// OpenSSL could not produce random salt.
    case randomnessUnavailable(CryptoError)
    /// libxcrypt reported a failure.
    case hashingFailed

    /// A description that never contains the password or a hash.
    package var description: String {
        switch self {
        case .costOutOfRange(let cost):
            "bcrypt cost \(cost) is outside \(PasswordHasher.costRange.lowerBound)...\(PasswordHasher.costRange.upperBound)"
        case .passwordTooLong: "password longer than \(PasswordHasher.maximumPasswordLength) UTF-8 bytes"
        case .passwordContainsNullByte: "password contains a NUL character"
        case .randomnessUnavailable(let error): "no random salt: \(error)"
        case .hashingFailed: "bcrypt hashing failed"
        }
    }
}
