internal import COpenSSLCrypto

/// HMAC-SHA256 (RFC 2104) under one key, through libcrypto.
package struct HMACSHA256: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The length of every authentication code, in bytes.
    package static let codeLength = Int(SHA256_DIGEST_LENGTH)

    private let key: [UInt8]

    package init(key: [UInt8]) {
        self.key = key
    }

    /// The authentication code of `message` under the key.
    /// - Throws: `CryptoError` if OpenSSL cannot compute it, which only a fault of the machine causes.
    package func code(for message: [UInt8]) throws(CryptoError) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: Self.codeLength)
        var codeLength: UInt32 = 0
        let keyLength = Int32(clamping: key.count)
        let result = key.withUnsafeBytes { key in
            message.withUnsafeBufferPointer { data in
                code.withUnsafeMutableBufferPointer { output in
                    HMAC(
                        EVP_sha256(), key.baseAddress, keyLength, data.baseAddress, data.count, output.baseAddress,
                        &codeLength)
                }
            }
        }
        guard result != nil, Int(codeLength) == Self.codeLength else {
            throw CryptoError.fromOpenSSL(failedFunction: "HMAC")
        }
        return code
    }

    /// A key of its own for one purpose, derived from this one as HKDF-Expand (RFC 5869 §2.3) does for a single
    /// block: `HMAC(key, purpose || 0x01)`. One secret can then sign tokens and cursors without a code made for
    /// one ever being accepted as the other.
    package func derived(for purpose: String) throws(CryptoError) -> HMACSHA256 {
        HMACSHA256(key: try code(for: Array(purpose.utf8) + [1]))
    }

    /// Always `HMACSHA256(<redacted>)`: the key must not reach a log.
    package var description: String { "HMACSHA256(<redacted>)" }

    /// Always `HMACSHA256(<redacted>)`.
    package var debugDescription: String { description }

    // Without this, `dump` would list the key's bytes.
    /// A mirror without children.
    package var customMirror: Mirror { Mirror(self, children: []) }
}
