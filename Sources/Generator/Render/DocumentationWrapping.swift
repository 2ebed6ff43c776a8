/// Wraps one line of Markdown documentation to a width without changing what it renders as.
enum DocumentationWrapping {
    /// `line` as lines of at most `width` characters. Continuation lines keep a list item's or a quote's
    /// indentation, and never start with something Markdown would read as a new block (`-`, `#`, `>`, `1.`).
    static func wrap(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        let indentation = String(line.prefix { $0 == " " })
        let text = line.dropFirst(indentation.count)
        let continuation = indentation + continuationPrefix(of: text)
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var lines: [String] = []
        var current = indentation
        var currentWords = 0
        while !words.isEmpty {
            let word = words.removeFirst()
            let candidate = currentWords == 0 ? current + word : current + " " + word
            if candidate.count <= width || currentWords == 0 && current.count + word.count <= width {
                current = candidate
                currentWords += 1
                continue
            }
            if currentWords == 0 {
                // A word longer than a line: split it.
                let room = max(width - current.count, 1)
                lines.append(withoutTrailingSpaces(current + word.prefix(room)))
                words.insert(String(word.dropFirst(room)), at: 0)
                current = continuation
                continue
            }
            if startsBlock(word), currentWords > 1, let space = current.lastIndex(of: " ") {
                // Take the previous word along, so the new line does not open a list, heading or quote.
                words.insert(word, at: 0)
                words.insert(String(current[current.index(after: space)...]), at: 0)
                current = String(current[..<space])
            } else {
                words.insert(word, at: 0)
            }
            // A run of spaces at the break would end the line in spaces (a hard break in Markdown, and noise).
            lines.append(withoutTrailingSpaces(current))
            current = continuation
            currentWords = 0
        }
        if currentWords > 0 { lines.append(withoutTrailingSpaces(current)) }
        return lines
    }

    private static func withoutTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    /// What keeps a continuation inside the block its first line opened: spaces under a list marker, `>` for a quote.
    private static func continuationPrefix(of text: Substring) -> String {
        if text.hasPrefix("> ") { return "> " }
        for marker in ["- ", "* ", "+ "] where text.hasPrefix(marker) { return "  " }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, text.dropFirst(digits.count).hasPrefix(". ") || text.dropFirst(digits.count).hasPrefix(") ")
        {
            return String(repeating: " ", count: digits.count + 2)
        }
        return ""
    }

    private static func startsBlock(_ word: String) -> Bool {
        if ["-", "*", "+", ">", "=", "|"].contains(word) || word.hasPrefix("#") || word.hasPrefix(">") { return true }
        let digits = word.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && (word.dropFirst(digits.count) == "." || word.dropFirst(digits.count) == ")")
    }
}
