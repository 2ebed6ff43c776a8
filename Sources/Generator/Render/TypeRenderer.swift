/// Declarations of structs, enums and aliases, and their JSON decoding (with checks) and encoding.
struct TypeRenderer {
    let access: String
    var expressions = DecodeExpressions()

    // MARK: Declarations

    func declare(_ declaration: TypeDeclaration, into writer: inout CodeWriter) {
        switch declaration {
        case .structure(let plan): declareStruct(plan, into: &writer)
        case .enumeration(let plan): declareEnum(plan, into: &writer)
        case .union(let plan): declareUnion(plan, into: &writer)
        case .alias(let plan):
            writer.documentation(plan.documentation)
            writer.line("\(access) typealias \(plan.name) = \(plan.target.swiftType)")
        }
    }

    private func declareStruct(_ plan: StructPlan, into writer: inout CodeWriter) {
        writer.documentation(plan.documentation)
        writer.block("\(access) struct \(plan.name): Hashable, Sendable") { writer in
            for property in plan.properties {
                writer.documentation(property.documentation)
                let wrapper = property.isIndirect ? "@Indirect " : ""
                writer.line("\(wrapper)\(access) var \(property.swiftName): \(property.swiftType)")
            }
            if let additional = plan.additionalMembers {
                writer.documentation(["The members the schema does not declare (`additionalProperties`)."])
                writer.line("\(access) var \(additional.swiftName): [String: \(additional.value.swiftType)]")
            }
            if !plan.properties.isEmpty { writer.line() }
            declareInitializer(plan, into: &writer)
            for nested in plan.nested {
                writer.line()
                declare(nested, into: &writer)
            }
        }
    }

    private func declareInitializer(_ plan: StructPlan, into writer: inout CodeWriter) {
        var parameters = plan.properties.map { property in
            "\(property.swiftName): \(property.swiftType)"
                + (property.presence.defaultArgument.map { " = \($0)" } ?? "")
        }
        var names = plan.properties.map(\.swiftName)
        if let additional = plan.additionalMembers {
            parameters.append("\(additional.swiftName): [String: \(additional.value.swiftType)] = [:]")
            names.append(additional.swiftName)
        }
        if parameters.isEmpty {
            writer.line("\(access) init() {}")
            return
        }
        writer.wrappedBlock("\(access) init(", parameters, ")") { writer in
            for name in names {
                writer.line("self.\(name.trimmingBackticks) = \(name)")
            }
        }
    }

    private func declareEnum(_ plan: EnumPlan, into writer: inout CodeWriter) {
        writer.documentation(plan.documentation)
        writer.block("\(access) enum \(plan.name): String, Hashable, Sendable, CaseIterable") { writer in
            for item in plan.cases {
                writer.line(
                    item.swiftName.trimmingBackticks == item.rawValue
                        ? "case \(item.swiftName)"
                        : "case \(item.swiftName) = \(SwiftNaming.stringLiteral(item.rawValue))")
            }
        }
    }

    /// `indirect`, so that a union may contain itself (a tree whose nodes are unions) and still compile.
    private func declareUnion(_ plan: UnionPlan, into writer: inout CodeWriter) {
        writer.documentation(plan.documentation)
        writer.block("\(access) indirect enum \(plan.name): Hashable, Sendable") { writer in
            for item in plan.cases {
                writer.line("case \(item.swiftName)(\(item.value.swiftType))")
            }
            for nested in plan.nested {
                writer.line()
                declare(nested, into: &writer)
            }
        }
    }

    // MARK: JSON coding

    /// `JSONDecodable` and `JSONWritable` conformances for the declaration and everything nested in it, as far as
    /// the plan's coding roles ask for them.
    mutating func conformances(_ declaration: TypeDeclaration, into writer: inout CodeWriter) {
        switch declaration {
        case .structure(let plan):
            if plan.coding.contains(.decoding) {
                writer.line()
                if plan.isAllOf { decodeParts(plan, into: &writer) } else { decodeStruct(plan, into: &writer) }
            }
            if plan.coding.contains(.writing) {
                writer.line()
                if plan.isAllOf { writeParts(plan, into: &writer) } else { writeStruct(plan, into: &writer) }
            }
            for nested in plan.nested { conformances(nested, into: &writer) }
        case .union(let plan):
            if plan.coding.contains(.decoding) {
                writer.line()
                decodeUnion(plan, into: &writer)
            }
            if plan.coding.contains(.writing) {
                writer.line()
                writeUnion(plan, into: &writer)
            }
            for nested in plan.nested { conformances(nested, into: &writer) }
        case .enumeration(let plan):
            if plan.coding.contains(.decoding) {
                writer.line()
                decodable(of: plan.qualifiedName, into: &writer) { writer in
                    let allowed = plan.cases.map { SwiftNaming.stringLiteral($0.rawValue) }
                    writer.wrappedLine("validator.enumeration(json, at: location(), allowed: [", allowed, "])")
                }
            }
            if plan.coding.contains(.writing) {
                writer.line()
                writable(of: plan.qualifiedName, into: &writer) { writer in
                    writer.line("writer.writeString(rawValue)")
                }
            }
        case .alias:
            break
        }
    }

    /// `extension T: JSONDecodable { static func decode(…) -> Self? { body } }`.
    private func decodable(of type: String, into writer: inout CodeWriter, _ body: (inout CodeWriter) -> Void) {
        writer.block("extension \(type): JSONDecodable") { writer in
            writer.wrappedBlock(decodeSignatureOpener, decodeParameters, decodeSignatureCloser, body)
        }
    }

    /// `extension T: JSONWritable { func writeJSON(to writer: inout JSONWriter) { body } }`.
    private func writable(of type: String, into writer: inout CodeWriter, _ body: (inout CodeWriter) -> Void) {
        writer.block("extension \(type): JSONWritable") { writer in
            writer.block("\(access) func writeJSON(to writer: inout JSONWriter)", body)
        }
    }

    private var decodeSignatureOpener: String { "\(access) static func decode(" }
    private let decodeParameters = [
        "_ json: JSONValue", "at location: @autoclosure () -> String", "_ validator: inout Validator",
    ]
    private let decodeSignatureCloser = ") -> Self?"

    private mutating func decodeStruct(_ plan: StructPlan, into writer: inout CodeWriter) {
        decodable(of: plan.qualifiedName, into: &writer) { writer in
            if plan.properties.isEmpty {
                guard plan.forbidsUnknownMembers else {
                    writer.line("guard validator.object(json, at: location()) != nil else { return nil }")
                    writer.line("return Self()")
                    return
                }
                writer.line("guard let object = validator.object(json, at: location()) else { return nil }")
                writer.line("let issueCount = validator.issues.count")
                writer.line("validator.rejectUnknownMembers(object, at: location(), known: [])")
                writer.line("return validator.issues.count == issueCount ? Self() : nil")
                return
            }
            writer.line("guard let object = validator.object(json, at: location()) else { return nil }")
            writer.line("let issueCount = validator.issues.count")
            if plan.forbidsUnknownMembers {
                let known = plan.properties.map { SwiftNaming.stringLiteral($0.jsonName) }
                writer.wrappedLine("validator.rejectUnknownMembers(object, at: location(), known: [", known, "])")
            }
            for property in plan.properties {
                decodeMember(property, into: &writer)
            }
            var arguments = plan.properties.map { "\($0.swiftName.argumentLabel): \($0.localName)" }
            if let additional = plan.additionalMembers {
                let local = "_" + additional.swiftName.trimmingBackticks
                let known = plan.properties.map { SwiftNaming.stringLiteral($0.jsonName) }
                let call = expressions.decode(additional.value, json: "value", location: "location() + \".\" + key")
                writer.line("var \(local): [String: \(additional.value.swiftType)] = [:]")
                // In key order, so that the issues come in the same order every time.
                writer.wrappedBlock(
                    "for (key, value) in object.sorted(by: { $0.key < $1.key }) where ![", known, "].contains(key)"
                ) { writer in
                    writer.write(call, prefix: "\(local)[key] = ")
                }
                arguments.append("\(additional.swiftName.argumentLabel): \(local)")
            }
            let unwrapped = plan.properties.filter { $0.presence.isUnwrappedAfterDecoding }.map {
                "let \($0.localName)"
            }
            writer.wrappedLine(
                "guard ", ["validator.issues.count == issueCount"] + unwrapped, " else { return nil }")
            writer.wrappedLine("return Self(", arguments, ")")
        }
    }

    private mutating func decodeMember(_ property: PropertyPlan, into writer: inout CodeWriter) {
        let local = property.localName
        let location = "location() + \(SwiftNaming.stringLiteral("." + property.jsonName))"
        let member = "object[\(SwiftNaming.stringLiteral(property.jsonName))]"
        let call = expressions.decode(property.value, json: "value", location: location)
        let type = property.value.swiftType
        switch property.presence {
        case .required:
            writer.line("var \(local): \(type)?")
            writer.line("if let value = \(member) {")
            writer.indent { writer in writer.write(call, prefix: "\(local) = ") }
            writer.line("} else {")
            writer.line("    validator.missing(at: \(location))")
            writer.line("}")
        case .requiredNullable:
            writer.line("var \(local): \(type)?")
            writer.line("if let value = \(member) {")
            writer.indent { writer in
                writer.block("if value != .null") { writer in writer.write(call, prefix: "\(local) = ") }
            }
            writer.line("} else {")
            writer.line("    validator.missing(at: \(location))")
            writer.line("}")
        case .optional:
            writer.line("var \(local): \(type)?")
            writer.line("if let value = \(member) {")
            writer.indent { writer in writer.write(call, prefix: "\(local) = ") }
            renderRequiredOnlyIn(property, location: location, into: &writer)
        case .optionalNullable:
            writer.line("var \(local): Nullable<\(type)>?")
            writer.line("if let value = \(member) {")
            writer.indent { writer in
                writer.write(call, prefix: "\(local) = value == .null ? .null : (", suffix: ").map(Nullable.value)")
            }
            renderRequiredOnlyIn(property, location: location, into: &writer)
        case .defaulted(let fallback):
            writer.line("var \(local): \(type) = \(fallback.swiftExpression)")
            // A value that fails its checks leaves an issue, so keeping the default then changes nothing.
            writer.block("if let value = \(member)") { writer in
                writer.write(call, prefix: "\(local) = ", suffix: " ?? \(local)")
            }
        }
    }

    /// Closes the `if let value` of an optional member, reporting it missing in the direction that requires it.
    private func renderRequiredOnlyIn(_ property: PropertyPlan, location: String, into writer: inout CodeWriter) {
        switch property.requiredOnlyIn {
        case .responses?: writer.line("} else if validator.readsResponse {")
        case .requests?: writer.line("} else if !validator.readsResponse {")
        case nil:
            writer.line("}")
            return
        }
        writer.line("    validator.missing(at: \(location))")
        writer.line("}")
    }

    /// Every part decodes the whole value; all of them must accept it.
    private mutating func decodeParts(_ plan: StructPlan, into writer: inout CodeWriter) {
        decodable(of: plan.qualifiedName, into: &writer) { writer in
            for part in plan.properties {
                let call = expressions.decode(part.value, json: "json", location: "location()")
                writer.write(call, prefix: "let \(part.localName) = ")
            }
            writer.wrappedLine("guard ", plan.properties.map { "let \($0.localName)" }, " else { return nil }")
            let arguments = plan.properties.map { "\($0.swiftName.argumentLabel): \($0.localName)" }
            writer.wrappedLine("return Self(", arguments, ")")
        }
    }

    private func writeParts(_ plan: StructPlan, into writer: inout CodeWriter) {
        writable(of: plan.qualifiedName, into: &writer) { writer in
            writer.wrappedLine("writer.writeAllOf(", plan.properties.map { "self.\($0.swiftName)" }, ")")
        }
    }

    /// By the discriminator's value when there is one; otherwise by trying every member (`oneOf`, which must
    /// match exactly one) or each in turn until one matches (`anyOf`).
    private mutating func decodeUnion(_ plan: UnionPlan, into writer: inout CodeWriter) {
        decodable(of: plan.qualifiedName, into: &writer) { writer in
            if let property = plan.discriminatorProperty {
                let allowed = plan.cases.flatMap(\.discriminatorValues).map(SwiftNaming.stringLiteral)
                writer.wrappedLine(
                    "let selected = validator.discriminator(",
                    [
                        "json", "at: location()", "property: \(SwiftNaming.stringLiteral(property))",
                        "allowed: [" + allowed.joined(separator: ", ") + "]",
                    ],
                    ")")
                writer.line("switch selected {")
                for item in plan.cases where !item.discriminatorValues.isEmpty {
                    let labels = item.discriminatorValues.map { SwiftNaming.stringLiteral($0) + "?" }
                    writer.line("case \(labels.joined(separator: ", ")):")
                    let call = expressions.decode(item.value, json: "json", location: "location()")
                    writer.indent { writer in
                        writer.write(call, prefix: "return ", suffix: ".map(Self.\(item.swiftName))")
                    }
                }
                writer.line("default:")
                writer.line("    return nil")
                writer.line("}")
                return
            }
            let rule = plan.requiresExactlyOne ? ".exactlyOne" : ".firstMatch"
            writer.line("var union = UnionDecoding<Self>(\(rule), validator)")
            for item in plan.cases {
                let call = expressions.decode(item.value, json: "json", location: "location()")
                writer.line("union.attempt(\(SwiftNaming.stringLiteral(item.label))) { validator in")
                writer.indent { writer in writer.write(call, suffix: ".map(Self.\(item.swiftName))") }
                writer.line("}")
            }
            writer.line("return union.result(at: location(), &validator)")
        }
    }

    private func writeUnion(_ plan: UnionPlan, into writer: inout CodeWriter) {
        writable(of: plan.qualifiedName, into: &writer) { writer in
            writer.line("switch self {")
            for item in plan.cases {
                writer.line("case .\(item.swiftName.trimmingBackticks)(let value): value.writeJSON(to: &writer)")
            }
            writer.line("}")
        }
    }

    private func writeStruct(_ plan: StructPlan, into writer: inout CodeWriter) {
        writable(of: plan.qualifiedName, into: &writer) { writer in
            writer.line("writer.beginObject()")
            for property in plan.properties {
                let method = property.isOmittedWhenNil ? "writeFieldIfPresent" : "writeField"
                // `self.`: a property may be called `writer`, like the parameter.
                let arguments = [SwiftNaming.stringLiteral(property.jsonName), "self.\(property.swiftName)"]
                // A writeOnly member (a password) goes into a client's request, never into a response.
                if property.isWriteOnly {
                    writer.block("if writer.writesRequest") { writer in
                        writer.wrappedLine("writer.\(method)(", arguments, ")")
                    }
                } else {
                    writer.wrappedLine("writer.\(method)(", arguments, ")")
                }
            }
            if let additional = plan.additionalMembers {
                // Sorted, so that one value always gives the same bytes.
                writer.block(
                    "for (key, value) in self.\(additional.swiftName).sorted(by: { $0.key < $1.key })"
                ) { writer in
                    writer.line("writer.writeField(key, value)")
                }
            }
            writer.line("writer.endObject()")
        }
    }
}

extension PropertyPlan {
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
