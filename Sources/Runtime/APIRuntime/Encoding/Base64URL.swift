/// The base64url encoding of RFC 4648 §5 without padding, as JWS (RFC 7515 §2) uses it.
public enum Base64URL {
    /// Encodes `bytes` with the URL- and filename-safe alphabet and no `=` padding.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.underestimatedCount / 3 * 4 + 4)
        var group: UInt32 = 0
        var groupLength = 0
        for byte in bytes {
            group = group << 8 | UInt32(byte)
            groupLength += 1
            if groupLength == 3 {
                appendSymbols(of: group, count: 4, to: &output)
                group = 0
                groupLength = 0
            }
        }
        switch groupLength {
        case 1: appendSymbols(of: group << 4, count: 2, to: &output)
        case 2: appendSymbols(of: group << 2, count: 3, to: &output)
        default: break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes unpadded base64url text.
    /// - Returns: `nil` unless the text is canonical unpadded base64url: only `A–Z a–z 0–9 - _`, no `=` or
    ///   whitespace, a length that is not 1 more than a multiple of 4, and zero bits where the last symbol carries
    ///   more bits than the data needs.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(utf8: text.utf8)
    }

    /// Decodes unpadded base64url given as UTF-8 bytes, with the same rules as `decode(_:)`.
    public static func decode(utf8 text: some Collection<UInt8>) -> [UInt8]? {
        // The work is done on contiguous bytes by non-generic code: called from another module, a generic loop runs
        // unspecialised, and there each element fetched through the collection's witness table cost two heap
        // allocations (about 360 per JWT verification, 82 % of all of `GET /users/me`'s).
        if let decoded = text.withContiguousStorageIfAvailable(decode(bytes:)) { return decoded }
        return Array(text).withUnsafeBufferPointer(decode(bytes:))
    }

    private static func decode(bytes text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // A lone final symbol carries only 6 bits, less than a byte, so no encoder produces it.
        guard text.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var group: UInt32 = 0
        var groupLength = 0
        for symbol in text {
            guard let value = value(of: symbol) else { return nil }
            group = group << 6 | UInt32(value)
            groupLength += 1
            if groupLength == 4 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
                groupLength = 0
            }
        }
        // RFC 4648 §3.5 lets decoders reject non-zero pad bits; we do, so every byte string has exactly one
        // encoding and a JWS signature cannot be altered without invalidating it.
        switch groupLength {
        case 2:
            guard group & 0xF == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            guard group & 0x3 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 10))
            output.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return output
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Appends the `count` 6-bit symbols of `group`, most significant first.
    private static func appendSymbols(of group: UInt32, count: Int, to output: inout [UInt8]) {
        for position in stride(from: count - 1, through: 0, by: -1) {
            output.append(alphabet[Int(group >> (6 * UInt32(position)) & 0x3F)])
        }
    }

    private static func value(of symbol: UInt8) -> UInt8? {
        switch symbol {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): symbol - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): symbol - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): symbol - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
