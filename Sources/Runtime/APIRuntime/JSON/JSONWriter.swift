#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A value that can write itself as JSON; generated response types conform so encoding needs no `Codable` boxing.
public protocol JSONWritable {
    /// Writes this value at the writer's current position.
    func writeJSON(to writer: inout JSONWriter)
}

/// Appends compact JSON to a byte buffer, inserting commas itself.
///
/// Callers emit tokens in document order: `beginObject()`, then `writeKey(_:)` and one value per member, then
/// `endObject()`. The writer does not check that the sequence is well-formed; generated code produces it.
public struct JSONWriter: Sendable {
    /// The JSON written so far, as UTF-8.
    public private(set) var bytes: [UInt8]
    // True after a complete value, when the next key or array element must be preceded by a comma.
    private var needsComma = false
    /// Whether a client is writing a request, which carries `writeOnly` members (a password) that a response
    /// never does.
    public var writesRequest = false

    /// Creates an empty writer whose buffer can hold `reservingCapacity` bytes before growing.
    public init(reservingCapacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(reservingCapacity)
    }

    /// Encodes one value as a complete JSON document.
    public static func encode<T: JSONWritable>(_ value: T) -> [UInt8] {
        var writer = JSONWriter()
        value.writeJSON(to: &writer)
        return writer.bytes
    }

    /// Encodes one value as a complete JSON document; `forRequest` writes its `writeOnly` members too.
    public static func encode<T: JSONWritable>(_ value: T, forRequest: Bool) -> [UInt8] {
        var writer = JSONWriter()
        writer.writesRequest = forRequest
        value.writeJSON(to: &writer)
        return writer.bytes
    }

    /// Opens an object.
    public mutating func beginObject() {
        writeCommaIfNeeded()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Opens an array.
    public mutating func beginArray() {
        writeCommaIfNeeded()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object member's name and colon; the member's value must follow.
    public mutating func writeKey(_ key: String) {
        writeCommaIfNeeded()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes `null`.
    public mutating func writeNull() {
        writeCommaIfNeeded()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func writeBool(_ value: Bool) {
        writeCommaIfNeeded()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        needsComma = true
    }

    /// Writes an integer in decimal.
    public mutating func writeInt(_ value: Int64) {
        writeCommaIfNeeded()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude, unlike negation, cannot overflow for Int64.min.
        var remaining = value.magnitude
        let firstDigit = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining % 10))
            remaining /= 10
        } while remaining != 0
        bytes[firstDigit...].reverse()
        needsComma = true
    }

    /// Writes the shortest decimal text that round-trips to `value`; NaN and infinities, which JSON cannot
    /// express, become `null`.
    public mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            writeNull()
            return
        }
        writeCommaIfNeeded()
        // Swift's description is the shortest round-trip form and always valid JSON ("3.0", "1e-07", "-0.0").
        bytes.append(contentsOf: value.description.utf8)
        needsComma = true
    }

    /// Writes a string literal, escaping what RFC 8259 requires plus U+2028 and U+2029.
    public mutating func writeString(_ value: String) {
        writeCommaIfNeeded()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes an object member.
    public mutating func writeField<T: JSONWritable>(_ key: String, _ value: T) {
        writeKey(key)
        value.writeJSON(to: &self)
    }

    /// Writes an object member unless `value` is `nil`, in which case the key is omitted too.
    public mutating func writeFieldIfPresent<T: JSONWritable>(_ key: String, _ value: T?) {
        guard let value else { return }
        writeField(key, value)
    }

    /// Writes the parts of an `allOf` that is not one object as one value. Objects are merged member by member,
    /// the first part to write a member winning, and written with sorted keys; when no part writes an object,
    /// every part holds the same value and the first one writes it.
    public mutating func writeAllOf(_ parts: any JSONWritable...) {
        var members: [String: JSONValue] = [:]
        var hasObject = false
        for part in parts {
            guard case .object(let partMembers)? = try? JSONParser.parse(Self.encode(part)) else { continue }
            hasObject = true
            members.merge(partMembers) { first, _ in first }
        }
        if hasObject {
            JSONValue.object(members).writeJSON(to: &self)
        } else if let first = parts.first {
            first.writeJSON(to: &self)
        }
    }

    /// Writes a date as an RFC 3339 string in UTC.
    mutating func writeDate(_ date: Date) {
        writeCommaIfNeeded()
        bytes.append(UInt8(ascii: "\""))
        // RFC 3339 text is digits and punctuation only, so it needs no escaping.
        RFC3339.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func writeCommaIfNeeded() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendQuoted(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with escapes, copying each run of bytes that needs none in one call.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), ..<0x20:
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte)
                index += 1
                runStart = index
            // U+2028 and U+2029 (E2 80 A8/A9) are valid JSON but end a line in JavaScript, so a response embedded
            // in a <script> would break; escaping them keeps the output safe there too.
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && 0xA8...0xA9 ~= utf8[index + 2]:
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                bytes.append(contentsOf: #"\u202"#.utf8)
                bytes.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                index += 3
                runStart = index
            default:
                index += 1
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }

    // RFC 8259 §7: the two-character forms where they exist, otherwise \u00XX in lowercase hex.
    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hexDigit(byte >> 4))
            bytes.append(hexDigit(byte & 0x0F))
        }
    }

    private func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

extension String: JSONWritable {
    /// Writes the string literal.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeString(self) }
}

extension Bool: JSONWritable {
    /// Writes `true` or `false`.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeBool(self) }
}

extension Int: JSONWritable {
    /// Writes the integer.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeInt(Int64(self)) }
}

extension Int32: JSONWritable {
    /// Writes the integer.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeInt(Int64(self)) }
}

extension Int64: JSONWritable {
    /// Writes the integer.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeInt(self) }
}

extension Double: JSONWritable {
    /// Writes the number, or `null` when it is not finite.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeDouble(self) }
}

extension Date: JSONWritable {
    /// Writes an RFC 3339 string in UTC with up to microsecond precision.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeDate(self) }
}

extension JSONValue: JSONWritable {
    /// Writes the value; object keys are sorted so the same value always gives the same bytes.
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.writeNull()
        case .bool(let value): writer.writeBool(value)
        case .int(let value): writer.writeInt(value)
        case .double(let value): writer.writeDouble(value)
        case .string(let value): writer.writeString(value)
        case .array(let elements):
            writer.beginArray()
            for element in elements { element.writeJSON(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for (key, value) in members.sorted(by: { $0.key < $1.key }) { writer.writeField(key, value) }
            writer.endObject()
        }
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    /// Writes a JSON array of the elements.
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginArray()
        for element in self { element.writeJSON(to: &writer) }
        writer.endArray()
    }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    /// Writes the wrapped value, or `null`.
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .some(let value): value.writeJSON(to: &writer)
        case .none: writer.writeNull()
        }
    }
}
