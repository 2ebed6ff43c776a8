/// The one resolver of `default` values, for members and parameters alike.
extension Translator {
    /// The default as a value of the member's Swift type, or `nil` with a located diagnostic when it does not fit:
    /// an integer out of the format's range, a number that is not finite, a value of another type, an unknown enum
    /// value. A default that does not fit must never become Swift that does not compile.
    mutating func resolveDefault(_ node: YAMLNode, for value: ValueKind) -> DefaultValue? {
        let text = node.scalar
        switch value {
        case .string:
            if let text { return .string(text) }
        case .int64(let rules), .int32(let rules):
            guard let text, let number = Int64(text) else { break }
            let range: ClosedRange<Int64> =
                if case .int32 = value { Int64(Int32.min)...Int64(Int32.max) } else { .min ... .max }
            guard range.contains(number) else {
                diagnostics.warning(
                    "default \(text) is out of range for \(value.formatName) (\(range.lowerBound)...\(range.upperBound)); ignored",
                    at: node.location
                )
                return nil
            }
            checkBounds(Double(number), rules, node)
            return .integer(number)
        case .double(let rules):
            guard let text, let number = Double(text) else { break }
            guard number.isFinite else {
                diagnostics.warning("default \(text) is not a finite number; ignored", at: node.location)
                return nil
            }
            checkBounds(number, rules, node)
            return .double(number)
        case .bool:
            if text == "true" || text == "false" { return .bool(text == "true") }
        case .named(let qualified):
            if let cases = enumCases[qualified] ?? enumCasesOfComponent(qualified), let text {
                if let caseName = cases[text] { return .enumCase(caseName) }
                diagnostics.error("default '\(text)' is not one of the enum's values", at: node.location)
                return nil
            }
        case .array:
            if node.items?.isEmpty == true { return .emptyArray }
        default:
            break
        }
        diagnostics.warning("this default value cannot be expressed in Swift and is ignored", at: node.location)
        return nil
    }

    /// A default outside the schema's own bounds is kept (the document says so) but reported.
    private mutating func checkBounds(_ number: Double, _ rules: ValueKind.NumberRules, _ node: YAMLNode) {
        let outside =
            rules.minimum.map { number < $0 } == true || rules.maximum.map { number > $0 } == true
            || rules.exclusiveMinimum.map { number <= $0 } == true
            || rules.exclusiveMaximum.map { number >= $0 } == true
        if outside {
            diagnostics.warning("default \(node.scalar ?? "") is outside the schema's own bounds", at: node.location)
        }
    }
}

extension ValueKind {
    /// The OpenAPI name of an integer kind's format, for messages.
    var formatName: String {
        switch self {
        case .int32: "int32"
        case .int64: "int64"
        default: "this type"
        }
    }
}
