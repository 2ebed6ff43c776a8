/// Swift expressions that decode and check one JSON value with the runtime's `Validator`.
///
/// Compiled `pattern`s are collected into a file-private `Patterns` namespace so each regex is built once.
struct DecodeExpressions {
    private(set) var patterns: [String] = []

    /// A call of type `T?` decoding `json` (an expression of type `JSONValue`), reporting at `location`.
    mutating func decode(_ kind: ValueKind, json: String, location: String, depth: Int = 0) -> DecodeCall {
        switch kind {
        case .string(let rules):
            var arguments = [json, "at: \(location)"]
            if rules.trims { arguments.append("trim: true") }
            if let value = rules.minLength { arguments.append("minLength: \(value)") }
            if let value = rules.maxLength { arguments.append("maxLength: \(value)") }
            if let value = rules.maxBytes { arguments.append("maxBytes: \(value)") }
            if let pattern = rules.pattern { arguments.append("pattern: Patterns.\(patternName(pattern))") }
            if let format = rules.format { arguments.append("format: .\(format)") }
            return DecodeCall("validator.string", arguments)
        case .int64(let rules):
            return DecodeCall("validator.int64", [json, "at: \(location)"] + integerBounds(rules))
        case .int32(let rules):
            return DecodeCall("validator.int32", [json, "at: \(location)"] + integerBounds(rules))
        case .double(let rules):
            return DecodeCall("validator.double", [json, "at: \(location)"] + doubleBounds(rules))
        case .bool:
            return DecodeCall("validator.bool", [json, "at: \(location)"])
        case .dateTime:
            return DecodeCall("validator.dateTime", [json, "at: \(location)"])
        case .named(let name):
            return DecodeCall("\(name).decode", [json, "at: \(location)", "&validator"])
        case .array(let element, let minItems, let maxItems, let uniqueItems):
            var arguments = [json, "at: \(location)"]
            if let minItems { arguments.append("minItems: \(minItems)") }
            if let maxItems { arguments.append("maxItems: \(maxItems)") }
            if uniqueItems { arguments.append("uniqueItems: true") }
            let item = "item\(depth)"
            let itemLocation = "itemLocation\(depth)"
            let inner = decode(element, json: item, location: "\(itemLocation)()", depth: depth + 1)
            // A labelled closure, not a trailing one: these expressions also stand in `if let` conditions.
            var call = DecodeCall("validator.array", arguments)
            call.arguments.append(
                .closure(label: "element", parameters: "validator, \(item), \(itemLocation)", body: inner))
            return call
        case .dictionary(let value):
            let member = "member\(depth)"
            let memberLocation = "memberLocation\(depth)"
            let inner = decode(value, json: member, location: "\(memberLocation)()", depth: depth + 1)
            var call = DecodeCall("validator.dictionary", [json, "at: \(location)"])
            call.arguments.append(
                .closure(label: "value", parameters: "validator, \(member), \(memberLocation)", body: inner))
            return call
        case .bytes:
            return DecodeCall("validator.bytes", [json, "at: \(location)"])
        case .any:
            return DecodeCall("JSONValue.decode", [json, "at: \(location)", "&validator"])
        case .allowed(let base, let literals):
            var call = DecodeCall("validator.allowed", [])
            call.arguments.append(.call(decode(base, json: json, location: location, depth: depth)))
            call.arguments.append(.plain("[" + literals.joined(separator: ", ") + "]"))
            call.arguments.append(.plain("at: \(location)"))
            return call
        }
    }

    private mutating func patternName(_ pattern: String) -> String {
        if let index = patterns.firstIndex(of: pattern) { return "pattern\(index)" }
        patterns.append(pattern)
        return "pattern\(patterns.count - 1)"
    }

    private func integerBounds(_ rules: ValueKind.NumberRules) -> [String] {
        var arguments: [String] = []
        // An integer bound that is not whole rounds inwards: `minimum: 0.5` admits 1 and up.
        if let value = rules.minimum { arguments.append("minimum: \(Self.integer(value.rounded(.up)))") }
        if let value = rules.maximum { arguments.append("maximum: \(Self.integer(value.rounded(.down)))") }
        if let value = rules.exclusiveMinimum {
            arguments.append("exclusiveMinimum: \(Self.integer(value.rounded(.down)))")
        }
        if let value = rules.exclusiveMaximum {
            arguments.append("exclusiveMaximum: \(Self.integer(value.rounded(.up)))")
        }
        if let value = rules.multipleOf { arguments.append("multipleOf: \(value)") }
        return arguments
    }

    private func doubleBounds(_ rules: ValueKind.NumberRules) -> [String] {
        var arguments: [String] = []
        if let value = rules.minimum { arguments.append("minimum: \(value)") }
        if let value = rules.maximum { arguments.append("maximum: \(value)") }
        if let value = rules.exclusiveMinimum { arguments.append("exclusiveMinimum: \(value)") }
        if let value = rules.exclusiveMaximum { arguments.append("exclusiveMaximum: \(value)") }
        if let value = rules.multipleOf { arguments.append("multipleOf: \(value)") }
        return arguments
    }

    private static func integer(_ value: Double) -> String {
        if value >= 9.223372036854775e18 { return "Int64.max" }
        if value <= -9.223372036854775e18 { return "Int64.min" }
        return String(Int64(value))
    }

    /// The `Patterns` namespace declaring every pattern used in the file, or nothing when there are none.
    func renderPatterns(into writer: inout CodeWriter) {
        guard !patterns.isEmpty else { return }
        writer.line()
        writer.block("private enum Patterns") { writer in
            for (index, pattern) in patterns.enumerated() {
                writer.line("static let pattern\(index) = Pattern(\(SwiftNaming.stringLiteral(pattern)))")
            }
        }
    }
}

/// A decoding call, kept apart from its spelling so that the writer can break a long one over several lines.
struct DecodeCall {
    indirect enum Argument {
        case plain(String)
        /// `label: { parameters in body }`.
        case closure(label: String, parameters: String, body: DecodeCall)
        /// Another call, whose result the outer one checks further.
        case call(DecodeCall)

        var inline: String {
            switch self {
            case .plain(let text): text
            case .closure(let label, let parameters, let body): "\(label): { \(parameters) in \(body.inline) }"
            case .call(let inner): inner.inline
            }
        }
    }

    var callee: String
    var arguments: [Argument]

    init(_ callee: String, _ arguments: [String]) {
        self.callee = callee
        self.arguments = arguments.map(Argument.plain)
    }

    var inline: String { callee + "(" + arguments.map(\.inline).joined(separator: ", ") + ")" }
}

extension CodeWriter {
    /// `prefix` + the call + `suffix` on one line when it fits; else the call's arguments one per line, and a
    /// closure's body on lines of its own.
    mutating func write(_ call: DecodeCall, prefix: String = "", suffix: String = "") {
        if indented(prefix + call.inline + suffix).count <= Self.lineLength {
            line(prefix + call.inline + suffix)
            return
        }
        line(prefix + call.callee + "(")
        indent { writer in
            for (index, argument) in call.arguments.enumerated() {
                let comma = index < call.arguments.count - 1 ? "," : ""
                switch argument {
                case .plain(let text):
                    writer.line(text + comma)
                case .closure(let label, let parameters, let body):
                    writer.line("\(label): { \(parameters) in")
                    writer.indent { writer in writer.write(body) }
                    writer.line("}" + comma)
                case .call(let inner):
                    writer.write(inner, suffix: comma)
                }
            }
        }
        line(")" + suffix)
    }
}
