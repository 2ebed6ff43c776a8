internal import APIRuntime
internal import CLibxcrypt
internal import SecurityLibcrypto

/// Hashes and verifies passwords with bcrypt (`$2b$`) through libxcrypt.
///
/// Every call is CPU-bound and blocks its thread for as long as the cost dictates (about 250 ms at cost 12), so
/// callers run it on a thread pool, never on an event loop. The calls are thread-safe: each one uses its own
/// libxcrypt work area.
package struct PasswordHasher: Sendable {
    /// The costs bcrypt accepts; each step doubles the work. 12 suits production, 4 only tests.
    package static let costRange = 4...31
    /// bcrypt reads at most this many bytes of a password.
    package static let maximumPasswordLength = 72

    /// The cost of new hashes; verification uses the cost written in the stored hash.
    package let cost: Int
    /// A hash of a random, discarded password at `cost`, for `verifyDummy(_:)`. It matches no password anyone knows.
    package let dummyHash: String

    /// Creates a hasher and computes its dummy hash, which takes as long as one `hash(_:)`.
    /// - Throws: `PasswordHashError.costOutOfRange` for a cost outside `costRange`; another `PasswordHashError` when
    ///   the dummy hash cannot be computed.
    package init(cost: Int) throws(PasswordHashError) {
        guard Self.costRange.contains(cost) else { throw .costOutOfRange(cost) }
        // The dummy must cost what a real hash costs, or unknown emails would answer faster than known ones.
        let dummyPassword: [UInt8]
        do {
            dummyPassword = try SecureRandom.bytes(18)
        } catch {
            throw .randomnessUnavailable(error)
        }
        self.cost = cost
        self.dummyHash = try Self.makeHash(of: Password(Base64URL.encode(dummyPassword)), cost: cost)
    }

    /// Hashes `password` with fresh random salt.
    /// - Returns: A 60-character `$2b$` hash, such as `$2b$12$` followed by 22 characters of salt and 31 of hash.
    /// - Throws: `PasswordHashError.passwordTooLong` beyond 72 UTF-8 bytes and `.passwordContainsNullByte` for
    ///   U+0000 (registration validates both first); `.randomnessUnavailable` or `.hashingFailed` for a system fault.
    package func hash(_ password: Password) throws(PasswordHashError) -> String {
        try Self.makeHash(of: password, cost: cost)
    }

    /// Whether `password` is the one `hash` was made from.
    ///
    /// The hash is recomputed with the stored salt and cost and compared in constant time.
    /// - Returns: `false` for a wrong password, for one that `hash(_:)` would reject, and for a `hash` that is not a
    ///   well-formed `$2b$` hash.
    package func verify(_ password: Password, against hash: String) -> Bool {
        guard Self.isHashable(password), Self.isWellFormed(hash) else { return false }
        guard let computed = Self.computeHash(of: password.text, setting: hash) else { return false }
        return ConstantTime.areEqual(computed, Array(hash.utf8))
    }

    /// Verifies `password` against `dummyHash` and answers `false`.
    ///
    /// Call it when no account has the submitted email, so that the answer takes as long as a real verification and
    /// its timing does not reveal which emails are registered.
    package func verifyDummy(_ password: Password) -> Bool {
        // The work happens behind an opaque C call, so the optimiser cannot drop it although the result is unused.
        _ = verify(password, against: dummyHash)
        return false
    }

    private static func makeHash(of password: Password, cost: Int) throws(PasswordHashError) -> String {
        guard password.utf8Count <= maximumPasswordLength else { throw .passwordTooLong }
        guard !password.text.utf8.contains(0) else { throw .passwordContainsNullByte }
        let salt: [UInt8]
        do {
            // bcrypt uses 128 bits of salt; crypt_gensalt_rn encodes them into the setting string.
            salt = try SecureRandom.bytes(16)
        } catch {
            throw .randomnessUnavailable(error)
        }
        guard let setting = makeSetting(cost: cost, salt: salt),
            let hash = computeHash(of: password.text, setting: setting),
            let text = String(validating: hash, as: UTF8.self),
            isWellFormed(text)
        else { throw .hashingFailed }
        return text
    }

    /// `$2b$<cost>$<22 salt characters>`, or `nil` when libxcrypt refuses the parameters.
    private static func makeSetting(cost: Int, salt: [UInt8]) -> String? {
        guard let count = UInt(exactly: cost), let saltLength = Int32(exactly: salt.count) else { return nil }
        var output = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let outputSize = Int32(output.count)
        return salt.withUnsafeBufferPointer { saltBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer -> String? in
                let setting = saltBuffer.withMemoryRebound(to: CChar.self) { rebound in
                    crypt_gensalt_rn(
                        "$2b$", count, rebound.baseAddress, saltLength, outputBuffer.baseAddress, outputSize)
                }
                // crypt_gensalt_rn answers NULL on failure and otherwise writes a NUL-terminated string into `output`.
                guard let setting else { return nil }
                return String(cString: setting)
            }
        }
    }

    /// Runs `crypt_rn` in a private work area and copies out the result.
    /// - Returns: The hash bytes, or `nil` when libxcrypt reports failure.
    private static func computeHash(of phrase: String, setting: String) -> [UInt8]? {
        // struct crypt_data is 32 KiB: too big for a thread pool's stack, so it lives on the heap for one call.
        let size = MemoryLayout<crypt_data>.size
        guard let sizeArgument = Int32(exactly: size) else { return nil }
        let workArea = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        // libxcrypt requires the area to be zeroed before its first use.
        workArea.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            // The area held the password and bcrypt's key schedule; wipe it in a way the optimiser cannot skip.
            SecureMemory.wipe(workArea, count: size)
            workArea.deallocate()
        }
        let result = phrase.withCString { phrasePointer in
            setting.withCString { settingPointer in crypt_rn(phrasePointer, settingPointer, workArea, sizeArgument) }
        }
        // crypt_rn answers NULL on failure; other crypt variants answer a "*0" or "*1" failure token instead, which
        // can never start a valid hash, so treat it as failure too.
        guard let result, result.pointee != CChar(UInt8(ascii: "*")) else { return nil }
        // The result points into the work area, so copy it before the area is freed.
        return Array(String(cString: result).utf8)
    }

    private static func isHashable(_ password: Password) -> Bool {
        password.utf8Count <= maximumPasswordLength && !password.text.utf8.contains(0)
    }

    /// Whether `hash` looks like one `hash(_:)` produced: `$2b$`, a two-digit cost, `$`, and 53 characters of
    /// bcrypt's alphabet. Anything else, including other crypt schemes libxcrypt would happily run, is refused.
    private static func isWellFormed(_ hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes.starts(with: "$2b$".utf8), bytes[6] == UInt8(ascii: "$") else { return false }
        let digits = bytes[4...5]
        guard digits.allSatisfy({ UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 }) else { return false }
        let cost = Int(digits[4] - UInt8(ascii: "0")) * 10 + Int(digits[5] - UInt8(ascii: "0"))
        guard costRange.contains(cost) else { return false }
        return bytes[7...].allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                false
            }
        }
    }
}
