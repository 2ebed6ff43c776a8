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
            var result = schema.allOf[0]
            result.isNullable = result.isNullable || schema.isNullable
            result.description = schema.description ?? result.description
            result.defaultValue = schema.defaultValue ?? result.defaultValue
            return result
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
        guard own.isObjectLike, parts.allSatisfy(\.isObjectLike) else { return schema }
        var result = schema
        result.allOf = []
        for resolved in parts {
            for property in resolved.properties where !result.properties.contains(where: { $0.name == property.name }) {
                result.properties.append(property)
            }
            for name in resolved.required where !result.required.contains(name) {
                result.required.append(name)
            }
            if result.description == nil { result.description = resolved.description }
            if result.discriminator == nil { result.discriminator = resolved.discriminator }
        }
        if result.types.isEmpty { result.types = [.object] }
        return result
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
            var result = unions[0][0]
            result.isNullable = result.isNullable || schema.isNullable
            result.description = schema.description ?? result.description
            result.defaultValue = schema.defaultValue ?? result.defaultValue
            return normalized(result)
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
            let target = effectiveSchema(part.reference.flatMap { schemasByName[$0] } ?? part)
            guard let type = target.type else { continue }
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

extension Schema {
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
