internal import Synchronization

/// A compiled `pattern` constraint (ECMA-262 syntax as JSON Schema uses it, matched anywhere in the string).
///
/// `Regex` is not `Sendable`, so the compiled regex lives behind a `Mutex`; matches are short and rare enough
/// (only on fields that declare a pattern) that the lock costs nothing measurable.
public final class Pattern: Sendable {
    public let source: String
    private let regex: Mutex<Regex<AnyRegexOutput>?>

    /// Compiles the pattern; an uncompilable pattern matches nothing (the generator rejects those up front).
    public init(_ source: String) {
        self.source = source
        self.regex = Mutex(try? Regex(source))
    }

    public func matches(_ text: String) -> Bool {
        regex.withLock { regex in
            guard let regex else { return false }
            return (try? regex.firstMatch(in: text)) != nil
        }
    }
}
