import Foundation

/// Decides every Swift name and type for a document: model in, `GenerationPlan` out. Formats no code.
struct Translator {
    var diagnostics: Diagnostics
    let document: OpenAPIDocument
    let schemasByName: [String: Schema]
    /// Component schema name → Swift type name in `Schemas`.
    var typeNames: [String: String] = [:]
    /// A component schema's name or an operationId → the name its Swift names are derived from instead.
    var nameOverrides: [String: String] = [:]
    /// Whether `APIClient.swift` is written, so that requests are also written and responses decoded.
    var generatesClient = false
    /// Qualified Swift type name (`Schemas.Task`) → component schema name, the reverse of `typeNames`.
    var componentNames: [String: String] = [:]
    /// Component schemas that alias another type instead of declaring one, with their value kind once known.
    var aliasKinds: [String: ValueKind] = [:]
    var resolvingAliases: [String] = []
    /// Qualified enum name → raw value → case name, for rendering defaults.
    var enumCases: [String: [String: String]] = [:]
    /// How deep inline schemas nest while translating; an `allOf` that merges its own container recurses forever.
    var nestingDepth = 0
    /// Every name taken in `Schemas`: the component types, and the inline types that alias components nest there.
    var schemaNamespace: NameSet = []
    /// Inline types found inside alias components (`Tags: array of inline object`), declared in `Schemas`.
    var aliasNested: [TypeDeclaration] = []
    /// Component schemas named as the schema of an `application/problem+json` response.
    var problemSchemaNames: Set<String> = []
    /// Whether the examples of properties are collected as checks, and the checks collected so far.
    var collectsExamples = false
    var propertyExamples: [ExampleCheck] = []
    /// Direct (not through an array or dictionary) struct-to-struct containment, for detecting recursion.
    var containment: [String: [(target: String, member: String, location: SourceLocation)]] = [:]

    static func translate(
        _ document: OpenAPIDocument,
        accessModifier: AccessModifier = .package,
        nameOverrides: [String: String] = [:],
        generatesClient: Bool = false,
        checkingExamples: Bool = false,
        diagnostics: inout Diagnostics
    ) -> GenerationPlan {
        var translator = Translator(
            diagnostics: diagnostics,
            document: document,
            schemasByName: Dictionary(
                document.schemas.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        )
        translator.collectsExamples = checkingExamples
        translator.nameOverrides = nameOverrides
        translator.generatesClient = generatesClient
        let plan = translator.makePlan(accessModifier: accessModifier, checkingExamples: checkingExamples)
        diagnostics = translator.diagnostics
        return plan
    }

    private mutating func makePlan(accessModifier: AccessModifier, checkingExamples: Bool) -> GenerationPlan {
        var used = NameSet.types()
        for named in document.schemas {
            let typeName = SwiftNaming.unique(SwiftNaming.typeName(nameOverrides[named.name] ?? named.name), in: &used)
            typeNames[named.name] = typeName
            componentNames["Schemas.\(typeName.trimmingBackticks)"] = named.name
        }
        schemaNamespace = used
        var types: [TypeDeclaration] = []
        for named in document.schemas {
            if let declaration = componentDeclaration(named) { types.append(declaration) }
        }
        let examples = checkingExamples ? document.schemas.flatMap { exampleChecks($0) } + propertyExamples : []
        types += aliasNested
        let boxed = indirectMembers()
        types = types.map { Self.boxing(boxed, in: $0) }
        var methodNames: NameSet = ["authenticate"]
        var operationTypeNames = NameSet.types()
        // A fragment never reaches the server, so such a path cannot be told from the same path without it; and
        // of two paths that differ only in their parameters' names (OpenAPI forbids them) the second is unreachable.
        var templates: [String: String] = [:]
        let routable = document.operations.filter { operation in
            if operation.path.contains("#") {
                diagnostics.warning(
                    "path '\(operation.path)' has a fragment, which requests never carry; "
                        + "operation '\(operation.operationID)' is not generated",
                    at: operation.location)
                return false
            }
            let template = Self.template(operation.path)
            if let first = templates[template], first != operation.path {
                diagnostics.warning(
                    "path '\(operation.path)' matches the same requests as '\(first)'; "
                        + "operation '\(operation.operationID)' is not generated",
                    at: operation.location)
                return false
            }
            templates[template] = operation.path
            return true
        }
        let operations = routable.map { operation in
            makeOperation(operation, methodNames: &methodNames, typeNames: &operationTypeNames)
        }
        var coded = CodingPlanner(types: types, operations: operations)
        coded.assignRoles(alsoCoding: examples.map(\.kind), forClient: generatesClient)
        types = coded.mappingProblemSchemas(
            problemSchemaNames.compactMap { name in typeNames[name].map { "Schemas.\($0)" } })
        let operationsWithRoles = coded.operations
        // A schema mapped onto the runtime's `Problem` has no decoder of its own: the runtime writes problems.
        let runtimeAliases = Set(
            types.compactMap { declaration -> String? in
                guard case .alias(let alias) = declaration else { return nil }
                if case .value = alias.target { return nil }
                return "Schemas.\(alias.name)"
            })
        let checkedExamples = examples.filter { Set($0.kind.namedTypes).isDisjoint(with: runtimeAliases) }
        return GenerationPlan(
            types: types,
            operations: operationsWithRoles,
            hasSecurity: operations.contains { $0.security != nil },
            hasCompoundSecurity: operations.contains { $0.security?.isCompound == true },
            title: document.title,
            accessModifier: accessModifier,
            routes: RoutePlanner.groups(operations),
            imports: ImportPlanner(types: types, operations: operationsWithRoles).imports,
            exampleChecks: checkedExamples,
            passwordFlows: passwordFlows()
        )
    }

    /// The OAuth 2.0 password flows a client can log in with: those whose `tokenUrl` is a path on the API's server.
    private mutating func passwordFlows() -> [(scheme: String, tokenURL: String)] {
        guard generatesClient else { return [] }
        return document.securitySchemes.compactMap { scheme in
            guard let url = scheme.passwordTokenURL else { return nil }
            guard url.hasPrefix("/") else {
                diagnostics.warning(
                    "the client's logIn is generated only for a tokenUrl on the API's own server (a path such as"
                        + " '/oauth/token'); '\(url)' is not", at: scheme.location)
                return nil
            }
            return (scheme.name, url)
        }
    }

    // MARK: Component schemas

    private mutating func componentDeclaration(_ named: NamedSchema) -> TypeDeclaration? {
        guard let name = typeNames[named.name] else { return nil }
        let schema = effectiveSchema(named.schema)
        checkSatisfiable(schema)
        checkRedeclaredProperties(named.schema)
        let qualified = "Schemas.\(name)"
        let documentation = Self.documentation(
            schema.description ?? named.schema.description, pointer: named.schema.pointer)
        if let declaration = declaration(
            for: schema, name: name, qualifiedName: qualified, documentation: documentation)
        {
            return declaration
        }
        let target = aliasKind(named.name) ?? .any
        return .alias(AliasPlan(name: name, documentation: documentation, target: .value(target)))
    }

    /// A struct or enum for schemas that need one of their own; `nil` for schemas that are another type.
    private mutating func declaration(
        for schema: Schema,
        name: String,
        qualifiedName: String,
        documentation: [String]
    ) -> TypeDeclaration? {
        switch schema.declarationKind {
        case .enumeration?:
            return .enumeration(
                enumPlan(
                    schema.enumValues ?? [], name: name, qualifiedName: qualifiedName, documentation: documentation))
        case .structure?:
            return .structure(
                structPlan(schema, name: name, qualifiedName: qualifiedName, documentation: documentation))
        case .union?:
            return .union(unionPlan(schema, name: name, qualifiedName: qualifiedName, documentation: documentation))
        case .composition?:
            return .structure(
                compositionPlan(schema, name: name, qualifiedName: qualifiedName, documentation: documentation))
        case nil:
            return nil
        }
    }

    /// The value kind of a component schema that is an alias, resolving chains and reporting cycles.
    mutating func aliasKind(_ name: String) -> ValueKind? {
        if let known = aliasKinds[name] { return known }
        guard let schema = schemasByName[name] else { return nil }
        if resolvingAliases.contains(name) {
            diagnostics.error(
                "reference cycle: " + (resolvingAliases + [name]).joined(separator: " → "),
                at: schema.location
            )
            return .any
        }
        resolvingAliases.append(name)
        defer { resolvingAliases.removeLast() }
        var nested: [TypeDeclaration] = []
        var used = schemaNamespace
        let kind = valueKind(
            effectiveSchema(schema), owner: "Schemas", suggestedName: typeNames[name] ?? name, nested: &nested,
            used: &used
        )
        // Inline types of an alias live in `Schemas` beside the components, under names none of them has.
        schemaNamespace = used
        aliasNested += nested
        aliasKinds[name] = kind
        return kind
    }

    /// Whether a component schema is declared as a struct or enum of its own.
    func isDeclared(_ name: String) -> Bool {
        guard let schema = schemasByName[name] else { return false }
        return effectiveSchema(schema).declarationKind != nil
    }

    // MARK: Value kinds

    /// How values of `schema` are represented; inline objects and enums become types nested in `owner`.
    mutating func valueKind(
        _ original: Schema,
        owner: String,
        suggestedName: String,
        nested: inout [TypeDeclaration],
        used: inout NameSet
    ) -> ValueKind {
        guard nestingDepth < 64 else {
            diagnostics.error(
                "schemas nest more than 64 levels deep (an 'allOf' that includes its own container?)",
                at: original.location)
            return .any
        }
        nestingDepth += 1
        defer { nestingDepth -= 1 }
        let schema = effectiveSchema(original)
        checkSatisfiable(schema)
        checkRedeclaredProperties(original)
        if let reference = schema.reference {
            guard let typeName = typeNames[reference] else { return .any }
            if isDeclared(reference) { return .named("Schemas.\(typeName)") }
            return aliasKind(reference) ?? .any
        }
        let nestedName = SwiftNaming.unique(suggestedName, in: &used)
        let qualified = "\(owner).\(nestedName)"
        if let declaration = declaration(
            for: schema,
            name: nestedName,
            qualifiedName: qualified,
            documentation: Self.documentation(schema.description, pointer: schema.pointer)
        ) {
            nested.append(declaration)
            return .named(qualified)
        }
        used.remove(nestedName)
        if let literals = schema.mixedEnum {
            return .allowed(.any, literals.map(\.swiftJSONValue))
        }
        if let values = schema.enumValues, let type = schema.type, [.integer, .number, .boolean].contains(type) {
            var unrestricted = schema
            unrestricted.enumValues = nil
            let base = valueKind(
                unrestricted, owner: owner, suggestedName: suggestedName, nested: &nested, used: &used)
            return .allowed(base, values.compactMap { literal($0, of: type, at: schema.location) })
        }
        switch schema.type {
        case .string? where schema.isBytes:
            return .bytes
        case .string?:
            if schema.format == "date-time" { return .dateTime }
            let format = ["email", "uuid", "date"].contains(schema.format ?? "") ? schema.format : nil
            return .string(
                .init(
                    trims: schema.trims, minLength: schema.minLength, maxLength: schema.maxLength,
                    maxBytes: schema.maxBytes, pattern: schema.pattern, format: format
                )
            )
        case .integer?:
            let rules = numberRules(schema)
            return schema.format == "int32" ? .int32(rules) : .int64(rules)
        case .number?:
            return .double(numberRules(schema))
        case .boolean?:
            return .bool
        case .array?:
            let element =
                schema.items.map {
                    valueKind($0, owner: owner, suggestedName: suggestedName + "Item", nested: &nested, used: &used)
                } ?? .any
            return .array(
                element, minItems: schema.minItems, maxItems: schema.maxItems, uniqueItems: schema.uniqueItems)
        case nil where schema.items != nil:
            return valueKind(
                withType(schema, .array), owner: owner, suggestedName: suggestedName, nested: &nested, used: &used
            )
        case .object?, nil:
            // JSON Schema applies `minLength` only to strings, `minimum` only to numbers…: without a `type`, no
            // Swift type carries them.
            if schema.type == nil, let keyword = schema.untypedConstraint {
                diagnostics.warning(
                    "'\(keyword)' without 'type' is not checked: say which type it constrains", at: schema.location)
            }
            if case .schema(let additional) = schema.additionalProperties {
                return .dictionary(
                    valueKind(
                        additional, owner: owner, suggestedName: suggestedName + "Value", nested: &nested, used: &used)
                )
            }
            // `type: object` with nothing else still refuses arrays, strings, numbers, booleans and null.
            return schema.type == .object ? .dictionary(.any) : .any
        }
    }

    /// An `enum` or `const` value of a number or boolean schema as a Swift literal.
    private mutating func literal(_ text: String, of type: Schema.PrimitiveType, at location: SourceLocation) -> String?
    {
        let valid: Bool
        switch type {
        case .integer: valid = Int64(text) != nil
        case .number: valid = Double(text)?.isFinite == true && text.first?.isLetter != true
        default: valid = text == "true" || text == "false"
        }
        guard valid else {
            diagnostics.error(
                "enum value '\(text)' is not \(type == .integer ? "an" : "a") \(type.rawValue)", at: location)
            return nil
        }
        return type == .number && Int64(text) != nil ? text + ".0" : text
    }

    private func withType(_ schema: Schema, _ type: Schema.PrimitiveType) -> Schema {
        var copy = schema
        copy.types = [type]
        return copy
    }

    private func numberRules(_ schema: Schema) -> ValueKind.NumberRules {
        .init(
            minimum: schema.minimum, maximum: schema.maximum,
            exclusiveMinimum: schema.exclusiveMinimum, exclusiveMaximum: schema.exclusiveMaximum,
            multipleOf: schema.multipleOf
        )
    }

    /// `readOnly` or `writeOnly` on the property's schema or on the schema it refers to.
    func isReadOnly(_ schema: Schema) -> Bool { schema.isReadOnly || resolvedSchema(schema).isReadOnly }
    func isWriteOnly(_ schema: Schema) -> Bool { schema.isWriteOnly || resolvedSchema(schema).isWriteOnly }

    /// Whether values of the schema may be `null`, looking through references.
    func isNullable(_ schema: Schema) -> Bool {
        if schema.isNullable || effectiveSchema(schema).isNullable { return true }
        if let reference = schema.reference, let target = schemasByName[reference] {
            return target.isNullable
        }
        return false
    }

    // MARK: Structs and enums

    private mutating func structPlan(
        _ schema: Schema,
        name: String,
        qualifiedName: String,
        documentation: [String]
    ) -> StructPlan {
        var nested: [TypeDeclaration] = []
        var usedTypeNames = NameSet.types(name)
        var usedMembers: NameSet = []
        var properties: [PropertyPlan] = []
        let requiredNames = Set(schema.required)
        for property in schema.properties {
            let value = valueKind(
                property.schema,
                owner: qualifiedName,
                suggestedName: SwiftNaming.typeName(property.name),
                nested: &nested,
                used: &usedTypeNames
            )
            let swiftName = SwiftNaming.unique(SwiftNaming.memberName(property.name), in: &usedMembers)
            if case .named(let target) = value, target.hasPrefix("Schemas."), qualifiedName.hasPrefix("Schemas.") {
                containment[qualifiedName, default: []].append((target, swiftName, property.location))
            }
            if collectsExamples { propertyExamples += exampleChecks(of: property.schema, kind: value) }
            let isRequired = requiredNames.contains(property.name)
            let nullable = isNullable(property.schema)
            let presence: Presence
            switch (isRequired, nullable) {
            case (true, false): presence = .required
            case (true, true): presence = .requiredNullable
            case (false, true): presence = .optionalNullable
            case (false, false):
                let fallback = property.schema.defaultValue ?? resolvedSchema(property.schema).defaultValue
                presence = fallback.flatMap { resolveDefault($0, for: value) }.map(Presence.defaulted) ?? .optional
            }
            var member =
                PropertyPlan(
                    jsonName: property.name,
                    swiftName: swiftName,
                    value: value,
                    presence: presence,
                    documentation: Self.documentation(
                        [effectiveDescription(property.schema), property.schema.isDeprecated ? Self.deprecation : nil]
                            .compactMap { $0 }.joined(separator: "\n\n"),
                        pointer: nil)
                )
            (member.isReadOnly, member.isWriteOnly) = (isReadOnly(property.schema), isWriteOnly(property.schema))
            properties.append(member)
        }
        let propertyNames = Set(schema.properties.map(\.name))
        for requiredName in schema.required where !propertyNames.contains(requiredName) {
            diagnostics.warning(
                "required property '\(requiredName)' is not defined in 'properties'", at: schema.location)
        }
        var plan = StructPlan(
            name: name,
            qualifiedName: qualifiedName,
            documentation: documentation,
            properties: properties,
            nested: nested
        )
        switch schema.additionalProperties {
        case .forbidden:
            plan.forbidsUnknownMembers = true
        case .kept:
            plan.additionalMembers = (usedMembers.claim("additionalProperties"), .any)
        case .schema(let additional):
            let value = valueKind(
                additional, owner: qualifiedName, suggestedName: "AdditionalProperty", nested: &plan.nested,
                used: &usedTypeNames)
            plan.additionalMembers = (usedMembers.claim("additionalProperties"), value)
        case .allowed:
            break
        }
        return plan
    }

    private mutating func enumPlan(
        _ values: [String], name: String, qualifiedName: String, documentation: [String]
    ) -> EnumPlan {
        var used: NameSet = []
        var seen: Set<String> = []
        let cases = values.filter { seen.insert($0).inserted }.map { value in
            EnumPlan.Case(swiftName: SwiftNaming.unique(SwiftNaming.enumCaseName(value), in: &used), rawValue: value)
        }
        enumCases[qualifiedName] = Dictionary(
            cases.map { ($0.rawValue, $0.swiftName) }, uniquingKeysWith: { a, _ in a })
        return EnumPlan(name: name, qualifiedName: qualifiedName, documentation: documentation, cases: cases)
    }

    private func effectiveDescription(_ schema: Schema) -> String? {
        if let description = schema.description { return description }
        if let reference = schema.reference { return schemasByName[reference]?.description }
        return nil
    }

    /// Enum cases of a component enum that has not been translated yet (it may come later in the document).
    mutating func enumCasesOfComponent(_ qualified: String) -> [String: String]? {
        guard let name = componentNames[qualified], let schema = schemasByName[name],
            let values = effectiveSchema(schema).enumValues
        else { return nil }
        _ = enumPlan(values, name: typeNames[name] ?? name, qualifiedName: qualified, documentation: [])
        return enumCases[qualified]
    }

    /// Structs cannot contain themselves, even through an optional: the member closing each cycle of direct
    /// containment is stored `@Indirect`, in a box on the heap. Returns those members as `owner.member`.
    private mutating func indirectMembers() -> Set<String> {
        var boxed: Set<String> = []
        var state: [String: Bool] = [:]  // false: on the current path, true: finished
        var path: [String] = []
        func visit(_ node: String, _ translator: inout Translator) {
            state[node] = false
            path.append(node)
            for edge in translator.containment[node] ?? [] {
                if state[edge.target] == false {
                    boxed.insert(node + "." + edge.member.trimmingBackticks)
                } else if state[edge.target] == nil {
                    visit(edge.target, &translator)
                }
            }
            path.removeLast()
            state[node] = true
        }
        for node in containment.keys.sorted() where state[node] == nil {
            visit(node, &self)
        }
        return boxed
    }

    /// The declarations with the members of `boxed` marked indirect.
    private static func boxing(_ boxed: Set<String>, in declaration: TypeDeclaration) -> TypeDeclaration {
        switch declaration {
        case .structure(var plan):
            for index in plan.properties.indices
            where boxed.contains(plan.qualifiedName + "." + plan.properties[index].swiftName.trimmingBackticks) {
                plan.properties[index].isIndirect = true
            }
            plan.nested = plan.nested.map { boxing(boxed, in: $0) }
            return .structure(plan)
        case .union(var plan):
            plan.nested = plan.nested.map { boxing(boxed, in: $0) }
            return .union(plan)
        case .enumeration, .alias:
            return declaration
        }
    }

    /// The path with every parameter's name removed: `/b/{id}` and `/b/{key}` both give `/b/{}`.
    private static func template(_ path: String) -> String {
        var result = ""
        var inParameter = false
        for character in path {
            if character == "}" { inParameter = false }
            if !inParameter { result.append(character) }
            if character == "{" { inParameter = true }
        }
        return result
    }

    /// How `deprecated: true` on a property shows: a doc comment, since `@available(*, deprecated)` would make the
    /// generated code's own uses (its decoder, writer and initializer) warn.
    static let deprecation = "- Important: Deprecated in the API document."

    static func documentation(_ description: String?, pointer: String?) -> [String] {
        var lines =
            description.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        if let pointer {
            if !lines.isEmpty { lines.append("") }
            lines.append("- Remark: Generated from `\(pointer)`.")
        }
        return lines
    }
}

/// What a schema is declared as, once compositions are resolved.
enum DeclarationKind {
    case enumeration, structure, union, composition
}

extension Schema {
    /// `nil` for schemas that are another type (a reference, a scalar, an array, a dictionary).
    var declarationKind: DeclarationKind? {
        guard reference == nil else { return nil }
        if !oneOf.isEmpty || !anyOf.isEmpty { return .union }
        if !allOf.isEmpty { return .composition }
        if enumValues != nil, mixedEnum == nil, types.isEmpty || type == .string { return .enumeration }
        if !properties.isEmpty, types.isEmpty || type == .object { return .structure }
        // An object that may have no members at all (`properties: {}`, `additionalProperties: false`): an empty
        // struct that refuses any member.
        if type == .object, case .forbidden = additionalProperties { return .structure }
        return nil
    }
}

extension JSONLiteral {
    /// The `JSONValue` the literal is, spelled in Swift.
    var swiftJSONValue: String {
        switch self {
        case .string(let text): "JSONValue.string(\(SwiftNaming.stringLiteral(text)))"
        case .integer(let value): "JSONValue.int(\(value))"
        case .number(let value): "JSONValue.double(\(value))"
        case .boolean(let value): "JSONValue.bool(\(value))"
        }
    }
}

extension Schema {
    /// `format: binary` (raw octets: a file) or `format: byte` (base64): bytes to Swift, base64 inside JSON.
    var isBytes: Bool { type == .string && (format == "binary" || format == "byte") }
}

extension String {
    func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
