internal import APIRuntime

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// A value that can be read from PostgreSQL's text output format.
package protocol PostgresDecodable: Sendable {
    /// The PostgreSQL type named in `PostgresError.typeMismatch`, e.g. `bigint`.
    static var postgresTypeName: String { get }

    /// The value `text` stands for, or `nil` when `text` is not the output of a matching type.
    init?(postgresText text: String)

    /// The value the UTF-8 text `bytes` stands for; by default `init?(postgresText:)` of them as a `String`. Types
    /// that can read the bytes themselves (timestamps) implement it to skip making the `String`.
    init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>)
}

extension PostgresDecodable {
    package init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>) {
        self.init(postgresText: String(decoding: bytes, as: UTF8.self))
    }
}

extension String: PostgresDecodable {
    package static var postgresTypeName: String { "text" }

    package init?(postgresText text: String) {
        self = text
    }
}

extension Int64: PostgresDecodable {
    package static var postgresTypeName: String { "bigint" }

    package init?(postgresText text: String) {
        self.init(text)
    }
}

extension Int32: PostgresDecodable {
    package static var postgresTypeName: String { "integer" }

    package init?(postgresText text: String) {
        self.init(text)
    }
}

extension Int: PostgresDecodable {
    package static var postgresTypeName: String { "bigint" }

    package init?(postgresText text: String) {
        self.init(text)
    }
}

extension Bool: PostgresDecodable {
    package static var postgresTypeName: String { "boolean" }

    package init?(postgresText text: String) {
        // `boolean` prints as `t`/`f`; the long forms appear when a parameter was echoed back as text.
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    package static var postgresTypeName: String { "double precision" }

    package init?(postgresText text: String) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            // `Double(_:)` would also take `inf`, `nan` and hexadecimal floats, which PostgreSQL never prints.
            guard let first = text.utf8.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first),
                !text.contains(where: { $0 == "x" || $0 == "X" || $0 == "n" || $0 == "N" }),
                let value = Double(text)
            else { return nil }
            self = value
        }
    }
}

extension Date: PostgresDecodable {
    package static var postgresTypeName: String { "timestamptz" }

    /// Reads `timestamptz` output in the ISO date style, e.g. `2026-11-24 18:23:00.123456+00`.
    ///
    /// The offset is `+HH`, `+HH:MM` or (for historical local mean time) `+HH:MM:SS`. `timestamp` without a zone,
    /// `infinity`, BC dates and years past 9999 are rejected.
    package init?(postgresText text: String) {
        var text = text
        guard let date = text.withUTF8(Self.parsePostgresTimestamp) else { return nil }
        self = date
    }

    package init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let date = Self.parsePostgresTimestamp(bytes) else { return nil }
        self = date
    }

    /// Without allocating: the bytes as they are, and for a `+HH` offset a copy on the stack with `:00` appended
    /// (this runs for every timestamp of every row; its arrays and strings were a quarter of a list's allocations).
    private static func parsePostgresTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        // Everything before the offset is "YYYY-MM-DD HH:MM:SS" plus an optional fraction: at least 19 bytes.
        guard bytes.count > 19,
            let signIndex = bytes[19...].lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") })
        else { return nil }
        let offset = UnsafeBufferPointer(rebasing: bytes[(signIndex + 1)...])
        let isDigit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
        let hasColon: (Int) -> Bool = { offset.count > $0 && offset[$0] == UInt8(ascii: ":") }
        switch offset.count {
        case 2 where offset.allSatisfy(isDigit):
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 3) { buffer in
                _ = buffer.initialize(from: bytes)
                buffer[bytes.count] = UInt8(ascii: ":")
                buffer[bytes.count + 1] = UInt8(ascii: "0")
                buffer[bytes.count + 2] = UInt8(ascii: "0")
                return RFC3339.parse(utf8: UnsafeBufferPointer(buffer))
            }
        case 5 where hasColon(2):
            return RFC3339.parse(utf8: bytes)
        case 8 where hasColon(2) && hasColon(5):
            // Historical local mean time, `+HH:MM:SS`: parsed as `+HH:MM`, then the seconds are applied.
            let secondsText = offset[6...]
            guard secondsText.allSatisfy(isDigit) else { return nil }
            let seconds = Int(secondsText[6]) * 10 + Int(secondsText[7]) - 11 * 0x30
            let extraSeconds = bytes[signIndex] == UInt8(ascii: "+") ? seconds : -seconds
            let withoutSeconds = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 3)])
            // A positive offset means local time is ahead of UTC, so its seconds come off the instant.
            return RFC3339.parse(utf8: withoutSeconds)?.addingTimeInterval(TimeInterval(-extraSeconds))
        default:
            return nil
        }
    }
}

extension Array: PostgresDecodable where Element == String {
    package static var postgresTypeName: String { "text[]" }

    /// Reads a one-dimensional array literal such as `{a,"b c","d\"e"}`.
    ///
    /// `NULL` elements, nested arrays and explicit bounds (`[0:1]={…}`) are rejected: callers that need them
    /// should unnest in SQL.
    package init?(postgresText text: String) {
        var scalars = text.unicodeScalars.makeIterator()
        guard scalars.next() == "{" else { return nil }
        var elements: [String] = []
        var current = ""
        var isQuoted = false
        // True once the current element has any content or quotes, so `{}` is empty but `{""}` is one element.
        var hasElement = false
        var isInsideQuotes = false
        var isClosed = false
        while let scalar = scalars.next() {
            if isClosed { return nil }
            if isInsideQuotes {
                switch scalar {
                case "\\":
                    guard let escaped = scalars.next() else { return nil }
                    current.unicodeScalars.append(escaped)
                case "\"":
                    isInsideQuotes = false
                default:
                    current.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                // A quote may only open an element.
                guard !hasElement else { return nil }
                isInsideQuotes = true
                isQuoted = true
                hasElement = true
            case ",", "}":
                if scalar == "}" && !hasElement && elements.isEmpty {
                    isClosed = true
                    continue
                }
                guard hasElement, isQuoted || current.uppercased() != "NULL" else { return nil }
                elements.append(current)
                current = ""
                isQuoted = false
                hasElement = false
                if scalar == "}" { isClosed = true }
            case "{":
                return nil
            case "\\":
                guard !isQuoted, let escaped = scalars.next() else { return nil }
                current.unicodeScalars.append(escaped)
                hasElement = true
            default:
                // Nothing may follow a closing quote but a delimiter.
                guard !isQuoted else { return nil }
                current.unicodeScalars.append(scalar)
                hasElement = true
            }
        }
        guard isClosed else { return nil }
        self = elements
    }
}
