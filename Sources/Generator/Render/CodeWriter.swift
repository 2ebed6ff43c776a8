/// Builds Swift source line by line with 4-space indentation, no trailing spaces and LF line ends.
struct CodeWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: depth) + content + "\n"
        }
    }

    /// `opener {`, the body one level deeper, then `}` (or `closer`).
    mutating func block(_ opener: String, closer: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(opener + " {")
        depth += 1
        body(&self)
        depth -= 1
        line(closer)
    }

    /// `switch subject {`, the cases at the same depth (as Swift style has them), then `}`.
    mutating func switchBlock(_ opener: String, _ body: (inout CodeWriter) -> Void) {
        line(opener + " {")
        body(&self)
        line("}")
    }

    /// Lines one level deeper without braces (the body of a `case`).
    mutating func indent(_ body: (inout CodeWriter) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    /// `content` prefixed with the current indentation, for openers that span several lines.
    func indented(_ content: String) -> String {
        String(repeating: "    ", count: depth) + content
    }

    /// `///` lines; an empty line becomes a bare `///`. Control characters from the document are escaped: Swift
    /// refuses most of them even in comments.
    mutating func documentation(_ lines: [String]) {
        for content in lines {
            let trimmed = Escaping.escape(content.replacingTrailingSpaces(), style: .swift, quotes: false)
            line(trimmed.isEmpty ? "///" : "/// " + trimmed)
        }
    }

    /// Raw text added as is (it must end with a newline).
    mutating func raw(_ content: String) {
        text += content
    }

    /// Drops the blank line a loop leaves before a closing brace.
    mutating func trimTrailingBlankLine() {
        while text.hasSuffix("\n\n") { text.removeLast() }
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result.removeLast() }
        return String(result)
    }
}
