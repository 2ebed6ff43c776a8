/// Mutations that know nothing of YAML's structure but a lot about what breaks YAML readers: indicators,
/// quotes, tabs, control and NUL bytes, BOMs, broken UTF-8, odd line ends, deep nesting, huge lines, anchors.
struct ByteMutator {
    /// Other documents to splice pieces of in.
    let donors: [[UInt8]]

    /// Applies one random mutation to `bytes` and says what it did.
    func mutate(_ bytes: inout [UInt8], random: inout SplitMix64) -> String {
        let operations: [(weight: Int, value: Operation)] = [
            (6, .flipBit), (4, .setByte), (4, .deleteRange), (4, .duplicateRange), (3, .moveRange),
            (4, .splice), (10, .insertToken), (6, .replaceToken), (5, .lineEdit), (3, .indentEdit),
            (2, .truncate), (2, .bom), (3, .invalidUTF8), (2, .longLine), (2, .deepNesting), (2, .lineEnds),
            (2, .yamlDirective), (2, .anchorsAndAliases), (2, .controlCharacter),
        ]
        return apply(random.weighted(operations), to: &bytes, random: &random)
    }

    enum Operation {
        case flipBit, setByte, deleteRange, duplicateRange, moveRange, splice, insertToken, replaceToken, lineEdit
        case indentEdit, truncate, bom, invalidUTF8, longLine, deepNesting, lineEnds, yamlDirective
        case anchorsAndAliases, controlCharacter
    }

    /// Bits of YAML syntax (and of Swift string syntax, which the generator writes some of this text into).
    static let tokens: [String] = [
        ":", ": ", "-", "- ", "?", "? ", "&", "&a ", "*", "*a", "!", "!!str ", "!tag ", "|", "|-", "|+", ">", ">-",
        "'", "\"", "%", "@", "`", "#", " #", ",", "[", "]", "{", "}", "\t", "\r", "\n", "\r\n", "\\", "\\u",
        "\\x", "---", "...", "--- ", "<<: *a", "~", "null", "true", "1e999", "-0", "0x1F", ".nan", "$ref",
        "\"\"\"", "#\"", "\"#", "\\(", "*/", "/*", "\u{0085}", "\u{2028}", "\u{FEFF}", "\u{00A0}", "é", "😀",
        "\u{202E}", "e\u{301}", "{a}", "{}", "/{", "}/", "  ", "    ",
    ]

    private func apply(_ operation: Operation, to bytes: inout [UInt8], random: inout SplitMix64) -> String {
        switch operation {
        case .flipBit:
            guard !bytes.isEmpty else { return "flip bit (empty input)" }
            let index = random.below(bytes.count)
            bytes[index] ^= 1 << UInt8(random.below(8))
            return "flip a bit at byte \(index)"
        case .setByte:
            guard !bytes.isEmpty else { return "set byte (empty input)" }
            let index = random.below(bytes.count)
            let value = random.element(
                of: [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x27, 0x3A, 0x7F, 0x80, 0xC3, 0xFF] as [UInt8])
            bytes[index] = random.oneIn(3) ? UInt8(truncatingIfNeeded: random.next()) : value
            return "set byte \(index) to 0x\(String(bytes[index], radix: 16))"
        case .deleteRange:
            let range = randomRange(in: bytes.count, random: &random)
            bytes.removeSubrange(range)
            return "delete bytes \(range)"
        case .duplicateRange:
            let range = randomRange(in: bytes.count, random: &random)
            bytes.insert(contentsOf: bytes[range], at: random.int(in: 0...bytes.count))
            return "duplicate bytes \(range)"
        case .moveRange:
            let range = randomRange(in: bytes.count, random: &random)
            let piece = Array(bytes[range])
            bytes.removeSubrange(range)
            bytes.insert(contentsOf: piece, at: random.int(in: 0...bytes.count))
            return "move bytes \(range)"
        case .splice:
            guard !donors.isEmpty else { return "splice (no donors)" }
            let donor = random.element(of: donors)
            let piece = donor[randomRange(in: donor.count, random: &random)]
            let range = randomRange(in: bytes.count, random: &random)
            bytes.replaceSubrange(range, with: piece)
            return "replace bytes \(range) with \(piece.count) bytes of another document"
        case .insertToken:
            let token = random.element(of: Self.tokens)
            let index = interestingPosition(in: bytes, random: &random)
            bytes.insert(contentsOf: Array(token.utf8), at: index)
            return "insert \(Self.describe(token)) at byte \(index)"
        case .replaceToken:
            let token = random.element(of: Self.tokens)
            let index = interestingPosition(in: bytes, random: &random)
            let end = min(bytes.count, index + random.int(in: 1...4))
            bytes.replaceSubrange(index..<end, with: Array(token.utf8))
            return "replace bytes \(index)..<\(end) with \(Self.describe(token))"
        case .lineEdit:
            return editLines(&bytes, random: &random)
        case .indentEdit:
            return editIndentation(&bytes, random: &random)
        case .truncate:
            let length = random.int(in: 0...bytes.count)
            bytes.removeSubrange(length...)
            return "truncate to \(length) bytes"
        case .bom:
            let index = random.oneIn(2) ? 0 : random.int(in: 0...bytes.count)
            bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: index)
            return "insert a BOM at byte \(index)"
        case .invalidUTF8:
            let sequences: [[UInt8]] = [
                [0xFF], [0xFE, 0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80],
                [0xF4, 0x90, 0x80, 0x80],
                [0x80], [0xF0, 0x9F, 0x98], [0xF8, 0x88, 0x80, 0x80, 0x80],
            ]
            let sequence = random.element(of: sequences)
            let index = random.int(in: 0...bytes.count)
            bytes.insert(contentsOf: sequence, at: index)
            return "insert invalid UTF-8 \(sequence.map { String($0, radix: 16) }) at byte \(index)"
        case .longLine:
            let unit = random.element(of: ["a", "ab ", "{", "\"", "é", "# ", "x: "])
            let count = random.element(of: [1_025, 4_097, 65_537, 200_000])
            let line = String(repeating: unit, count: count / unit.utf8.count + 1)
            let index = interestingPosition(in: bytes, random: &random)
            bytes.insert(contentsOf: Array(line.utf8), at: index)
            return "insert a line of \(line.utf8.count) bytes at byte \(index)"
        case .deepNesting:
            return insertNesting(&bytes, random: &random)
        case .lineEnds:
            let ending = random.element(of: ["\r\n", "\r", "\u{0085}", "\u{2028}"])
            bytes = bytes.flatMap { $0 == 0x0A ? Array(ending.utf8) : [$0] }
            return "line ends to \(Self.describe(ending))"
        case .yamlDirective:
            let prefix = random.element(of: [
                "%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "%YAML 2.0\n---\n", "%TAG ! tag:example.com:\n---\n", "---\n",
                "--- !!map\n", "...\n", "# comment\n", "%FOO bar\n---\n",
            ])
            let suffix = random.element(of: ["", "\n...\n", "\n---\n", "\n---\na: 1\n", "\n--- |\n  text\n"])
            bytes = Array(prefix.utf8) + bytes + Array(suffix.utf8)
            return "wrap in \(Self.describe(prefix)) and \(Self.describe(suffix))"
        case .anchorsAndAliases:
            let snippets = [
                "x-a: &a [1, 2]\nx-b: *a\n", "x-a: &a {b: *a}\n", "x-b: *missing\n", "&a x-k: v\n",
                "x-l: &l [*l]\n",
                "x-a: &a [a,a,a,a,a,a,a,a,a]\nx-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                    + "x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                    + "x-e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
                "x-m: &m\n  k: v\nx-n:\n  <<: *m\n",
            ]
            let snippet = random.element(of: snippets)
            let index = lineStart(in: bytes, random: &random)
            bytes.insert(contentsOf: Array(snippet.utf8), at: index)
            return "insert \(Self.describe(snippet)) at byte \(index)"
        case .controlCharacter:
            let value = random.element(of: [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x7F] as [UInt8])
            let index = random.int(in: 0...bytes.count)
            bytes.insert(value, at: index)
            return "insert control byte 0x\(String(value, radix: 16)) at byte \(index)"
        }
    }

    /// A range of up to a few lines' worth of bytes, short ranges far more likely.
    private func randomRange(in count: Int, random: inout SplitMix64) -> Range<Int> {
        guard count > 0 else { return 0..<0 }
        let start = random.below(count)
        let length = 1 + random.skewed(below: min(count - start, 4_096))
        return start..<(start + length)
    }

    /// Where syntax matters most: just after `: `, `- `, a line start or a quote; sometimes anywhere.
    private func interestingPosition(in bytes: [UInt8], random: inout SplitMix64) -> Int {
        guard !bytes.isEmpty, !random.oneIn(3) else { return random.int(in: 0...bytes.count) }
        let start = random.below(bytes.count)
        let markers: Set<UInt8> = [0x0A, 0x3A, 0x2D, 0x22, 0x27, 0x5B, 0x7B, 0x20]
        var index = start
        while index < bytes.count, !markers.contains(bytes[index]) { index += 1 }
        return min(index + 1, bytes.count)
    }

    private func lineStart(in bytes: [UInt8], random: inout SplitMix64) -> Int {
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        return random.element(of: starts)
    }

    /// Deletes, duplicates or swaps whole lines, which keeps most of the document readable.
    private func editLines(_ bytes: inout [UInt8], random: inout SplitMix64) -> String {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return "edit lines (none)" }
        let index = random.below(lines.count)
        let description: String
        switch random.below(4) {
        case 0:
            lines.remove(at: index)
            description = "delete line \(index + 1)"
        case 1:
            lines.insert(lines[index], at: index)
            description = "duplicate line \(index + 1)"
        case 2:
            let other = random.below(lines.count)
            lines.swapAt(index, other)
            description = "swap lines \(index + 1) and \(other + 1)"
        default:
            let count = min(lines.count - index, 1 + random.skewed(below: 40))
            let block = lines[index..<(index + count)]
            lines.insert(contentsOf: block, at: random.int(in: 0...lines.count))
            description = "copy lines \(index + 1)...\(index + count)"
        }
        bytes = Array(lines.joined(separator: [0x0A]))
        return description
    }

    /// Moves one line (or a run of lines) in or out by a few columns, or turns its indentation into tabs.
    private func editIndentation(_ bytes: inout [UInt8], random: inout SplitMix64) -> String {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return "indent (no lines)" }
        let index = random.below(lines.count)
        let count = min(lines.count - index, 1 + random.skewed(below: 10))
        let shift = random.element(of: [-4, -2, -1, 1, 2, 4, 0])
        for line in index..<(index + count) {
            if shift == 0 {
                let spaces = lines[line].prefix { $0 == 0x20 }.count
                lines[line].replaceSubrange(0..<spaces, with: [UInt8](repeating: 0x09, count: max(spaces / 2, 1)))
            } else if shift > 0 {
                lines[line].insert(contentsOf: [UInt8](repeating: 0x20, count: shift), at: 0)
            } else {
                let spaces = lines[line].prefix { $0 == 0x20 }.count
                lines[line].removeFirst(min(spaces, -shift))
            }
        }
        bytes = Array(lines.joined(separator: [0x0A]))
        return shift == 0
            ? "tabs for indentation on lines \(index + 1)...\(index + count)"
            : "shift lines \(index + 1)...\(index + count) by \(shift)"
    }

    /// `[[[[…`, `{a: {a: …`, `- - - …` or nested block mappings, closed or not, around the parser's depth limit.
    private func insertNesting(_ bytes: inout [UInt8], random: inout SplitMix64) -> String {
        let depth = random.element(of: [255, 256, 257, 1_000, 100_000, random.int(in: 2...300)])
        let isClosed = !random.oneIn(4)
        let text: String
        switch random.below(4) {
        case 0:
            text = String(repeating: "[", count: depth) + (isClosed ? String(repeating: "]", count: depth) : "")
        case 1:
            text =
                String(repeating: "{a: ", count: depth) + "b" + (isClosed ? String(repeating: "}", count: depth) : "")
        case 2:
            text = String(repeating: "- ", count: min(depth, 5_000)) + "x"
        default:
            text =
                (0..<min(depth, 2_000)).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
                + " v"
        }
        let asValue = random.oneIn(2)
        let snippet = asValue ? "x-deep: " + text + "\n" : text
        let index = asValue ? lineStart(in: bytes, random: &random) : random.int(in: 0...bytes.count)
        bytes.insert(contentsOf: Array(snippet.utf8), at: index)
        return "insert nesting \(depth) deep (\(isClosed ? "closed" : "unclosed")) at byte \(index)"
    }

    /// A short, printable rendering of inserted text for the mutation log.
    static func describe(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return YAMLEmitter.doubleQuoted(shown)
    }
}
