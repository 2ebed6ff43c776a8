internal import COpenSSLCrypto

/// Wiping memory that held secrets.
package enum SecureMemory {
    /// Overwrites `count` bytes at `pointer` with zeros through `OPENSSL_cleanse`, which the optimiser cannot drop
    /// as a dead store.
    package static func wipe(_ pointer: UnsafeMutableRawPointer, count: Int) {
        OPENSSL_cleanse(pointer, count)
    }
}
