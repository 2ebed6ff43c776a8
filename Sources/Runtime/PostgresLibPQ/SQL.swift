/// A SQL statement whose interpolated values are sent as parameters, never spliced into the text.
///
/// Each interpolated value becomes `$1`, `$2`, … and travels separately as text, as postgres-nio's `PostgresQuery`
/// does, so user data cannot change the statement:
/// ```swift
/// let rows = try await database.query("SELECT id, title FROM tasks WHERE user_id = \(userID) AND id = \(taskID)")
/// ```
/// Values must conform to `PostgresEncodable`; an optional that is `nil` is sent as SQL `NULL`. Another `SQL`
/// interpolated into this one is embedded with its parameters renumbered. Trusted fragments that cannot be
/// parameters (a sort column chosen from an allowlist) go through `SQL(unsafeRaw:)` or `\(unsafeRaw:)`.
///
/// `description` shows only the parameter count: neither the text nor the values ever reach a log by accident.
package struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible, CustomReflectable {
    fileprivate enum Segment: Sendable {
        case raw(String)
        case parameter(String?)
    }

    private var segments: [Segment]

    /// A statement or fragment taken verbatim; it must not contain `$n` placeholders or untrusted text.
    package init(unsafeRaw text: String) {
        segments = text.isEmpty ? [] : [.raw(text)]
    }

    /// A statement written as a literal, with no parameters.
    package init(stringLiteral value: String) {
        self.init(unsafeRaw: value)
    }

    /// A statement written as a literal with interpolated parameters.
    package init(stringInterpolation: StringInterpolation) {
        segments = stringInterpolation.segments
    }

    /// The statement text with `$1`, `$2`, … in place of the values.
    package var text: String {
        // Sized up front (a placeholder is at most `$` and five digits): built for every statement of every
        // request, and growing it piece by piece reallocated it several times for a long statement.
        let capacity = segments.reduce(0) { length, segment in
            if case .raw(let fragment) = segment { return length + fragment.utf8.count }
            return length + 6
        }
        var text = ""
        text.reserveCapacity(capacity)
        var number = 0
        for segment in segments {
            switch segment {
            case .raw(let fragment):
                text += fragment
            case .parameter:
                number += 1
                text += "$"
                text += String(number)
            }
        }
        return text
    }

    /// The parameter values in text format, in `$n` order; `nil` is SQL `NULL`.
    package var parameters: [String?] {
        segments.compactMap { segment in
            guard case .parameter(let value) = segment else { return nil }
            return .some(value)
        }
    }

    /// `SQL(<n> parameters)`: never the text or the values.
    package var description: String {
        "SQL(\(parameters.count) parameters)"
    }

    /// No children, so `dump` and test-failure output show no text or values either.
    package var customMirror: Mirror {
        Mirror(self, children: [:])
    }

    /// Appends `other`, renumbering its parameters to follow this statement's.
    package mutating func append(_ other: SQL) {
        segments += other.segments
    }

    /// This statement followed by `other`.
    package static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// Collects the literal text and parameters of an interpolated `SQL` literal.
    package struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var segments: [Segment] = []

        /// Reserves room for the literal's pieces.
        package init(literalCapacity: Int, interpolationCount: Int) {
            segments.reserveCapacity(interpolationCount * 2 + 1)
        }

        /// Appends literal SQL text from the source code.
        package mutating func appendLiteral(_ literal: String) {
            guard !literal.isEmpty else { return }
            segments.append(.raw(literal))
        }

        /// Sends `value` as the next parameter.
        package mutating func appendInterpolation(_ value: some PostgresEncodable) {
            segments.append(.parameter(value.postgresText))
        }

        /// Sends `value` as the next parameter, or SQL `NULL` when it is `nil`.
        package mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            segments.append(.parameter(value?.postgresText))
        }

        /// Embeds another statement fragment, renumbering its parameters.
        package mutating func appendInterpolation(_ fragment: SQL) {
            segments += fragment.segments
        }

        /// Inserts `text` verbatim; only for trusted text such as a column name from an allowlist.
        package mutating func appendInterpolation(unsafeRaw text: String) {
            appendLiteral(text)
        }
    }
}
