/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted; the limit keeps hostile input from exhausting the stack.
    public static let maximumDepth = 64

    /// Parses one complete JSON document.
    /// - Throws: `JSONSyntaxError` at the first byte that breaks the grammar, including empty input and any
    ///   non-whitespace after the value.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (input) throws(JSONSyntaxError) -> JSONValue in
            var reader = JSONByteReader(input: input)
            return try reader.parseDocument()
        }
    }

    /// Parses one complete JSON document that must be an object, such as an embedded OpenAPI document.
    public static func parseObject(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [String: JSONValue] {
        let value = try parse(bytes)
        guard case .object(let object) = value else {
            let offset = bytes.firstIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } ?? 0
            throw JSONSyntaxError(offset: offset, message: "expected an object, got \(value.typeName)")
        }
        return object
    }
}

/// Why a byte sequence is not a JSON document, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The zero-based byte offset of the offending byte; the input's length for unexpected end of input.
    public var offset: Int
    /// A human-readable explanation, such as "unexpected character 'x' at line 1, column 5".
    public var message: String

    /// Creates an error at a byte offset.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// A cursor over the input; every read is preceded by an explicit bounds check.
private struct JSONByteReader {
    let input: UnsafeBufferPointer<UInt8>
    var index = 0

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == input.count else {
            throw syntaxError("trailing characters after the JSON value", at: index)
        }
        return value
    }

    // RFC 8259 §2: only space, horizontal tab, line feed and carriage return are whitespace.
    mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case JSONByte.space, JSONByte.tab, JSONByte.lineFeed, JSONByte.carriageReturn: index += 1
            default: return
            }
        }
    }

    /// Parses the value starting at `index`; `depth` counts the arrays and objects that enclose it.
    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard index < input.count else { throw endOfInput() }
        switch input[index] {
        case JSONByte.openBrace: return try parseObject(depth: depth + 1)
        case JSONByte.openBracket: return try parseArray(depth: depth + 1)
        case JSONByte.quote: return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case JSONByte.minus, JSONByte.zero...JSONByte.nine: return try parseNumber()
        default: throw unexpectedCharacter(at: index)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        for position in 0..<literal.utf8CodeUnitCount {
            guard index < input.count else { throw endOfInput() }
            guard input[index] == literal.utf8Start[position] else { throw unexpectedCharacter(at: index) }
            index += 1
        }
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else {
            throw syntaxError("nesting deeper than \(JSONParser.maximumDepth) levels", at: index)
        }
        index += 1
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if index < input.count, input[index] == JSONByte.closeBrace {
            index += 1
            return .object(object)
        }
        while true {
            guard index < input.count else { throw endOfInput() }
            guard input[index] == JSONByte.quote else { throw unexpectedCharacter(at: index) }
            let key = try parseString()
            skipWhitespace()
            guard index < input.count else { throw endOfInput() }
            guard input[index] == JSONByte.colon else { throw unexpectedCharacter(at: index) }
            index += 1
            skipWhitespace()
            object[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard index < input.count else { throw endOfInput() }
            switch input[index] {
            case JSONByte.comma:
                index += 1
                skipWhitespace()
            case JSONByte.closeBrace:
                index += 1
                return .object(object)
            default:
                throw unexpectedCharacter(at: index)
            }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else {
            throw syntaxError("nesting deeper than \(JSONParser.maximumDepth) levels", at: index)
        }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < input.count, input[index] == JSONByte.closeBracket {
            index += 1
            return .array(array)
        }
        while true {
            array.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < input.count else { throw endOfInput() }
            switch input[index] {
            case JSONByte.comma:
                index += 1
                skipWhitespace()
            case JSONByte.closeBracket:
                index += 1
                return .array(array)
            default:
                throw unexpectedCharacter(at: index)
            }
        }
    }

    // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        let isNegative = input[index] == JSONByte.minus
        if isNegative { index += 1 }
        let integerStart = index
        guard index < input.count else { throw endOfInput() }
        switch input[index] {
        case JSONByte.zero:
            index += 1
        case JSONByte.one...JSONByte.nine:
            index += 1
            skipDigits()
        default:
            throw unexpectedCharacter(at: index)
        }
        let integerEnd = index
        var isInteger = true
        if index < input.count, input[index] == JSONByte.period {
            isInteger = false
            index += 1
            try expectDigits()
        }
        if index < input.count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < input.count, input[index] == JSONByte.plus || input[index] == JSONByte.minus { index += 1 }
            try expectDigits()
        }
        if isInteger, let value = integerValue(digits: integerStart..<integerEnd, isNegative: isNegative) {
            return .int(value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw syntaxError("number out of range", at: start)
        }
        return .double(value)
    }

    mutating func skipDigits() {
        while index < input.count, JSONByte.zero...JSONByte.nine ~= input[index] { index += 1 }
    }

    mutating func expectDigits() throws(JSONSyntaxError) {
        guard index < input.count else { throw endOfInput() }
        guard JSONByte.zero...JSONByte.nine ~= input[index] else { throw unexpectedCharacter(at: index) }
        skipDigits()
    }

    /// The integer spelled by `digits`, or `nil` when it does not fit in `Int64`.
    func integerValue(digits: Range<Int>, isNegative: Bool) -> Int64? {
        // Accumulate downwards so that Int64.min, whose magnitude has no positive Int64, still fits.
        var value: Int64 = 0
        for position in digits {
            let (shifted, overflowedShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowedAdd) = shifted.subtractingReportingOverflow(Int64(input[position] &- JSONByte.zero))
            if overflowedShift || overflowedAdd { return nil }
            value = next
        }
        if isNegative { return value }
        return value == .min ? nil : -value
    }

    /// Parses the string whose opening quote is at `index`.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        while index < input.count {
            let byte = input[index]
            switch byte {
            case JSONByte.quote:
                // The bytes were validated on the way, so decoding cannot substitute U+FFFD.
                let string = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
                index += 1
                return string
            case JSONByte.backslash:
                return try parseStringWithEscapes(from: start)
            case ..<0x20:
                throw controlCharacter(at: index)
            case ..<0x80:
                index += 1
            default:
                try skipUTF8Sequence()
            }
        }
        throw endOfInput()
    }

    /// Continues a string from its first backslash, copying runs of plain bytes between escapes.
    mutating func parseStringWithEscapes(from start: Int) throws(JSONSyntaxError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(index - start + 32)
        var runStart = start
        while index < input.count {
            let byte = input[index]
            switch byte {
            case JSONByte.quote:
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            case JSONByte.backslash:
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                try appendEscape(to: &decoded)
                runStart = index
            case ..<0x20:
                throw controlCharacter(at: index)
            case ..<0x80:
                index += 1
            default:
                try skipUTF8Sequence()
            }
        }
        throw endOfInput()
    }

    /// Decodes the escape sequence whose backslash is at `index`.
    mutating func appendEscape(to decoded: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = index
        guard index + 1 < input.count else { throw endOfInput() }
        let replacement: UInt8
        switch input[index + 1] {
        case JSONByte.quote: replacement = JSONByte.quote
        case JSONByte.backslash: replacement = JSONByte.backslash
        case JSONByte.slash: replacement = JSONByte.slash
        case UInt8(ascii: "b"): replacement = 0x08
        case UInt8(ascii: "f"): replacement = 0x0C
        case UInt8(ascii: "n"): replacement = JSONByte.lineFeed
        case UInt8(ascii: "r"): replacement = JSONByte.carriageReturn
        case UInt8(ascii: "t"): replacement = JSONByte.tab
        case UInt8(ascii: "u"):
            index += 2
            let unit = try readHexQuad()
            let scalar: UInt32
            switch unit {
            case 0xD800...0xDBFF:
                // RFC 8259 §7: a character outside the BMP is a surrogate pair of two \u escapes.
                guard index + 1 < input.count, input[index] == JSONByte.backslash, input[index + 1] == UInt8(ascii: "u")
                else { throw syntaxError("unpaired UTF-16 surrogate in \\u escape", at: escapeStart) }
                index += 2
                let low = try readHexQuad()
                guard 0xDC00...0xDFFF ~= low else {
                    throw syntaxError("unpaired UTF-16 surrogate in \\u escape", at: escapeStart)
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            case 0xDC00...0xDFFF:
                throw syntaxError("unpaired UTF-16 surrogate in \\u escape", at: escapeStart)
            default:
                scalar = UInt32(unit)
            }
            appendUTF8(scalar, to: &decoded)
            return
        default:
            throw syntaxError("invalid escape", at: escapeStart)
        }
        decoded.append(replacement)
        index += 2
    }

    mutating func readHexQuad() throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < input.count else { throw endOfInput() }
            let byte = input[index]
            let digit: UInt8
            switch byte {
            case JSONByte.zero...JSONByte.nine: digit = byte &- JSONByte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: throw syntaxError("invalid escape", at: index)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    func appendUTF8(_ scalar: UInt32, to decoded: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            decoded.append(UInt8(truncatingIfNeeded: scalar))
        case ..<0x800:
            decoded.append(0xC0 | UInt8(truncatingIfNeeded: scalar >> 6))
            decoded.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
        case ..<0x10000:
            decoded.append(0xE0 | UInt8(truncatingIfNeeded: scalar >> 12))
            decoded.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F))
            decoded.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
        default:
            decoded.append(0xF0 | UInt8(truncatingIfNeeded: scalar >> 18))
            decoded.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 12) & 0x3F))
            decoded.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F))
            decoded.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
        }
    }

    mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
        guard let length = validUTF8SequenceLength(at: index) else {
            throw syntaxError("invalid UTF-8", at: index)
        }
        index += length
    }

    /// The length of the well-formed UTF-8 sequence at `position`, or `nil`.
    // Unicode 15 Table 3-7: these ranges exclude overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    func validUTF8SequenceLength(at position: Int) -> Int? {
        let lead = input[position]
        let length: Int
        let secondRange: ClosedRange<UInt8>
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: (length, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondRange) = (3, 0x80...0xBF)
        case 0xED: (length, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
        default: return nil
        }
        guard position + length <= input.count, secondRange ~= input[position + 1] else { return nil }
        for continuation in (position + 2)..<(position + length) where !(0x80...0xBF ~= input[continuation]) {
            return nil
        }
        return length
    }

    // MARK: Errors

    func endOfInput() -> JSONSyntaxError {
        JSONSyntaxError(offset: input.count, message: "unexpected end of input")
    }

    func controlCharacter(at position: Int) -> JSONSyntaxError {
        syntaxError("unescaped control character \(scalarName(input[position])) in string", at: position)
    }

    func unexpectedCharacter(at position: Int) -> JSONSyntaxError {
        let byte = input[position]
        switch byte {
        case 0x21...0x7E:
            return syntaxError("unexpected character '\(Character(Unicode.Scalar(byte)))'", at: position)
        case ..<0x80:
            return syntaxError("unexpected character \(scalarName(byte))", at: position)
        default:
            guard let length = validUTF8SequenceLength(at: position) else {
                return syntaxError("invalid UTF-8", at: position)
            }
            let text = String(
                decoding: UnsafeBufferPointer(rebasing: input[position..<position + length]), as: UTF8.self)
            let names = text.unicodeScalars.map { "U+" + hex($0.value) }
            return syntaxError("unexpected character \(names.joined())", at: position)
        }
    }

    func scalarName(_ byte: UInt8) -> String {
        "U+" + hex(UInt32(byte))
    }

    func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// An error whose message ends with the 1-based line and column (in Unicode scalars) of `position`.
    func syntaxError(_ problem: String, at position: Int) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for offset in 0..<min(position, input.count) {
            let byte = input[offset]
            if byte == JSONByte.lineFeed {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONSyntaxError(offset: position, message: "\(problem) at line \(line), column \(column)")
    }
}

/// The ASCII bytes the JSON grammar is written in.
private enum JSONByte {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let plus = UInt8(ascii: "+")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let period = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let zero = UInt8(ascii: "0")
    static let one = UInt8(ascii: "1")
    static let nine = UInt8(ascii: "9")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
}
