/// One problem found in an input document, printed in the compiler format editors jump to.
package struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    package var severity: Severity
    package var message: String
    package var location: SourceLocation

    package init(_ severity: Severity, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.message = Self.singleLine(message)
        self.location = location
    }

    /// Messages quote the document's text, which may hold line breaks or control characters; escaped, every
    /// diagnostic stays one line that editors and scripts can parse.
    private static func singleLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return message }
        return Escaping.escape(message, style: .swift, quotes: false)
    }

    /// `openapi.yaml:42:9: error: unknown schema type 'strng'`
    package var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Collects diagnostics so that one run reports every problem instead of stopping at the first.
package struct Diagnostics: Sendable {
    package private(set) var all: [Diagnostic] = []

    package init() {}

    package var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Every diagnostic, sorted by location, duplicates removed.
    package var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.filter { seen.insert($0).inserted }
            .enumerated()
            .sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            .map(\.element)
    }

    package mutating func error(_ message: String, at location: SourceLocation) {
        all.append(Diagnostic(.error, message, at: location))
    }

    package mutating func warning(_ message: String, at location: SourceLocation) {
        all.append(Diagnostic(.warning, message, at: location))
    }
}
