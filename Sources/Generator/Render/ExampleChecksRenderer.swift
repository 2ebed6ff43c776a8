/// `ExampleChecks.swift`, written only when asked for (`--example-checks`): the document's examples run through
/// the generated types. `ExampleChecks.run()` returns one line per failure; `scripts/check-specs.sh` runs it for
/// every document it accepts.
struct ExampleChecksRenderer {
    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.line("internal import APIRuntime")
        writer.line()
        writer.documentation([
            "The document's `example` and `examples` values, each decoded through its generated type and written",
            "back, and invalid variants of them, each of which must be refused at its location.",
        ])
        var expressions = DecodeExpressions()
        writer.block("\(access) enum ExampleChecks") { writer in
            writer.line("/// How many examples and variants `run()` checks.")
            let count = plan.exampleChecks.reduce(0) { $0 + 1 + $1.variants.count }
            writer.line("\(access) static let count = \(count)")
            writer.line()
            writer.line("/// One line per failure; empty when every check passes.")
            writer.block("\(access) static func run() -> [String]") { writer in
                guard !plan.exampleChecks.isEmpty else {
                    writer.line("[]")
                    return
                }
                writer.line("var failures: [String] = []")
                for check in plan.exampleChecks {
                    let decode = expressions.decode(check.kind, json: "json", location: "\"example\"")
                    let written = "(\(decode.inline)).map { JSONWriter.encode($0) }"
                    let closure =
                        check.isNullable
                        ? "{ json, validator in json == .null ? Array(\"null\".utf8) : \(written) }"
                        : "{ json, validator in \(written) }"
                    writer.line("roundTrip(")
                    writer.indent { writer in
                        writer.line(SpecRenderer.rawLiteral(JSONRendering.render(check.example), indentation: "") + ",")
                        writer.line(SwiftNaming.stringLiteral(check.pointer) + ", &failures, " + closure)
                    }
                    writer.line(")")
                    for variant in check.variants {
                        writer.line("refused(")
                        writer.indent { writer in
                            writer.line(
                                SpecRenderer.rawLiteral(JSONRendering.render(variant.example), indentation: "") + ",")
                            writer.line(
                                SwiftNaming.stringLiteral(check.pointer + " " + variant.description) + ", at: "
                                    + SwiftNaming.stringLiteral(variant.location) + ", &failures, " + closure)
                        }
                        writer.line(")")
                    }
                }
                writer.line("return failures")
            }
            writer.line()
            writer.raw(Self.helpers)
        }
        expressions.renderPatterns(into: &writer)
        return writer.text
    }

    private static let helpers = """
            private typealias Decode = (JSONValue, inout Validator) -> [UInt8]?

            /// The example must decode without issues, and what is written must decode to the same JSON where both
            /// have a member (a default fills in what the example leaves out; members no schema declares are not
            /// kept).
            private static func roundTrip(_ text: String, _ name: String, _ failures: inout [String], _ decode: Decode) {
                guard let json = try? JSONParser.parse(Array(text.utf8)) else {
                    return failures.append("\\(name): the example is not JSON")
                }
                var validator = Validator()
                guard let written = decode(json, &validator), validator.isValid else {
                    let issues = validator.issues.map { "\\($0.location): \\($0.message)" }
                    return failures.append("\\(name): refused: " + issues.joined(separator: "; "))
                }
                guard let again = try? JSONParser.parse(written), agrees(again, json) else {
                    return failures.append("\\(name): written as " + String(decoding: written, as: UTF8.self))
                }
            }

            /// The variant must be refused with an issue at `location`.
            private static func refused(
                _ text: String, _ name: String, at location: String, _ failures: inout [String], _ decode: Decode
            ) {
                guard let json = try? JSONParser.parse(Array(text.utf8)) else {
                    return failures.append("\\(name): the variant is not JSON")
                }
                var validator = Validator()
                let written = decode(json, &validator)
                if written != nil, validator.isValid { return failures.append("\\(name): accepted") }
                if !validator.issues.contains(where: { $0.location == location }) {
                    let issues = validator.issues.map { "\\($0.location): \\($0.message)" }
                    failures.append("\\(name): no issue at \\(location), but " + issues.joined(separator: "; "))
                }
            }

            private static func agrees(_ written: JSONValue, _ original: JSONValue) -> Bool {
                switch (written, original) {
                case (.object(let left), .object(let right)):
                    return left.allSatisfy { key, value in right[key].map { agrees(value, $0) } ?? true }
                case (.array(let left), .array(let right)):
                    return left.count == right.count && zip(left, right).allSatisfy { agrees($0, $1) }
                case (.int(let left), .double(let right)), (.double(let right), .int(let left)):
                    return Double(left) == right
                case (.string(let left), .string(let right)) where left != right:
                    // A date-time is written in UTC: `10:53:43-08:00` comes back as the same instant, `18:53:43Z`.
                    guard let instant = RFC3339.parse(left) else { return false }
                    return RFC3339.parse(right) == instant
                default:
                    return written == original
                }
            }
        """
}
