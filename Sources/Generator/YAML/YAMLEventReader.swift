internal import CLibYAML

/// Owns one libyaml parser and the copy of the input it reads, and hands out its events as Swift values.
///
/// Not `Sendable`: it lives inside a single `YAMLParser.parse` call and never leaves it.
final class YAMLEventReader {
    // Heap-allocated because `yaml_parser_set_input_string` stores a pointer to the parser inside the parser,
    // so it must never move.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    // libyaml does not copy its input; this copy lives exactly as long as the parser reading it.
    private let input: UnsafeMutableBufferPointer<UInt8>
    /// The bytes libyaml reads: `input` without the padding byte allocated for empty input.
    private let text: UnsafeBufferPointer<UInt8>
    private let file: String

    /// Prepares to read `bytes`; fails before libyaml sees them when they contain a NUL byte.
    init(bytes: [UInt8], file: String) throws(YAMLParseError) {
        // The BOM is dropped here rather than by libyaml's encoding detection, which would also accept UTF-16
        // and UTF-32; with UTF-8 forced, the byte offsets of reader errors match the bytes we scan below.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        // At least one byte, so the base address handed to libyaml (which asserts non-NULL) always exists.
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(body.count, 1))
        _ = input.initialize(fromContentsOf: body)
        let text = UnsafeBufferPointer(rebasing: input[..<body.count])

        // libyaml's reader rejects NUL as just another control character; name the real problem, unless invalid
        // UTF-8 comes first (as in UTF-16 input, which is mostly NUL bytes): libyaml reports that one below.
        if let nul = text.firstIndex(of: 0), String(validating: text[..<nul], as: UTF8.self) != nil {
            let position = TextCursor.position(ofByteOffset: nul, in: text)
            input.deallocate()
            throw YAMLParseError(
                message: "input contains a NUL byte",
                location: SourceLocation(file: file, line: position.line + 1, column: position.column + 1)
            )
        }

        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        guard yaml_parser_initialize(parser) == 1, let base = input.baseAddress else {
            parser.deinitialize(count: 1)
            parser.deallocate()
            input.deallocate()
            throw YAMLParseError(
                message: "out of memory while starting the YAML parser",
                location: SourceLocation(file: file, line: 1, column: 1)
            )
        }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, base, body.count)

        self.parser = parser
        self.input = input
        self.text = text
        self.file = file
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deinitialize(count: 1)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; `.streamEnd` again once the stream has ended.
    func next() throws(YAMLParseError) -> YAMLEvent {
        var event = yaml_event_t()
        let succeeded = yaml_parser_parse(parser, &event) == 1
        defer { yaml_event_delete(&event) }
        // After an error libyaml returns success with an empty event, so the error field is the real signal.
        guard succeeded, parser.pointee.error == YAML_NO_ERROR else { throw currentError() }
        return YAMLEvent(kind: kind(of: event), location: location(of: event.start_mark))
    }

    // MARK: - Copying out of C memory

    private func kind(of event: yaml_event_t) -> YAMLEvent.Kind {
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(Self.string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            // Length-based, not NUL-terminated: a double-quoted "\0" is a legal character of the value.
            let text =
                scalar.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: Int(clamping: scalar.length)), as: UTF8.self)
                } ?? ""
            let properties = YAMLEvent.Properties(anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag))
            return .scalar(text, Self.style(of: scalar.style), properties)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return .sequenceStart(.init(anchor: Self.string(start.anchor), tag: Self.string(start.tag)))
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return .mappingStart(.init(anchor: Self.string(start.anchor), tag: Self.string(start.tag)))
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            // YAML_NO_EVENT: libyaml hands it out forever once the stream has ended.
            return .streamEnd
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(of style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// libyaml marks are 0-based; every location leaving this type is 1-based.
    private func location(of mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(clamping: mark.line) + 1, column: Int(clamping: mark.column) + 1)
    }

    // MARK: - Translating libyaml errors

    /// The one place that turns libyaml's error state into a diagnostic message and position.
    private func currentError() -> YAMLParseError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"

        switch state.error {
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset instead of a mark: the reader fails before any mark reaches it.
            var offset = Int(clamping: state.problem_offset)
            // This one points at the bad byte after the lead; the broken character starts at the lead.
            if problem == "invalid trailing UTF-8 octet" {
                while offset > 0, offset <= text.count, text[offset - 1] & 0xC0 == 0x80 {
                    offset -= 1
                }
                offset = max(offset - 1, 0)
            }
            let position = TextCursor.position(ofByteOffset: offset, in: text)
            let location = SourceLocation(file: file, line: position.line + 1, column: position.column + 1)
            if problem == "control characters are not allowed" {
                let code = String(UInt32(truncatingIfNeeded: state.problem_value), radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                return YAMLParseError(message: "control character U+\(padded) is not allowed", location: location)
            }
            return YAMLParseError(message: "invalid UTF-8 in input", location: location)
        case YAML_MEMORY_ERROR:
            return YAMLParseError(
                message: "out of memory while parsing YAML",
                location: location(of: state.problem_mark)
            )
        default:
            let mark = state.problem_mark
            let offset = TextCursor.byteOffset(
                line: Int(clamping: mark.line),
                column: Int(clamping: mark.column),
                in: text
            )
            // libyaml reports tabs as "found character that cannot start any token" (at a tab) or
            // "found a tab character that violates indentation"; both mean the same thing to a reader.
            if offset.map({ $0 < text.count && text[$0] == 0x09 }) == true || problem.contains("tab") {
                return YAMLParseError(
                    message: "tab characters are not allowed for indentation",
                    location: location(of: mark)
                )
            }
            var message = "YAML syntax error: \(problem)"
            if let context = state.context {
                message += " (\(String(cString: context)))"
            }
            return YAMLParseError(message: message, location: location(of: mark))
        }
    }

}

/// Walks UTF-8 bytes counting as libyaml's marks do: 0-based, one column per character, and a new line at
/// LF, CR, CRLF, NEL, LS and PS. Malformed sequences count as one character, so any bytes can be walked.
private struct TextCursor {
    private(set) var offset = 0
    private(set) var line = 0
    private(set) var column = 0

    static func position(ofByteOffset target: Int, in text: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var cursor = TextCursor()
        while cursor.offset < min(target, text.count) {
            cursor.step(over: text)
        }
        return (cursor.line, cursor.column)
    }

    /// The byte offset of a 0-based mark, or nil when the mark lies outside the text.
    static func byteOffset(line: Int, column: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var cursor = TextCursor()
        while (cursor.line, cursor.column) < (line, column) {
            guard cursor.offset < text.count else { return nil }
            cursor.step(over: text)
        }
        return (cursor.line, cursor.column) == (line, column) ? cursor.offset : nil
    }

    private mutating func step(over text: UnsafeBufferPointer<UInt8>) {
        func byte(at index: Int) -> UInt8? { index < text.count ? text[index] : nil }

        let lead = text[offset]
        var width = 1
        var isBreak = true
        switch (lead, byte(at: offset + 1), byte(at: offset + 2)) {
        case (0x0D, 0x0A, _): width = 2
        case (0x0D, _, _), (0x0A, _, _): width = 1
        case (0xC2, 0x85, _): width = 2
        case (0xE2, 0x80, 0xA8), (0xE2, 0x80, 0xA9): width = 3
        default:
            isBreak = false
            let expected =
                switch lead {
                case 0xC0..<0xE0: 2
                case 0xE0..<0xF0: 3
                case 0xF0..<0xF8: 4
                default: 1
                }
            while width < expected, let next = byte(at: offset + width), next & 0xC0 == 0x80 {
                width += 1
            }
        }
        offset = min(offset + width, text.count)
        if isBreak {
            line += 1
            column = 0
        } else {
            column += 1
        }
    }
}
