/// `allOf`, `oneOf` and `anyOf`: what each composition becomes before it is translated.
///
/// - `allOf` of object schemas is merged into one object: properties in order, `required` united. Any other
///   `allOf` is kept as a composition: a struct with one member per part, each decoded from the whole value.
/// - `oneOf` and `anyOf` stay unions, except that `null` members make the union nullable and a union left with
///   one member is that member. A union beside `properties` is a composition of the object and the union.
/// - An OpenAPI 3.1 type array (`type: [string, integer]`) is an `anyOf` of one schema per type.
extension Translator {
    func effectiveSchema(_ schema: Schema) -> Schema {
        var visiting: Set<String> = []
        return merged(schema, visiting: &visiting)
    }

    /// The effective schema, following references to the schema they name.
    func resolvedSchema(_ schema: Schema) -> Schema {
        var current = effectiveSchema(schema)
        var seen: Set<String> = []
        while let reference = current.reference, seen.insert(reference).inserted, let target = schemasByName[reference]
        {
            current = effectiveSchema(target)
        }
        return current
    }

    private func merged(_ original: Schema, visiting: inout Set<String>) -> Schema {
        let schema = Self.normalized(original)
        guard !schema.allOf.isEmpty else { return schema }
        // `allOf: [$ref]` is how 3.0 documents attach `nullable` or a description to a reference.
        if schema.allOf.count == 1, schema.properties.isEmpty, schema.allOf[0].reference != nil {
            return schema.allOf[0].standing(for: schema)
        }
        var parts: [Schema] = []
        for part in schema.allOf {
            if let reference = part.reference {
                guard !visiting.contains(reference), let target = schemasByName[reference] else { continue }
                visiting.insert(reference)
                parts.append(merged(target, visiting: &visiting))
                visiting.remove(reference)
            } else {
                parts.append(merged(part, visiting: &visiting))
            }
        }
        var own = schema
        own.allOf = []
        // `allOf: [{type: string}, {maxLength: 3}]`: one string with every part's constraints.
        if var single = parts.reduce(
            Optional(own), { partial, part in partial.flatMap { Self.intersection($0, part) } }),
            !single.types.isEmpty
        {
            single.isNullable = own.isNullable || parts.allSatisfy(\.isNullable)
            return single
        }
        guard own.isObjectLike, parts.allSatisfy(\.isObjectLike) else { return schema }
        var result = schema
        result.allOf = []
        for resolved in parts {
            for property in resolved.properties {
                guard let index = result.properties.firstIndex(where: { $0.name == property.name }) else {
                    result.properties.append(property)
                    continue
                }
                // A part that redeclares a member adds its constraints where the two can be one schema.
                if let both = Self.intersection(result.properties[index].schema, property.schema) {
                    result.properties[index].schema = both
                }
            }
            for name in resolved.required where !result.required.contains(name) {
                result.required.append(name)
            }
            if result.description == nil { result.description = resolved.description }
            if result.discriminator == nil { result.discriminator = resolved.discriminator }
        }
        // Untyped parts that say nothing of members (`allOf: [{}, {description: …}]`) allow any value, not only objects.
        let saysObject = ([own] + parts).contains { part in
            if case .allowed = part.additionalProperties { return part.type == .object || !part.properties.isEmpty }
            return true
        }
        if result.types.isEmpty, saysObject { result.types = [.object] }
        if case .allowed = result.additionalProperties {
            result.additionalProperties = Self.mergedAdditionalProperties(parts.map(\.additionalProperties))
        }
        return result
    }

    /// What the parts of a merged `allOf` say about undeclared members, applied to the members no part declares
    /// (as `unevaluatedProperties` would: JSON Schema's `additionalProperties: false` in one part would also refuse
    /// the members the other parts declare, which no document means). A part that forbids them wins; otherwise the
    /// first part that checks or keeps them.
    private static func mergedAdditionalProperties(
        _ parts: [Schema.AdditionalProperties]
    ) -> Schema.AdditionalProperties {
        if parts.contains(where: { if case .forbidden = $0 { true } else { false } }) { return .forbidden }
        return parts.first { if case .allowed = $0 { false } else { true } } ?? .allowed
    }

    /// The schema with its type array, `null` members and union-beside-properties rewritten as described above.
    static func normalized(_ input: Schema) -> Schema {
        guard input.reference == nil else { return input }
        var schema = input
        if schema.types.count > 1, schema.oneOf.isEmpty, schema.anyOf.isEmpty {
            var union = Schema(location: schema.location, pointer: schema.pointer)
            union.description = schema.description
            union.isNullable = schema.isNullable
            union.defaultValue = schema.defaultValue
            union.anyOf = schema.types.map { type in
                var member = schema
                (member.types, member.isNullable, member.description, member.defaultValue) = ([type], false, nil, nil)
                return member
            }
            schema = union
        }
        for keyPath in [\Schema.oneOf, \Schema.anyOf] where !schema[keyPath: keyPath].isEmpty {
            let members = schema[keyPath: keyPath]
            let kept = members.filter { !$0.isNullOnly }
            if kept.count < members.count { schema.isNullable = true }
            schema[keyPath: keyPath] = kept.isEmpty ? members : kept
        }
        let unions = [schema.oneOf, schema.anyOf].filter { !$0.isEmpty }
        if unions.count == 1, unions[0].count == 1, schema.properties.isEmpty, schema.allOf.isEmpty {
            return normalized(unions[0][0].standing(for: schema))
        }
        // A union beside properties or another union: the value must be both, so it is a composition.
        if !unions.isEmpty, !schema.properties.isEmpty || unions.count == 2 || !schema.allOf.isEmpty {
            var own = schema
            (own.oneOf, own.anyOf, own.allOf, own.discriminator) = ([], [], [], nil)
            var parts: [Schema] = own.properties.isEmpty ? [] : [own]
            for keyPath in [\Schema.oneOf, \Schema.anyOf] where !schema[keyPath: keyPath].isEmpty {
                var union = Schema(location: schema.location, pointer: schema.pointer)
                union[keyPath: keyPath] = schema[keyPath: keyPath]
                union.discriminator = schema.discriminator
                parts.append(union)
            }
            var result = Schema(location: schema.location, pointer: schema.pointer)
            (result.description, result.isNullable, result.defaultValue) =
                (schema.description, schema.isNullable, schema.defaultValue)
            result.allOf = schema.allOf + parts
            return result
        }
        return schema
    }

    /// Warns about an `allOf` whose parts declare types no value can have at once: every value is refused.
    mutating func checkSatisfiable(_ schema: Schema) {
        guard !schema.allOf.isEmpty else { return }
        var declared: [(type: Schema.PrimitiveType, location: SourceLocation)] = []
        for part in schema.allOf {
            guard let type = resolvedSchema(part).type else { continue }
            declared.append((type, part.location))
        }
        let numeric: Set<Schema.PrimitiveType> = [.integer, .number]
        for (first, second) in zip(declared, declared.dropFirst())
        where first.type != second.type && !(numeric.contains(first.type) && numeric.contains(second.type)) {
            diagnostics.warning(
                "no value is both \(first.type.rawValue) and \(second.type.rawValue): every value is refused",
                at: second.location)
        }
    }
}

extension Translator {
    /// Warns where a merged `allOf` keeps one declaration of a property that two parts (or the schema beside them)
    /// declare in ways that cannot be one schema (another type, another reference, two objects): the first wins.
    mutating func checkRedeclaredProperties(_ original: Schema) {
        let schema = Self.normalized(original)
        guard schema.reference == nil, !schema.allOf.isEmpty else { return }
        let parts = schema.allOf.map(resolvedSchema)
        var own = schema
        own.allOf = []
        guard own.isObjectLike, parts.allSatisfy(\.isObjectLike), parts.contains(where: { !$0.properties.isEmpty })
        else { return }
        var kept: [String: Schema] = [:]
        for property in (own.properties + parts.flatMap(\.properties)) {
            guard let first = kept[property.name] else {
                kept[property.name] = property.schema
                continue
            }
            if let both = Self.intersection(first, property.schema) {
                kept[property.name] = both
            } else if first.signature != property.schema.signature {
                diagnostics.warning(
                    "property '\(property.name)' is declared again here, unlike its declaration at"
                        + " \(first.location); an allOf merge keeps the first",
                    at: property.schema.location)
            }
        }
    }

    /// Two schemas of one scalar type (or one of them without a type) as one: the tighter of each bound, each
    /// keyword the other lacks. `nil` when they cannot be one schema: other types, references, objects, arrays,
    /// unions, two different patterns, formats or enums.
    static func intersection(_ first: Schema, _ second: Schema) -> Schema? {
        guard first.isScalarConstraint, second.isScalarConstraint,
            first.types.isEmpty || second.types.isEmpty || first.types == second.types,
            first.pattern == nil || second.pattern == nil || first.pattern == second.pattern,
            first.format == nil || second.format == nil || first.format == second.format,
            first.enumValues == nil || second.enumValues == nil || first.enumValues == second.enumValues
        else { return nil }
        func tighter<T: Comparable>(_ a: T?, _ b: T?, _ pick: (T, T) -> T) -> T? {
            guard let a else { return b }
            guard let b else { return a }
            return pick(a, b)
        }
        var result = first
        if result.types.isEmpty { result.types = second.types }
        result.pattern = first.pattern ?? second.pattern
        result.format = first.format ?? second.format
        result.enumValues = first.enumValues ?? second.enumValues
        result.minLength = tighter(first.minLength, second.minLength, max)
        result.maxLength = tighter(first.maxLength, second.maxLength, min)
        result.maxBytes = tighter(first.maxBytes, second.maxBytes, min)
        result.minimum = tighter(first.minimum, second.minimum, max)
        result.maximum = tighter(first.maximum, second.maximum, min)
        result.exclusiveMinimum = tighter(first.exclusiveMinimum, second.exclusiveMinimum, max)
        result.exclusiveMaximum = tighter(first.exclusiveMaximum, second.exclusiveMaximum, min)
        result.multipleOf = first.multipleOf ?? second.multipleOf
        result.trims = first.trims || second.trims
        result.isNullable = first.isNullable && second.isNullable
        result.description = first.description ?? second.description
        result.defaultValue = first.defaultValue ?? second.defaultValue
        result.examples = first.examples + second.examples
        return result
    }
}

extension Schema {
    /// This schema where `outer` has nothing else to say (`allOf: [$ref]`, a union left with one member): it keeps
    /// the outer schema's nullability, description and default.
    func standing(for outer: Schema) -> Schema {
        var result = self
        result.isNullable = isNullable || outer.isNullable
        result.description = outer.description ?? description
        result.defaultValue = outer.defaultValue ?? defaultValue
        return result
    }

    /// A string, number, integer or boolean schema, or one of constraints alone: no reference, properties, items
    /// or composition.
    var isScalarConstraint: Bool {
        reference == nil && properties.isEmpty && items == nil && allOf.isEmpty && oneOf.isEmpty && anyOf.isEmpty
            && types.count <= 1 && type != .object && type != .array
            && { if case .allowed = additionalProperties { true } else { false } }()
    }

    /// What decides how values of the schema decode, as text: two inline copies of one schema are equal, two
    /// schemas that differ in a type, member, requirement, bound or composition are not.
    var signature: String {
        if let reference { return "$ref:" + reference }
        var parts = [types.map(\.rawValue).joined(separator: "|"), isNullable ? "null" : "", format ?? ""]
        parts.append(properties.map { "\($0.name):(\($0.schema.signature))" }.joined(separator: ","))
        parts.append(required.joined(separator: ","))
        parts.append(items.map { "[" + $0.signature + "]" } ?? "")
        parts.append((enumValues ?? []).joined(separator: ","))
        let bounds: [Any?] = [
            minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf,
            minItems, maxItems, maxBytes,
        ]
        parts.append(bounds.map { $0.map { "\($0)" } ?? "" }.joined(separator: ","))
        for composition in [allOf, oneOf, anyOf] {
            parts.append(composition.map(\.signature).joined(separator: ";"))
        }
        return parts.joined(separator: "/")
    }

    /// The first keyword that constrains only one type, for a schema that declares none.
    var untypedConstraint: String? {
        let keywords: [(String, Bool)] = [
            ("minLength", minLength != nil), ("maxLength", maxLength != nil), ("pattern", pattern != nil),
            ("format", format != nil), ("minimum", minimum != nil), ("maximum", maximum != nil),
            ("exclusiveMinimum", exclusiveMinimum != nil), ("exclusiveMaximum", exclusiveMaximum != nil),
            ("multipleOf", multipleOf != nil), ("minItems", minItems != nil), ("maxItems", maxItems != nil),
        ]
        return keywords.first { $0.1 }?.0
    }

    /// `type: 'null'` and nothing else: the `null` member of a nullable union.
    var isNullOnly: Bool {
        reference == nil && types.isEmpty && isNullable && properties.isEmpty && items == nil
            && (enumValues ?? []).isEmpty && allOf.isEmpty && oneOf.isEmpty && anyOf.isEmpty
    }

    /// Whether merging into one object can express the schema: no unions, no other type, no enum, no items.
    var isObjectLike: Bool {
        oneOf.isEmpty && anyOf.isEmpty && allOf.isEmpty && enumValues == nil && items == nil
            && (types.isEmpty || types == [.object])
    }
}
