/// Writes a `FuzzNode` tree as YAML text that reads back as the same tree, in block style (what people write)
/// or flow style (JSON with some keys and scalars unquoted).
enum YAMLEmitter {
    enum Style: Sendable {
        case block
        case flow
    }

    static func emit(_ node: FuzzNode, style: Style) -> String {
        var output = ""
        switch style {
        case .block:
            if case .scalar(let text, let isPlain) = node {
                output = isPlain && text.isEmpty ? "" : scalar(node) + "\n"
            } else if isEmptyCollection(node) {
                output = scalar(node) + "\n"
            } else {
                block(node, indent: 0, into: &output)
            }
        case .flow:
            flow(node, indent: 0, into: &output)
            output += "\n"
        }
        return output
    }

    // MARK: Block style

    /// Lines for a non-empty collection, each starting at `indent` spaces.
    private static func block(_ node: FuzzNode, indent: Int, into output: inout String) {
        let padding = String(repeating: " ", count: indent)
        switch node {
        case .scalar:
            output += padding + scalar(node) + "\n"
        case .sequence(let items):
            for item in items {
                if case .scalar = item {
                    output += padding + "-"
                    blockValue(item, indent: indent + 2, into: &output)
                } else if isEmptyCollection(item) {
                    output += padding + "- " + scalar(item) + "\n"
                } else {
                    // `- key: value` with the rest of the mapping (or `- - item`) under it, as people write it.
                    var nested = ""
                    block(item, indent: indent + 2, into: &nested)
                    output += padding + "- " + nested.dropFirst(indent + 2)
                }
            }
        case .mapping(let pairs):
            for pair in pairs {
                let key = keyText(pair.key)
                if needsExplicitKey(key) {
                    output += padding + "? " + key + "\n" + padding + ":"
                } else {
                    output += padding + key + ":"
                }
                blockValue(pair.value, indent: indent + 2, into: &output)
            }
        }
    }

    /// What follows `-` or `key:`: the rest of the line, or a line break and a nested collection.
    private static func blockValue(_ node: FuzzNode, indent: Int, into output: inout String) {
        if case .scalar(let text, let isPlain) = node {
            // An empty plain scalar is written as nothing at all, which is how YAML spells an implicit null.
            output += isPlain && text.isEmpty ? "\n" : " " + scalar(node) + "\n"
        } else if isEmptyCollection(node) {
            output += " " + scalar(node) + "\n"
        } else {
            output += "\n"
            block(node, indent: indent, into: &output)
        }
    }

    // MARK: Flow style

    private static func flow(_ node: FuzzNode, indent: Int, into output: inout String) {
        let padding = String(repeating: " ", count: indent + 2)
        let closing = String(repeating: " ", count: indent)
        switch node {
        case .scalar(let text, let isPlain):
            // An empty plain scalar as a flow sequence entry would be an empty entry, which YAML forbids.
            output += isPlain && text.isEmpty ? "~" : scalar(node)
        case .sequence(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += padding
                flow(item, indent: indent + 2, into: &output)
                output += index < items.count - 1 ? ",\n" : "\n"
            }
            output += closing + "]"
        case .mapping(let pairs):
            guard !pairs.isEmpty else {
                output += "{}"
                return
            }
            output += "{\n"
            for (index, pair) in pairs.enumerated() {
                let key = keyText(pair.key)
                output += padding + (needsExplicitKey(key) ? "? " + key + " : " : key + ": ")
                flow(pair.value, indent: indent + 2, into: &output)
                output += index < pairs.count - 1 ? ",\n" : "\n"
            }
            output += closing + "}"
        }
    }

    // MARK: Scalars

    private static func isEmptyCollection(_ node: FuzzNode) -> Bool {
        switch node {
        case .scalar: false
        case .sequence(let items): items.isEmpty
        case .mapping(let pairs): pairs.isEmpty
        }
    }

    /// A scalar, or an empty collection in flow style.
    private static func scalar(_ node: FuzzNode) -> String {
        switch node {
        case .scalar(let text, let isPlain):
            return isPlain && isSafePlain(text) ? text : doubleQuoted(text)
        case .sequence:
            return "[]"
        case .mapping:
            return "{}"
        }
    }

    private static func keyText(_ key: String) -> String {
        isSafePlain(key) && !FuzzNode.nullSpellings.contains(key) ? key : doubleQuoted(key)
    }

    /// libyaml gives up on an implicit key longer than 1024 characters; longer ones need `? key`.
    private static func needsExplicitKey(_ key: String) -> Bool {
        key.utf8.count > 512
    }

    /// Whether `text` reads back as the same plain scalar on one line of block or flow YAML: conservative, so
    /// anything unusual is quoted (which changes a plain scalar's meaning only for `true`, numbers and nulls,
    /// all of which are safe).
    static func isSafePlain(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, last != UInt8(ascii: " ") else {
            return false
        }
        if text == "~" { return true }
        let isWordStart =
            isAlphanumeric(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: "$")
            || first == UInt8(ascii: "/") || first == UInt8(ascii: "(")
        let isSignedStart =
            (first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "."))
            && bytes.count > 1 && (isAlphanumeric(bytes[1]) || bytes[1] == UInt8(ascii: "."))
            && !text.hasPrefix("...") && !text.hasPrefix("---")
        guard isWordStart || isSignedStart else { return false }
        return bytes.allSatisfy { byte in
            isAlphanumeric(byte) || "_./$()~+-= ".utf8.contains(byte)
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A double-quoted scalar with every character YAML does not allow raw written as an escape.
    static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x00: result += "\\0"
            case 0x00..<0x20, 0x7F..<0xA0, 0xFEFF, 0xFFFE, 0xFFFF, 0x2028, 0x2029:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
