internal import COpenSSLCrypto

/// Cryptographically secure random bytes from OpenSSL's CSPRNG.
package enum SecureRandom {
    /// Returns `count` random bytes; zero or a negative count gives an empty array.
    /// - Throws: `CryptoError` when OpenSSL cannot produce random bytes (for instance, its entropy source failed);
    ///   that is a fault of the machine, and the caller must not fall back to weaker randomness.
    package static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard let length = Int32(exactly: count) else {
            throw CryptoError(function: "RAND_bytes", reason: "\(count) bytes requested at once")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, length) }
        // RAND_bytes returns 1 on success, 0 or -1 on failure; anything but 1 leaves the buffer untrustworthy.
        guard status == 1 else { throw CryptoError.fromOpenSSL(failedFunction: "RAND_bytes") }
        return bytes
    }
}
