/// Builds Swift source line by line with 4-space indentation, no trailing spaces and LF line ends.
struct CodeWriter {
    /// Lines longer than this are wrapped where the writer knows how (lists of parameters, arguments, conditions).
    static let lineLength = 120

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

    /// `prefix` + `items` joined by commas + `suffix` on one line when it fits, else one item per line, one level
    /// deeper, between `prefix` and `suffix` on lines of their own.
    mutating func wrappedLine(_ prefix: String, _ items: [String], _ suffix: String) {
        let single = prefix + items.joined(separator: ", ") + suffix
        guard depth * 4 + single.count > Self.lineLength, !items.isEmpty else {
            line(single)
            return
        }
        line(prefix.replacingTrailingSpaces())
        depth += 1
        for (index, item) in items.enumerated() { line(item + (index < items.count - 1 ? "," : "")) }
        depth -= 1
        line(String(suffix.drop { $0 == " " }))
    }

    /// A block whose opener is `prefix` + `items` + `suffix`, wrapped as `wrappedLine` wraps.
    mutating func wrappedBlock(
        _ prefix: String,
        _ items: [String],
        _ suffix: String,
        _ body: (inout CodeWriter) -> Void
    ) {
        wrappedLine(prefix, items, suffix + " {")
        depth += 1
        body(&self)
        depth -= 1
        line("}")
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
    ///
    /// Lines longer than `lineLength` are wrapped at spaces (Markdown joins them again), continuing list items and
    /// quotes so that they stay inside them; a word longer than a whole line is split.
    mutating func documentation(_ lines: [String]) {
        let width = Self.lineLength - depth * 4 - 4
        for content in lines {
            let escaped = Escaping.escape(content.replacingTrailingSpaces(), style: .swift, quotes: false)
            for wrapped in DocumentationWrapping.wrap(escaped, width: max(width, 40)) {
                line(wrapped.isEmpty ? "///" : "/// " + wrapped)
            }
        }
    }

    /// Raw text added as is (it must end with a newline).
    mutating func raw(_ content: String) {
        text += content
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result.removeLast() }
        return String(result)
    }
}
