internal import COpenSSLCrypto

/// A failure inside OpenSSL's libcrypto: a real fault of the machine (an exhausted entropy source, no memory), never
/// a consequence of bad input.
package struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The libcrypto function that failed, such as `RAND_bytes`.
    package let function: String
    /// OpenSSL's text for the first queued error, such as `error:…:random number generator::…`, or empty when the
    /// queue held none; safe to log, it never contains key material.
    package let reason: String

    /// Creates an error; `CryptoError.fromOpenSSL(failedFunction:)` is the usual way.
    package init(function: String, reason: String) {
        self.function = function
        self.reason = reason
    }

    /// The failed function and OpenSSL's reason.
    package var description: String {
        reason.isEmpty ? "\(function) failed" : "\(function) failed: \(reason)"
    }

    /// The error for a libcrypto call that just failed on this thread, taken from OpenSSL's thread-local queue.
    ///
    /// The queue is cleared as well, so a stale entry can never be blamed on a later, unrelated call.
    static func fromOpenSSL(failedFunction function: String) -> CryptoError {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return CryptoError(function: function, reason: "") }
        // OpenSSL documents 256 bytes as enough for any error string; ERR_error_string_n always NUL-terminates.
        var buffer = [CChar](repeating: 0, count: 256)
        let reason = buffer.withUnsafeMutableBufferPointer { pointer -> String in
            guard let base = pointer.baseAddress else { return "" }
            ERR_error_string_n(code, base, pointer.count)
            return String(cString: base)
        }
        return CryptoError(function: function, reason: reason)
    }
}
