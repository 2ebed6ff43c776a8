/// Decodes `application/x-www-form-urlencoded` bodies and URL query strings.
public enum FormDecoding {
    /// One decoded `name=value` parameter.
    public typealias Field = (name: String, value: String)

    /// Splits `bytes` into name/value pairs in order, keeping repeated names.
    ///
    /// Pieces are separated by `&` (empty pieces are skipped) and split at their first `=`; a piece without `=` has
    /// an empty value. `+` decodes to a space and `%XX` to the byte `XX`.
    /// - Throws: `FormDecodingError` for a malformed percent-escape or a name or value that is not UTF-8.
    public static func parse(_ bytes: some Collection<UInt8>) throws(FormDecodingError) -> [Field] {
        let parsed =
            bytes.withContiguousStorageIfAvailable { parse(buffer: $0) }
            ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0) }
        return try parsed.get()
    }

    /// Percent-decodes `text`, also turning `+` into a space when `plusAsSpace` is set (forms, not paths).
    /// - Returns: `nil` when a `%` is not followed by two hex digits or the decoded bytes are not UTF-8.
    public static func percentDecode(_ text: Substring, plusAsSpace: Bool) -> String? {
        // A Substring is already valid UTF-8, so text without escapes needs no work.
        guard text.utf8.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) else {
            return String(text)
        }
        var text = text
        return text.withUTF8 { try? decode($0, plusAsSpace: plusAsSpace) }
    }

    private static let ampersand = UInt8(ascii: "&")
    private static let equals = UInt8(ascii: "=")
    private static let percent = UInt8(ascii: "%")
    private static let plus = UInt8(ascii: "+")

    // A Result rather than typed throws: withContiguousStorageIfAvailable only rethrows `any Error`.
    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<[Field], FormDecodingError> {
        var pairs: [Field] = []
        var position = 0
        for piece in buffer.split(separator: ampersand, omittingEmptySubsequences: true) {
            position += 1
            let nameEnd = piece.firstIndex(of: equals) ?? piece.endIndex
            let valueStart = nameEnd == piece.endIndex ? nameEnd : piece.index(after: nameEnd)
            let name: String
            let value: String
            do {
                name = try decode(UnsafeBufferPointer(rebasing: piece[..<nameEnd]), plusAsSpace: true)
            } catch {
                return .failure(error.formError(part: "name", position: position))
            }
            do {
                value = try decode(UnsafeBufferPointer(rebasing: piece[valueStart...]), plusAsSpace: true)
            } catch {
                return .failure(error.formError(part: "value", position: position))
            }
            pairs.append((name, value))
        }
        return .success(pairs)
    }

    /// Why a piece could not be decoded, before it is known which parameter it belongs to.
    private enum DecodeFailure: Error {
        case malformedEscape
        case invalidUTF8

        func formError(part: String, position: Int) -> FormDecodingError {
            switch self {
            case .malformedEscape:
                FormDecodingError(message: "malformed percent-encoding in the \(part) of parameter \(position)")
            case .invalidUTF8:
                FormDecodingError(message: "the \(part) of parameter \(position) is not valid UTF-8")
            }
        }
    }

    private static func decode(
        _ encoded: UnsafeBufferPointer<UInt8>,
        plusAsSpace: Bool
    ) throws(DecodeFailure) -> String {
        guard encoded.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) else {
            guard let string = String(validating: encoded, as: UTF8.self) else { throw .invalidUTF8 }
            return string
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(encoded.count)
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            if byte == percent {
                guard index + 2 < encoded.count,
                    let high = hexValue(encoded[index + 1]),
                    let low = hexValue(encoded[index + 2])
                else { throw .malformedEscape }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(plusAsSpace && byte == plus ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        guard let string = String(validating: decoded, as: UTF8.self) else { throw .invalidUTF8 }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}

/// Why a form body or query string could not be decoded.
public struct FormDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human-readable explanation naming the 1-based position of the offending parameter.
    public var message: String

    /// Creates an error with a message.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
