import Foundation

/// `OpenAPISpec.swift`: the document itself, as YAML (byte for byte) and as JSON, for `/openapi.yaml` and
/// `/openapi.json`.
struct SpecRenderer {
    let yaml: String
    let access: String
    let root: YAMLNode
    /// Only the configuration's additional imports: the file itself needs none.
    var imports: [ModuleImport]? = nil

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.imports(imports, access: access)
        writer.documentation(["The OpenAPI document the server was generated from."])
        writer.block("\(access) enum OpenAPISpec") { writer in
            writer.documentation(["The document as written."])
            let indentation = writer.indented("    ")
            writer.line("\(access) static let yaml = " + Self.rawLiteral(yaml, indentation: indentation))
            writer.line()
            writer.documentation([
                "The document converted to JSON (YAML 1.2 core schema: plain `true`, `12`, `null` are typed)."
            ])
            let json = JSONRendering.render(ImpliedKeywords.adding(to: root))
            writer.line("\(access) static let json = " + Self.rawLiteral(json, indentation: indentation))
        }
        return writer.text
    }

    /// A multi-line raw string literal whose `#` delimiter is longer than any run of `#` in the text, so nothing
    /// in the text can end the literal or start an interpolation. Its lines are indented by `indentation` (which
    /// Swift strips again), and a line too long for `CodeWriter.lineLength` continues on the next with an escaped
    /// newline, which adds nothing to the string.
    static func rawLiteral(_ text: String, indentation: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "#" ? run + 1 : 0
            longest = max(longest, run)
        }
        // Swift allows at most 255 `#`s around a raw string; beyond that, an ordinary escaped literal does the job.
        guard longest < 255 else { return SwiftNaming.stringLiteral(text) }
        let hashes = String(repeating: "#", count: longest + 1)
        // A line break in the literal is always LF, so a CR is written as the escape `\#r`; the newline before
        // the closing delimiter is not part of the string, so a text ending in a newline ends in an empty line.
        let carriageReturn = "\\" + hashes + "r"
        let continuation = "\\" + hashes
        let width = CodeWriter.lineLength - indentation.count - continuation.count
        var lines: [String] = []
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            guard !line.isEmpty else {
                lines.append("")
                continue
            }
            // Characters, or a CR's escape as one piece, so that a continuation never splits an escape.
            var pieces: [String] = []
            for character in String(String.UnicodeScalarView(line)) {
                let text = String(character)
                pieces.append(
                    text.unicodeScalars.contains("\r")
                        ? text.replacingOccurrences(of: "\r", with: carriageReturn) : text)
            }
            let total = pieces.reduce(0) { $0 + $1.count }
            guard width >= 20, total > width + continuation.count else {
                lines.append(indentation + pieces.joined())
                continue
            }
            var current = indentation
            var count = 0
            for piece in pieces {
                if count + piece.count > width {
                    lines.append(current + continuation)
                    current = indentation
                    count = 0
                }
                current += piece
                count += piece.count
            }
            lines.append(current)
        }
        return hashes + "\"\"\"\n" + lines.joined(separator: "\n") + "\n" + indentation + "\"\"\"" + hashes
    }
}

/// YAML → JSON text, two-space indented, keys in document order.
enum JSONRendering {
    static func render(_ node: YAMLNode) -> String {
        var output = ""
        write(node, depth: 0, into: &output)
        return output + "\n"
    }

    private static func write(_ node: YAMLNode, depth: Int, into output: inout String) {
        let indent = String(repeating: "  ", count: depth + 1)
        let closing = String(repeating: "  ", count: depth)
        switch node.kind {
        case .scalar(let text, let style):
            output += style == .plain ? plainScalar(text) : quoted(text)
        case .sequence(let items):
            if items.isEmpty {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += indent
                write(item, depth: depth + 1, into: &output)
                output += index < items.count - 1 ? ",\n" : "\n"
            }
            output += closing + "]"
        case .mapping(let pairs):
            if pairs.isEmpty {
                output += "{}"
                return
            }
            output += "{\n"
            for (index, pair) in pairs.enumerated() {
                output += indent + quoted(pair.key.scalar ?? "") + ": "
                write(pair.value, depth: depth + 1, into: &output)
                output += index < pairs.count - 1 ? ",\n" : "\n"
            }
            output += closing + "}"
        }
    }

    /// YAML 1.2 core schema resolution of a plain scalar.
    private static func plainScalar(_ text: String) -> String {
        switch text {
        case "", "~", "null", "Null", "NULL": return "null"
        case "true", "True", "TRUE": return "true"
        case "false", "False", "FALSE": return "false"
        default: break
        }
        if let integer = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return String(integer) }
        let isNumeric =
            text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
            && text.contains(where: \.isNumber)
        if isNumeric, let number = Double(text), number.isFinite { return "\(number)" }
        return quoted(text)
    }

    private static func quoted(_ text: String) -> String {
        "\"" + Escaping.escape(text, style: .json, quotes: true) + "\""
    }
}
