import Generator
import Testing

@Suite struct YAMLParserTests {
    // MARK: - Tree shape

    @Test(arguments: [
        ("plain", "a: text\n", "text", YAMLNode.ScalarStyle.plain),
        ("single-quoted", "a: 'it''s'\n", "it's", .singleQuoted),
        ("double-quoted", "a: \"tab\\there\"\n", "tab\there", .doubleQuoted),
        ("literal", "a: |\n  one\n  two\n", "one\ntwo\n", .literal),
        ("folded", "a: >\n  one\n  two\n", "one two\n", .folded),
    ])
    func scalarKeepsTextAndStyle(name: String, source: String, text: String, style: YAMLNode.ScalarStyle) throws {
        let result = parse(source)
        #expect(result.diagnostics == [])
        let value = try #require(result.node?["a"])
        guard case .scalar(let parsedText, let parsedStyle) = value.kind else {
            Issue.record("\(name): expected a scalar, got \(value.kindDescription)")
            return
        }
        #expect(parsedText == text)
        #expect(parsedStyle == style)
        #expect(positions(of: value) == [1, 4])
    }

    @Test func scalarsStayTextWhateverTheyLookLike() throws {
        let root = try #require(parse("200: 404\ntrue: null\n").node)
        #expect(root.pairs?.map(\.key.scalar) == ["200", "true"])
        #expect(root["200"]?.scalar == "404")
        #expect(root["true"]?.isNull == true)
    }

    @Test func mappingKeepsDocumentOrderAndLocations() throws {
        let source = """
            paths:
              /tasks:
                get:
                  summary: List
                post: {}
            info:
              title: Tasks
              tags:
                - a
                - "b"
            """
        let result = parse(source)
        #expect(result.diagnostics == [])
        let root = try #require(result.node)
        #expect(positions(of: root) == [1, 1])
        #expect(root.pairs?.map(\.key.scalar) == ["paths", "info"])

        let paths = try #require(root["paths"])
        #expect(positions(of: paths) == [2, 3])
        let tasks = try #require(paths["/tasks"])
        #expect(tasks.pairs?.map(\.key.scalar) == ["get", "post"])
        #expect(tasks.pairs.map { $0.map { positions(of: $0.key) } } == [[3, 5], [5, 5]])
        #expect(positions(of: tasks["get"]?["summary"]) == [4, 16])
        #expect(positions(of: tasks["post"]) == [5, 11])

        let infoKey = try #require(root.pairs?.last?.key)
        #expect(positions(of: infoKey) == [6, 1])
        let tags = try #require(root["info"]?["tags"])
        #expect(positions(of: tags) == [9, 5])
        #expect(tags.items?.map(\.scalar) == ["a", "b"])
        #expect(tags.items?.map { positions(of: $0) } == [[9, 7], [10, 7]])
    }

    @Test func flowStyleJSONParsesAsYAML() throws {
        let result = parse(#"{"a": [1, 2]}"#)
        #expect(result.diagnostics == [])
        let root = try #require(result.node)
        #expect(positions(of: root) == [1, 1])
        let key = try #require(root.pairs?.first?.key)
        guard case .scalar("a", .doubleQuoted) = key.kind else {
            Issue.record("expected the double-quoted key \"a\", got \(key.kind)")
            return
        }
        #expect(positions(of: key) == [1, 2])
        let list = try #require(root["a"])
        #expect(positions(of: list) == [1, 7])
        #expect(list.items?.map(\.scalar) == ["1", "2"])
        #expect(list.items?.map { positions(of: $0) } == [[1, 8], [1, 11]])
    }

    @Test func byteOrderMarkIsSkippedWithoutShiftingColumns() throws {
        let result = parse(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        #expect(result.diagnostics == [])
        let root = try #require(result.node)
        #expect(positions(of: root.pairs?.first?.key) == [1, 1])
        #expect(positions(of: root["a"]) == [1, 4])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try #require(parse("é: [x, ü]\n").node)
        #expect(positions(of: root["é"]) == [1, 4])
        #expect(root["é"]?.items?.map { positions(of: $0) } == [[1, 5], [1, 8]])
    }

    // MARK: - Anchors and aliases

    @Test func aliasIsReplacedByACopyOfTheAnchoredNode() throws {
        let source = """
            base: &base
              type: string
            copy: *base
            list: [&x one, *x]
            """
        let result = parse(source)
        #expect(result.diagnostics == [])
        let root = try #require(result.node)
        let copy = try #require(root["copy"])
        #expect(copy["type"]?.scalar == "string")
        #expect(positions(of: copy) == [1, 7])
        #expect(positions(of: copy["type"]) == [2, 9])
        let list = try #require(root["list"]?.items)
        #expect(list.map(\.scalar) == ["one", "one"])
        #expect(list.map { positions(of: $0) } == [[4, 8], [4, 8]])
    }

    @Test func laterAnchorOfTheSameNameWins() throws {
        let root = try #require(parse("a: &x 1\nb: &x 2\nc: *x\n").node)
        #expect(root["c"]?.scalar == "2")
    }

    @Test func billionLaughsStopsAtTheExpansionLimit() {
        // Each level holds nine aliases to the one before, so the tree would hold about 10^9 nodes.
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        let names = Array("abcdefghi")
        for (previous, name) in zip(names, names.dropFirst()) {
            let aliases = Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
            lines.append("\(name): &\(name) [\(aliases)]")
        }
        let result = parse(lines.joined(separator: "\n"))
        // a..e expand to 74,718 nodes; the first *e on line 6 adds 66,430 more.
        #expect(result.diagnostics == ["t.yaml:6:8: error: alias expansion exceeds 100000 nodes"])
        #expect(result.node == nil)
    }

    @Test func aliasCopyCountsTowardsTheNestingLimit() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let within = "a: &a \(deep)\nb: \(nested("*a", levels: 55))\n"
        #expect(parse(within).diagnostics == [])
        let beyond = "a: &a \(deep)\nb: \(nested("*a", levels: 56))\n"
        #expect(parse(beyond).diagnostics == ["t.yaml:2:60: error: nesting deeper than 256 levels"])
        #expect(parse(beyond).node == nil)
    }

    // MARK: - Nesting

    @Test func nestingOf256LevelsIsAccepted() throws {
        let result = parse(nested("x", levels: 256))
        #expect(result.diagnostics == [])
        var node = try #require(result.node)
        var levels = 0
        while let first = node.items?.first {
            levels += 1
            node = first
        }
        #expect(levels == 256)
        #expect(node.scalar == "x")
    }

    @Test func nestingOf300LevelsIsRejectedAtTheFirstLevelTooDeep() {
        let result = parse(nested("x", levels: 300))
        #expect(result.diagnostics == ["t.yaml:1:257: error: nesting deeper than 256 levels"])
        #expect(result.node == nil)
    }

    @Test func deepBlockNestingIsRejectedToo() {
        let source = (0..<300).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " v\n"
        let result = parse(source)
        #expect(result.diagnostics == ["t.yaml:257:257: error: nesting deeper than 256 levels"])
        #expect(result.node == nil)
    }

    // MARK: - Diagnostics

    struct Rejection: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var diagnostics: [String]
        /// Whether a tree still comes back: problems inside a readable document do not discard it.
        var keepsTree: Bool

        init(_ name: String, _ source: String, _ diagnostics: [String], keepsTree: Bool) {
            self.init(name, bytes: Array(source.utf8), diagnostics, keepsTree: keepsTree)
        }

        init(_ name: String, bytes: [UInt8], _ diagnostics: [String], keepsTree: Bool) {
            self.name = name
            self.bytes = bytes
            self.diagnostics = diagnostics
            self.keepsTree = keepsTree
        }

        var testDescription: String { name }
    }

    static let rejections: [Rejection] = [
        Rejection(
            "duplicate key",
            "a: 1\nb:\n    a: 1\n    a: 2\n",
            ["t.yaml:4:5: error: duplicate key 'a' (first defined at line 3, column 5)"],
            keepsTree: true
        ),
        Rejection(
            "duplicate key differing only in quoting",
            "{name: 1, 'name': 2}",
            ["t.yaml:1:11: error: duplicate key 'name' (first defined at line 1, column 2)"],
            keepsTree: true
        ),
        Rejection(
            "sequence as key",
            "? [a, b]\n: c\nd: e\n",
            ["t.yaml:1:3: error: mapping keys must be scalars"],
            keepsTree: true
        ),
        Rejection(
            "flow mapping as key",
            "{x: y}: z\n",
            ["t.yaml:1:1: error: mapping keys must be scalars"],
            keepsTree: true
        ),
        Rejection(
            "unknown alias",
            "a: 1\nb: *x\n",
            ["t.yaml:2:4: error: unknown alias '*x'"],
            keepsTree: true
        ),
        Rejection(
            "alias inside its own anchor",
            "a: &r\n  - 1\n  - *r\n",
            ["t.yaml:3:5: error: alias '*r' refers to a node that contains it"],
            keepsTree: true
        ),
        Rejection(
            "local tag",
            "a: !foo x\n",
            ["t.yaml:1:4: warning: unsupported tag '!foo' ignored"],
            keepsTree: true
        ),
        Rejection(
            "unknown secondary tag",
            "a: !!binary eA==\n",
            ["t.yaml:1:4: warning: unsupported tag '!!binary' ignored"],
            keepsTree: true
        ),
        Rejection(
            "verbatim tag on a collection",
            "a: !<tag:example.com,2024:x> [1]\n",
            ["t.yaml:1:4: warning: unsupported tag '!<tag:example.com,2024:x>' ignored"],
            keepsTree: true
        ),
        Rejection(
            "multiple documents",
            "a: 1\n---\nb: 2\n",
            ["t.yaml:2:1: error: multiple YAML documents are not supported"],
            keepsTree: true
        ),
        Rejection("empty input", "", ["t.yaml:1:1: error: the document is empty"], keepsTree: false),
        Rejection("only a comment", "# nothing\n", ["t.yaml:1:1: error: the document is empty"], keepsTree: false),
        Rejection("only a document marker", "---\n", ["t.yaml:1:1: error: the document is empty"], keepsTree: false),
        Rejection(
            "tab indenting a key",
            "a:\n\tb: 1\n",
            ["t.yaml:2:1: error: tab characters are not allowed for indentation"],
            keepsTree: false
        ),
        Rejection(
            "tab indenting a continuation line",
            "a:\n  b: 1\n\t c: 2\n",
            ["t.yaml:3:1: error: tab characters are not allowed for indentation"],
            keepsTree: false
        ),
        Rejection(
            "tab indenting a block scalar",
            "a: |\n  x\n\ty\n",
            ["t.yaml:3:1: error: tab characters are not allowed for indentation"],
            keepsTree: false
        ),
        Rejection(
            "invalid UTF-8 byte",
            bytes: Array("a: b\nc: ".utf8) + [0xFF] + Array("\n".utf8),
            ["t.yaml:2:4: error: invalid UTF-8 in input"],
            keepsTree: false
        ),
        Rejection(
            "truncated UTF-8 sequence after a multi-byte character",
            bytes: Array("a: é\r\nb: x".utf8) + [0xC3] + Array("\n".utf8),
            ["t.yaml:2:5: error: invalid UTF-8 in input"],
            keepsTree: false
        ),
        Rejection(
            "UTF-16 input",
            bytes: [0xFF, 0xFE, 0x61, 0x00],
            ["t.yaml:1:1: error: invalid UTF-8 in input"],
            keepsTree: false
        ),
        Rejection(
            "NUL byte",
            bytes: Array("a: 1\nb: x".utf8) + [0x00] + Array("y\n".utf8),
            ["t.yaml:2:5: error: input contains a NUL byte"],
            keepsTree: false
        ),
        Rejection(
            "control character",
            bytes: Array("a: ".utf8) + [0x07] + Array("\n".utf8),
            ["t.yaml:1:4: error: control character U+0007 is not allowed"],
            keepsTree: false
        ),
        Rejection(
            "unclosed flow sequence",
            "a: [1, 2\nb: 3\n",
            ["t.yaml:2:2: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"],
            keepsTree: false
        ),
        Rejection(
            "mapping value in a plain scalar",
            "a: b: c\n",
            ["t.yaml:1:5: error: YAML syntax error: mapping values are not allowed in this context"],
            keepsTree: false
        ),
    ]

    @Test(arguments: rejections)
    func rejectedInputIsReportedAtItsPosition(_ rejection: Rejection) {
        let result = parse(bytes: rejection.bytes)
        #expect(result.diagnostics == rejection.diagnostics)
        #expect((result.node != nil) == rejection.keepsTree)
    }

    @Test func rejectedPairsAreLeftOutAndTheRestKept() throws {
        let source = """
            a: 1
            a: 2
            ? [x]
            : 3
            b: *missing
            c: 4
            """
        let result = parse(source)
        #expect(result.diagnostics.count == 3)
        let root = try #require(result.node)
        #expect(root.pairs?.map(\.key.scalar) == ["a", "c"])
        #expect(root["a"]?.scalar == "1")
    }

    @Test(arguments: ["str", "int", "bool", "null", "float"])
    func coreSchemaTagsAreAcceptedSilently(tag: String) throws {
        let result = parse("a: !!\(tag) 1\nb: !!seq [1]\nc: !!map {}\n")
        #expect(result.diagnostics == [])
        #expect(result.node?["a"]?.scalar == "1")
    }

    @Test func firstDocumentIsStillReturnedWhenMoreFollow() throws {
        let root = try #require(parse("a: 1\n---\nb: 2\n").node)
        #expect(root.pairs?.map(\.key.scalar) == ["a"])
    }

    @Test func diagnosticsNameTheGivenFile() {
        var diagnostics = Diagnostics()
        _ = YAMLParser.parse(Array("a: 1\na: 2\n".utf8), file: "specs/openapi.yaml", diagnostics: &diagnostics)
        #expect(
            diagnostics.all.map(\.description) == [
                "specs/openapi.yaml:2:1: error: duplicate key 'a' (first defined at line 1, column 1)"
            ]
        )
    }
}

// MARK: - Helpers

private func parse(_ source: String) -> (node: YAMLNode?, diagnostics: [String]) {
    parse(bytes: Array(source.utf8))
}

private func parse(bytes: [UInt8]) -> (node: YAMLNode?, diagnostics: [String]) {
    var diagnostics = Diagnostics()
    let node = YAMLParser.parse(bytes, file: "t.yaml", diagnostics: &diagnostics)
    return (node, diagnostics.all.map(\.description))
}

/// `[line, column]`, or `[]` for a missing node, so that expectations print both numbers on failure.
private func positions(of node: YAMLNode?) -> [Int] {
    node.map { [$0.location.line, $0.location.column] } ?? []
}

/// `text` inside `levels` nested flow sequences: `[[x]]` for two levels.
private func nested(_ text: String, levels: Int) -> String {
    String(repeating: "[", count: levels) + text + String(repeating: "]", count: levels)
}
