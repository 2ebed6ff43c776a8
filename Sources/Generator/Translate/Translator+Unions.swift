/// Enums with associated values for `oneOf` and `anyOf`, and structs of parts for an `allOf` that is not one
/// object.
extension Translator {
    mutating func unionPlan(
        _ schema: Schema,
        name: String,
        qualifiedName: String,
        documentation: [String]
    ) -> UnionPlan {
        let requiresExactlyOne = !schema.oneOf.isEmpty
        let members = requiresExactlyOne ? schema.oneOf : schema.anyOf
        var nested: [TypeDeclaration] = []
        var usedTypeNames = NameSet.types(name)
        var usedCases: NameSet = []
        var cases: [UnionPlan.Case] = []
        for (index, member) in members.enumerated() {
            let value = valueKind(
                member, owner: qualifiedName,
                suggestedName: member.title.map(SwiftNaming.typeName) ?? "Case\(index + 1)",
                nested: &nested, used: &usedTypeNames)
            let label = member.reference ?? member.title ?? effectiveSchema(member).type?.rawValue ?? value.jsonTypeName
            let caseName =
                (member.reference ?? member.title).map(SwiftNaming.memberName) ?? value.caseNameHint(index: index)
            cases.append(
                .init(swiftName: usedCases.claim(caseName), value: value, label: label, discriminatorValues: []))
        }
        var plan = UnionPlan(
            name: name, qualifiedName: qualifiedName, documentation: documentation,
            requiresExactlyOne: requiresExactlyOne, discriminatorProperty: nil, cases: cases, nested: nested)
        switch discriminatorUse(schema) {
        case .decides(let discriminator):
            applyDiscriminator(discriminator, members: members, to: &plan)
        case .ignored(let reason, let location):
            diagnostics.warning("the discriminator is ignored: \(reason); each member is tried instead", at: location)
        case .absent:
            break
        }
        return plan
    }

    /// Whether a discriminator decides the union `schema`: its own or one every member inherits, when every member
    /// is a component that declares its property; otherwise why it cannot select every member.
    enum DiscriminatorUse {
        case decides(Discriminator)
        case ignored(reason: String, at: SourceLocation)
        case absent
    }

    func discriminatorUse(_ schema: Schema) -> DiscriminatorUse {
        let members = schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf
        guard let discriminator = schema.discriminator ?? inheritedDiscriminator(members) else { return .absent }
        let property = discriminator.propertyName
        for member in members {
            guard let reference = member.reference else {
                return .ignored(reason: "an inline member cannot be selected by '\(property)'", at: member.location)
            }
            guard resolvedSchema(member).properties.contains(where: { $0.name == property }) else {
                return .ignored(reason: "'\(reference)' has no property '\(property)'", at: member.location)
            }
        }
        return .decides(discriminator)
    }

    /// The discriminator every member inherits from a common base (`Cat` and `Dog` are `allOf: [Pet, …]`).
    private func inheritedDiscriminator(_ members: [Schema]) -> Discriminator? {
        let inherited = members.map { member in
            member.reference == nil ? nil : resolvedSchema(member).discriminator
        }
        guard let first = inherited.first ?? nil,
            inherited.allSatisfy({ $0?.propertyName == first.propertyName })
        else { return nil }
        return first
    }

    /// The discriminator values that select each member: the mapping's, or the member's own name.
    private mutating func applyDiscriminator(
        _ discriminator: Discriminator, members: [Schema], to plan: inout UnionPlan
    ) {
        let property = discriminator.propertyName
        var claimed: Set<String> = []
        for (index, member) in members.enumerated() {
            let reference = member.reference ?? ""
            let explicit = discriminator.mapping.filter { $0.schemaName == reference }.map(\.value)
            // A schema the mapping does not name is selected by its own name.
            let values = (explicit.isEmpty ? [reference] : explicit).filter { claimed.insert($0).inserted }
            plan.cases[index].discriminatorValues = values
        }
        let memberNames = Set(members.compactMap(\.reference))
        for entry in discriminator.mapping where !memberNames.contains(entry.schemaName) {
            diagnostics.warning(
                "discriminator value '\(entry.value)' selects '\(entry.schemaName)', which is not a member; ignored",
                at: entry.location)
        }
        plan.discriminatorProperty = property
    }

    /// An `allOf` kept as parts: each part is a member holding the whole value decoded by that part's schema.
    mutating func compositionPlan(
        _ schema: Schema,
        name: String,
        qualifiedName: String,
        documentation: [String]
    ) -> StructPlan {
        var nested: [TypeDeclaration] = []
        var usedTypeNames = NameSet.types(name)
        var usedMembers: NameSet = []
        var parts: [PropertyPlan] = []
        for (index, part) in schema.allOf.enumerated() {
            let value = valueKind(
                part, owner: qualifiedName, suggestedName: "Part\(index + 1)", nested: &nested, used: &usedTypeNames)
            let memberName = usedMembers.claim(part.reference.map(SwiftNaming.memberName) ?? "part\(index + 1)")
            if case .named(let target) = value, target.hasPrefix("Schemas."), qualifiedName.hasPrefix("Schemas.") {
                containment[qualifiedName, default: []].append((target, memberName, part.location))
            }
            parts.append(
                PropertyPlan(
                    jsonName: "", swiftName: memberName, value: value, presence: .required, documentation: []))
        }
        return StructPlan(
            name: name, qualifiedName: qualifiedName, documentation: documentation, properties: parts,
            nested: nested, isAllOf: true)
    }
}

extension ValueKind {
    var isBytes: Bool {
        if case .bytes = self { return true }
        return false
    }

    /// The JSON Schema type of the values, for messages about union members.
    var jsonTypeName: String {
        switch self {
        case .string, .dateTime, .bytes: "string"
        case .int64, .int32: "integer"
        case .double: "number"
        case .bool: "boolean"
        case .array: "array"
        case .dictionary, .named, .any: "object"
        case .allowed(let base, _): base.jsonTypeName
        }
    }

    /// The case name of an inline union member: its type (`string`, `integer`), or its nested type's name.
    func caseNameHint(index: Int) -> String {
        switch self {
        case .string: "string"
        case .dateTime: "dateTime"
        case .bytes: "bytes"
        case .int64, .int32: "integer"
        case .double: "number"
        case .bool: "boolean"
        case .array: "array"
        case .dictionary: "dictionary"
        case .any: "value"
        case .allowed(let base, _): base.caseNameHint(index: index)
        case .named(let name): SwiftNaming.memberName(String(name.split(separator: ".").last ?? "case\(index + 1)"))
        }
    }
}
