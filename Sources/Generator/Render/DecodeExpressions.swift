/// Swift expressions that decode and check one JSON value with the runtime's `Validator`.
///
/// Compiled `pattern`s are collected into a file-private `Patterns` namespace so each regex is built once.
struct DecodeExpressions {
    private(set) var patterns: [String] = []

    /// An expression of type `T?` decoding `json` (an expression of type `JSONValue`), reporting at `location`.
    mutating func decode(_ kind: ValueKind, json: String, location: String, depth: Int = 0) -> String {
        switch kind {
        case .string(let rules):
            var arguments = ["at: \(location)"]
            if rules.trims { arguments.append("trim: true") }
            if let value = rules.minLength { arguments.append("minLength: \(value)") }
            if let value = rules.maxLength { arguments.append("maxLength: \(value)") }
            if let value = rules.maxBytes { arguments.append("maxBytes: \(value)") }
            if let pattern = rules.pattern { arguments.append("pattern: Patterns.\(patternName(pattern))") }
            if let format = rules.format { arguments.append("format: .\(format)") }
            return "validator.string(\(json), " + arguments.joined(separator: ", ") + ")"
        case .int64(let rules):
            return "validator.int64(\(json), " + (["at: \(location)"] + integerBounds(rules)).joined(separator: ", ") + ")"
        case .int32(let rules):
            return "validator.int32(\(json), " + (["at: \(location)"] + integerBounds(rules)).joined(separator: ", ") + ")"
        case .double(let rules):
            return "validator.double(\(json), " + (["at: \(location)"] + doubleBounds(rules)).joined(separator: ", ") + ")"
        case .bool:
            return "validator.bool(\(json), at: \(location))"
        case .dateTime:
            return "validator.dateTime(\(json), at: \(location))"
        case .named(let name):
            return "\(name).decode(\(json), at: \(location), &validator)"
        case .array(let element, let minItems, let maxItems, let uniqueItems):
            var arguments = ["at: \(location)"]
            if let minItems { arguments.append("minItems: \(minItems)") }
            if let maxItems { arguments.append("maxItems: \(maxItems)") }
            if uniqueItems { arguments.append("uniqueItems: true") }
            let item = "item\(depth)"
            let itemLocation = "itemLocation\(depth)"
            let inner = decode(element, json: item, location: "\(itemLocation)()", depth: depth + 1)
            // A labelled closure, not a trailing one: these expressions also stand in `if let` conditions.
            arguments.append("element: { validator, \(item), \(itemLocation) in \(inner) }")
            return "validator.array(\(json), " + arguments.joined(separator: ", ") + ")"
        case .dictionary(let value):
            let member = "member\(depth)"
            let memberLocation = "memberLocation\(depth)"
            let inner = decode(value, json: member, location: "\(memberLocation)()", depth: depth + 1)
            return "validator.dictionary(\(json), at: \(location), value: { validator, \(member), \(memberLocation) in \(inner) })"
        case .any:
            return "JSONValue.decode(\(json), at: \(location), &validator)"
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
        if let value = rules.exclusiveMinimum { arguments.append("exclusiveMinimum: \(Self.integer(value.rounded(.down)))") }
        if let value = rules.exclusiveMaximum { arguments.append("exclusiveMaximum: \(Self.integer(value.rounded(.up)))") }
        return arguments
    }

    private func doubleBounds(_ rules: ValueKind.NumberRules) -> [String] {
        var arguments: [String] = []
        if let value = rules.minimum { arguments.append("minimum: \(value)") }
        if let value = rules.maximum { arguments.append("maximum: \(value)") }
        if let value = rules.exclusiveMinimum { arguments.append("exclusiveMinimum: \(value)") }
        if let value = rules.exclusiveMaximum { arguments.append("exclusiveMaximum: \(value)") }
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
