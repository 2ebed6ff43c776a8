internal import COpenSSLCrypto

/// Comparisons whose duration does not depend on where two secrets first differ.
package enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes.
    ///
    /// Only the lengths may influence the timing: unequal lengths answer `false` at once, equal lengths are compared
    /// with `CRYPTO_memcmp`, which always reads every byte.
    package static func areEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return false }
                return CRYPTO_memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }
}
