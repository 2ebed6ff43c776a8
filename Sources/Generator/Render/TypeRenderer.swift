/// Declarations of structs, enums and aliases, and their JSON decoding (with checks) and encoding.
struct TypeRenderer {
    let access: String
    var expressions = DecodeExpressions()

    // MARK: Declarations

    func declare(_ declaration: TypeDeclaration, into writer: inout CodeWriter) {
        switch declaration {
        case .structure(let plan): declareStruct(plan, into: &writer)
        case .enumeration(let plan): declareEnum(plan, into: &writer)
        case .alias(let plan):
            writer.documentation(plan.documentation)
            writer.line("\(access) typealias \(plan.name) = \(plan.target.swiftType)")
        }
    }

    private func declareStruct(_ plan: StructPlan, into writer: inout CodeWriter) {
        writer.documentation(plan.documentation)
        writer.block("\(access) struct \(plan.name): Codable, Hashable, Sendable") { writer in
            for property in plan.properties {
                writer.documentation(property.documentation)
                writer.line("\(access) var \(property.swiftName): \(property.swiftType)")
            }
            if !plan.properties.isEmpty { writer.line() }
            declareInitializer(plan, into: &writer)
            writer.line()
            writer.block("enum CodingKeys: String, CodingKey") { writer in
                for property in plan.properties {
                    let name = property.swiftName.trimmingBackticks
                    writer.line(name == property.jsonName
                        ? "case \(property.swiftName)"
                        : "case \(property.swiftName) = \(SwiftNaming.stringLiteral(property.jsonName))")
                }
            }
            if plan.properties.contains(where: { $0.needsCustomCoding }) {
                writer.line()
                declareCustomCoding(plan, into: &writer)
            }
            for nested in plan.nested {
                writer.line()
                declare(nested, into: &writer)
            }
        }
    }

    private func declareInitializer(_ plan: StructPlan, into writer: inout CodeWriter) {
        let parameters = plan.properties.map { property -> String in
            var parameter = "\(property.swiftName): \(property.swiftType)"
            switch property.presence {
            case .optional, .optionalNullable: parameter += " = nil"
            case .defaulted(let expression): parameter += " = \(expression)"
            case .required, .requiredNullable: break
            }
            return parameter
        }
        let signature = "\(access) init(" + parameters.joined(separator: ", ") + ")"
        if parameters.isEmpty {
            writer.line(signature + " {}")
            return
        }
        let opener = signature.count + 4 > 116
            ? "\(access) init(\n" + parameters.map { writer.indented("    " + $0) }.joined(separator: ",\n") + "\n" + writer.indented(")")
            : signature
        writer.block(opener) { writer in
            for property in plan.properties {
                writer.line("self.\(property.swiftName.trimmingBackticks) = \(property.swiftName)")
            }
        }
    }

    /// `Nullable` members must stay distinguishable from absent ones, and defaults must apply when decoding,
    /// which synthesized `Codable` does not do.
    private func declareCustomCoding(_ plan: StructPlan, into writer: inout CodeWriter) {
        writer.block("\(access) init(from decoder: any Decoder) throws") { writer in
            writer.line("let container = try decoder.container(keyedBy: CodingKeys.self)")
            for property in plan.properties {
                let key = ".\(property.swiftName)"
                let target = "self.\(property.swiftName.trimmingBackticks)"
                let type = property.value.swiftType
                switch property.presence {
                case .required:
                    writer.line("\(target) = try container.decode(\(type).self, forKey: \(key))")
                case .requiredNullable, .optional:
                    writer.line("\(target) = try container.decodeIfPresent(\(type).self, forKey: \(key))")
                case .optionalNullable:
                    writer.line(
                        "\(target) = container.contains(\(key)) ? try container.decode(Nullable<\(type)>.self, forKey: \(key)) : nil"
                    )
                case .defaulted(let expression):
                    writer.line("\(target) = try container.decodeIfPresent(\(type).self, forKey: \(key)) ?? \(expression)")
                }
            }
        }
        writer.line()
        writer.block("\(access) func encode(to encoder: any Encoder) throws") { writer in
            writer.line("var container = encoder.container(keyedBy: CodingKeys.self)")
            for property in plan.properties {
                let method = property.isOmittedWhenNil ? "encodeIfPresent" : "encode"
                writer.line("try container.\(method)(\(property.swiftName), forKey: .\(property.swiftName))")
            }
        }
    }

    private func declareEnum(_ plan: EnumPlan, into writer: inout CodeWriter) {
        writer.documentation(plan.documentation)
        writer.block("\(access) enum \(plan.name): String, Codable, Hashable, Sendable, CaseIterable") { writer in
            for item in plan.cases {
                writer.line(item.swiftName.trimmingBackticks == item.rawValue
                    ? "case \(item.swiftName)"
                    : "case \(item.swiftName) = \(SwiftNaming.stringLiteral(item.rawValue))")
            }
        }
    }

    // MARK: JSON coding

    /// `JSONDecodable` and `JSONWritable` conformances for the declaration and everything nested in it.
    mutating func conformances(_ declaration: TypeDeclaration, into writer: inout CodeWriter) {
        switch declaration {
        case .structure(let plan):
            writer.line()
            decodeStruct(plan, into: &writer)
            writer.line()
            writeStruct(plan, into: &writer)
            for nested in plan.nested { conformances(nested, into: &writer) }
        case .enumeration(let plan):
            writer.line()
            writer.block("extension \(plan.qualifiedName): JSONDecodable, JSONWritable") { writer in
                writer.block(decodeSignature) { writer in
                    let allowed = plan.cases.map { SwiftNaming.stringLiteral($0.rawValue) }.joined(separator: ", ")
                    writer.line("validator.enumeration(json, at: location(), allowed: [\(allowed)])")
                }
                writer.line()
                writer.block("\(access) func writeJSON(to writer: inout JSONWriter)") { writer in
                    writer.line("writer.writeString(rawValue)")
                }
            }
        case .alias:
            break
        }
    }

    var decodeSignature: String {
        "\(access) static func decode(_ json: JSONValue, at location: @autoclosure () -> String, _ validator: inout Validator) -> Self?"
    }

    private mutating func decodeStruct(_ plan: StructPlan, into writer: inout CodeWriter) {
        writer.block("extension \(plan.qualifiedName): JSONDecodable") { writer in
            writer.block(decodeSignature) { writer in
                writer.line("guard let object = validator.object(json, at: location()) else { return nil }")
                if plan.properties.isEmpty {
                    writer.line("_ = object")
                    writer.line("return Self()")
                    return
                }
                writer.line("let issueCount = validator.issues.count")
                for property in plan.properties {
                    decodeMember(property, into: &writer)
                }
                let unwrapped = plan.properties.filter { $0.presence.isUnwrappedAfterDecoding }.map { "let \($0.localName)" }
                writer.line(
                    "guard " + (["validator.issues.count == issueCount"] + unwrapped).joined(separator: ", ")
                        + " else { return nil }"
                )
                let arguments = plan.properties.map { "\($0.swiftName.argumentLabel): \($0.localName)" }
                writer.line("return Self(" + arguments.joined(separator: ", ") + ")")
            }
        }
    }

    private mutating func decodeMember(_ property: PropertyPlan, into writer: inout CodeWriter) {
        let local = property.localName
        let location = "location() + \(SwiftNaming.stringLiteral("." + property.jsonName))"
        let member = "object[\(SwiftNaming.stringLiteral(property.jsonName))]"
        let expression = expressions.decode(property.value, json: "value", location: location)
        let type = property.value.swiftType
        switch property.presence {
        case .required:
            writer.line("var \(local): \(type)?")
            writer.line("if let value = \(member) { \(local) = \(expression) } else { validator.missing(at: \(location)) }")
        case .requiredNullable:
            writer.line("var \(local): \(type)?")
            writer.line(
                "if let value = \(member) { if value != .null { \(local) = \(expression) } } else { validator.missing(at: \(location)) }"
            )
        case .optional:
            writer.line("var \(local): \(type)?")
            writer.line("if let value = \(member) { \(local) = \(expression) }")
        case .optionalNullable:
            writer.line("var \(local): Nullable<\(type)>?")
            writer.line("if let value = \(member) { \(local) = value == .null ? .null : (\(expression)).map(Nullable.value) }")
        case .defaulted(let fallback):
            writer.line("var \(local): \(type) = \(fallback)")
            writer.line("if let value = \(member), let decoded = \(expression) { \(local) = decoded }")
        }
    }

    private func writeStruct(_ plan: StructPlan, into writer: inout CodeWriter) {
        writer.block("extension \(plan.qualifiedName): JSONWritable") { writer in
            writer.block("\(access) func writeJSON(to writer: inout JSONWriter)") { writer in
                writer.line("writer.beginObject()")
                for property in plan.properties {
                    let method = property.isOmittedWhenNil ? "writeFieldIfPresent" : "writeField"
                    writer.line("writer.\(method)(\(SwiftNaming.stringLiteral(property.jsonName)), \(property.swiftName))")
                }
                writer.line("writer.endObject()")
            }
        }
    }
}

extension PropertyPlan {
    var needsCustomCoding: Bool {
        switch presence {
        case .optionalNullable, .defaulted: true
        default: false
        }
    }

    /// Absent optionals are left out of the JSON; a required nullable member is written as `null`.
    var isOmittedWhenNil: Bool {
        switch presence {
        case .optional, .optionalNullable: true
        default: false
        }
    }

    /// The local variable used while decoding: `_` + the name, so no member can collide with the decoder's own
    /// variables (`json`, `location`, `validator`, …) and keywords need no backticks.
    var localName: String { "_" + swiftName.trimmingBackticks }
}

extension Presence {
    var isUnwrappedAfterDecoding: Bool {
        if case .required = self { return true }
        return false
    }
}
