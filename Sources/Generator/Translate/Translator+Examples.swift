/// The document's own examples as checks of the generated code: each component schema's `example` and
/// `examples` must decode through its Swift type and write back to the same JSON, and variants of it that break
/// the schema — a required member removed, a constraint broken, a discriminator no member has, a value no
/// member accepts — must be refused at the right location.
extension Translator {
    mutating func exampleChecks(_ named: NamedSchema) -> [ExampleCheck] {
        guard !named.schema.examples.isEmpty, let typeName = typeNames[named.name] else { return [] }
        let kind: ValueKind =
            isDeclared(named.name) ? .named("Schemas.\(typeName)") : aliasKind(named.name) ?? .any
        return exampleChecks(of: named.schema, kind: kind)
    }

    /// The checks of one schema's examples, decoded as `kind`.
    func exampleChecks(of schema: Schema, kind: ValueKind) -> [ExampleCheck] {
        let resolved = resolvedSchema(schema)
        return schema.examples.enumerated().map { index, example in
            let pointer = schema.pointer + (schema.examples.count == 1 ? "/example" : "/examples/\(index)")
            return ExampleCheck(
                pointer: pointer, example: example, kind: kind, isNullable: isNullable(schema),
                variants: invalidVariants(of: example, resolved))
        }
    }

    private func invalidVariants(of example: YAMLNode, _ schema: Schema) -> [ExampleCheck.Variant] {
        var variants: [ExampleCheck.Variant] = []
        switch schema.declarationKind {
        case .structure?:
            guard let pairs = example.pairs else { return [] }
            let present = Set(pairs.compactMap(\.key.scalar))
            // A readOnly member is required of responses only, and the checks decode.
            let readOnly = Set(schema.properties.filter { isReadOnly($0.schema) }.map(\.name))
            if let name = schema.required.first(where: { present.contains($0) && !readOnly.contains($0) }) {
                variants.append(
                    .init(
                        description: "without its required member '\(name)'",
                        example: YAMLNode(.mapping(pairs.filter { $0.key.scalar != name }), at: example.location),
                        location: "example.\(name)"))
            }
            for property in schema.properties where present.contains(property.name) {
                guard let (description, broken) = brokenValue(for: resolvedSchema(property.schema), at: example)
                else { continue }
                variants.append(
                    .init(
                        description: "with '\(property.name)' \(description)",
                        example: example.replacingMember(property.name, with: broken),
                        location: "example.\(property.name)"))
                break
            }
        case .union?:
            let members = (schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf).map(resolvedSchema)
            if case .decides(let discriminator) = discriminatorUse(schema),
                example[discriminator.propertyName] != nil
            {
                let property = discriminator.propertyName
                variants.append(
                    .init(
                        description: "with a '\(property)' that selects no member",
                        example: example.replacingMember(
                            property, with: YAMLNode(.scalar("no such member", .doubleQuoted), at: example.location)),
                        location: "example.\(property)"))
            }
            let accepted = Set(members.flatMap { $0.types.isEmpty ? Schema.PrimitiveType.allCases : $0.types })
            if let type = Schema.PrimitiveType.allCases.first(where: { !accepted.contains($0) && $0 != .number }) {
                variants.append(
                    .init(
                        description: "replaced by a value no member accepts",
                        example: Self.sample(of: type, at: example.location), location: "example"))
            }
        case .enumeration?, .composition?:
            break
        case nil:
            if let (description, broken) = brokenValue(for: schema, at: example) {
                variants.append(.init(description: description, example: broken, location: "example"))
            }
        }
        return variants
    }

    /// A value breaking the schema of a member, and how: a bound or length just past its limit, a value outside
    /// the enum, or else a value of another type.
    private func brokenValue(for schema: Schema, at example: YAMLNode) -> (String, YAMLNode)? {
        let location = example.location
        func plain(_ text: String) -> YAMLNode { YAMLNode(.scalar(text, .plain), at: location) }
        func quoted(_ text: String) -> YAMLNode { YAMLNode(.scalar(text, .doubleQuoted), at: location) }
        switch schema.type {
        case .string?:
            if schema.enumValues?.isEmpty == false { return ("outside its enum", quoted("not one of the values")) }
            if let maxLength = schema.maxLength, maxLength < 10_000 {
                return ("longer than \(maxLength)", quoted(String(repeating: "x", count: maxLength + 1)))
            }
            if let minLength = schema.minLength, minLength > 0 { return ("shorter than \(minLength)", quoted("")) }
            return ("of another type", plain("12345"))
        case .integer?, .number?:
            if let minimum = schema.minimum, minimum > -1e15 { return ("below its minimum", plain("\(minimum - 1)")) }
            if let maximum = schema.maximum, maximum < 1e15 { return ("above its maximum", plain("\(maximum + 1)")) }
            return ("of another type", quoted("text"))
        case .boolean?, .array?, .object?:
            return ("of another type", quoted("text"))
        case nil:
            return nil
        }
    }

    private static func sample(of type: Schema.PrimitiveType, at location: SourceLocation) -> YAMLNode {
        switch type {
        case .string: YAMLNode(.scalar("text", .doubleQuoted), at: location)
        case .integer, .number: YAMLNode(.scalar("12345", .plain), at: location)
        case .boolean: YAMLNode(.scalar("true", .plain), at: location)
        case .array: YAMLNode(.sequence([]), at: location)
        case .object: YAMLNode(.mapping([]), at: location)
        }
    }
}

extension YAMLNode {
    /// The mapping with the value of member `name` replaced.
    fileprivate func replacingMember(_ name: String, with value: YAMLNode) -> YAMLNode {
        let pairs = (self.pairs ?? []).map { pair in pair.key.scalar == name ? Pair(key: pair.key, value: value) : pair
        }
        return YAMLNode(.mapping(pairs), at: location)
    }
}

/// One example of the document and its invalid variants, checked by the generated `ExampleChecks`.
struct ExampleCheck {
    struct Variant {
        var description: String
        var example: YAMLNode
        /// Where the issue must be reported.
        var location: String
    }

    var pointer: String
    var example: YAMLNode
    var kind: ValueKind
    /// Whether `null` is valid too (the Swift type is the optional of `kind`).
    var isNullable: Bool
    var variants: [Variant]
}
