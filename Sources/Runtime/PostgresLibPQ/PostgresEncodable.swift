internal import APIRuntime

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// A value that can be sent as a text-format statement parameter.
package protocol PostgresEncodable: Sendable {
    /// The text PostgreSQL's input function for the target type reads back as this value.
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    package var postgresText: String { self }
}

extension Int64: PostgresEncodable {
    package var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    package var postgresText: String { String(self) }
}

extension Int: PostgresEncodable {
    package var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable {
    package var postgresText: String { self ? "true" : "false" }
}

extension Double: PostgresEncodable {
    package var postgresText: String {
        // Swift spells these `inf` and `nan`; the spellings below are the ones every PostgreSQL version accepts.
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        // `description` is the shortest text that reads back as exactly this value.
        return description
    }
}

extension Date: PostgresEncodable {
    /// RFC 3339 in UTC with microsecond precision, which is `timestamptz`'s own precision.
    package var postgresText: String { RFC3339.format(self) }
}

extension Array: PostgresEncodable where Element == String {
    /// A one-dimensional array literal with every element quoted, e.g. `{"a","b c","d\"e"}`.
    ///
    /// Quoting every element keeps `NULL`, the empty string and text with braces, commas or spaces literal.
    package var postgresText: String {
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        text += "}"
        return text
    }
}
