/// A compiled `pattern` constraint (ECMA-262 syntax as JSON Schema uses it, matched anywhere in the string).
///
/// The common shapes — one character class repeated over the whole string (`^[^\x00]*$`), or one exact
/// string — are matched by a scan over the string's scalars, without a regex. Anything else runs Swift's `Regex`,
/// which is not `Sendable`: each match borrows a compiled copy of its own from a `RegexPool`, so concurrent requests
/// never wait for one another's matches.
public final class Pattern: Sendable {
    public let source: String
    private let matcher: Matcher
    /// Compiled only for the patterns the scan cannot match.
    private let regexes: RegexPool?

    private enum Matcher: Sendable {
        /// `^[…]*$` / `^[…]+$` and their negated forms: every scalar in (or outside) the class.
        case wholeClass(ScalarClass, negated: Bool, allowsEmpty: Bool)
        /// `^text$` without metacharacters.
        case exactly(String)
        case regex
    }

    /// Compiles the pattern; an uncompilable pattern matches nothing (the generator rejects those up front).
    public init(_ source: String) {
        self.source = source
        if let parsed = Self.wholeClass(source) {
            matcher = .wholeClass(parsed.scalars, negated: parsed.negated, allowsEmpty: parsed.allowsEmpty)
            regexes = nil
        } else if let text = Self.exactText(source) {
            matcher = .exactly(text)
            regexes = nil
        } else {
            matcher = .regex
            regexes = RegexPool(source)
        }
    }

    public func matches(_ text: String) -> Bool {
        switch matcher {
        case .wholeClass(let scalars, let negated, let allowsEmpty):
            if text.isEmpty { return allowsEmpty }
            return text.unicodeScalars.allSatisfy { scalars.contains($0) != negated }
        case .exactly(let expected):
            // Scalar by scalar, as ECMA-262 compares: canonically equivalent spellings are different strings.
            return text.unicodeScalars.elementsEqual(expected.unicodeScalars)
        case .regex:
            return regexes?.matches(text) ?? false
        }
    }

    // MARK: Recognising the simple shapes

    /// `^[SET]*$`, `^[SET]+$`, `^[^SET]*$` or `^[^SET]+$` with a class this type can read.
    private static func wholeClass(_ source: String) -> (scalars: ScalarClass, negated: Bool, allowsEmpty: Bool)? {
        var scalars = Array(source.unicodeScalars)
        guard scalars.count >= 6, scalars.first == "^", scalars.last == "$" else { return nil }
        scalars = Array(scalars.dropFirst().dropLast())
        guard let quantifier = scalars.last, quantifier == "*" || quantifier == "+" else { return nil }
        scalars.removeLast()
        guard scalars.first == "[", scalars.last == "]" else { return nil }
        var body = scalars.dropFirst().dropLast()
        let negated = body.first == "^"
        if negated { body = body.dropFirst() }
        guard let parsed = ScalarClass(parsing: Array(body)) else { return nil }
        return (parsed, negated, quantifier == "*")
    }

    /// The text of `^text$` when it holds no regex metacharacter.
    private static func exactText(_ source: String) -> String? {
        guard source.count >= 2, source.hasPrefix("^"), source.hasSuffix("$") else { return nil }
        let text = source.dropFirst().dropLast()
        let metacharacters: Set<Character> = ["\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "^", "$"]
        guard !text.contains(where: metacharacters.contains) else { return nil }
        return String(text)
    }
}

/// The scalars of a regex character class body: single scalars, escapes and ranges.
struct ScalarClass: Sendable {
    private var ranges: [ClosedRange<UInt32>] = []

    /// Reads a class body such as `\x00-\x1F"\\` or `a-zA-Z0-9_`; `nil` for anything it does not know
    /// (class escapes like `\d`, nested classes), which then goes to the regex engine.
    init?(parsing body: [Unicode.Scalar]) {
        var index = 0
        func scalar() -> UInt32? {
            guard index < body.count else { return nil }
            let current = body[index]
            index += 1
            guard current == "\\" else { return current == "[" || current == "]" ? nil : current.value }
            guard index < body.count else { return nil }
            let escaped = body[index]
            index += 1
            switch escaped {
            case "x": return hex(2)
            case "u": return hex(4)
            case "n": return 0x0A
            case "r": return 0x0D
            case "t": return 0x09
            case "0": return 0
            case "\\", "]", "[", "-", "^", ".", "/", "\"", "'", "$", "*", "+", "?", "(", ")", "{", "}", "|":
                return escaped.value
            default: return nil
            }
        }
        func hex(_ digits: Int) -> UInt32? {
            guard index + digits <= body.count else { return nil }
            let slice = body[index..<index + digits]
            index += digits
            guard slice.allSatisfy({ $0.properties.isASCIIHexDigit }),
                let value = UInt32(String(String.UnicodeScalarView(slice)), radix: 16),
                Unicode.Scalar(value) != nil
            else { return nil }  // a surrogate half (`\uD83D`) is a pair's business: the regex engine's
            return value
        }
        guard !body.isEmpty else { return nil }
        while index < body.count {
            guard let lower = scalar() else { return nil }
            if index + 1 < body.count, body[index] == "-" {
                index += 1
                guard let upper = scalar(), lower <= upper else { return nil }
                ranges.append(lower...upper)
            } else {
                ranges.append(lower...lower)
            }
        }
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) }
    }
}
