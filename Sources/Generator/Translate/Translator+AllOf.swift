/// `allOf` of object schemas is merged into one object: properties in order, `required` united.
extension Translator {
    func effectiveSchema(_ schema: Schema) -> Schema {
        var visiting: Set<String> = []
        return merged(schema, visiting: &visiting)
    }

    private func merged(_ schema: Schema, visiting: inout Set<String>) -> Schema {
        guard !schema.allOf.isEmpty else { return schema }
        // `allOf: [$ref]` is how 3.0 documents attach `nullable` or a description to a reference.
        if schema.allOf.count == 1, schema.properties.isEmpty, schema.allOf[0].reference != nil {
            var result = schema.allOf[0]
            result.isNullable = result.isNullable || schema.isNullable
            result.description = schema.description ?? result.description
            result.defaultValue = schema.defaultValue ?? result.defaultValue
            return result
        }
        var result = schema
        result.allOf = []
        for part in schema.allOf {
            var resolved = part
            if let reference = part.reference {
                guard !visiting.contains(reference), let target = schemasByName[reference] else { continue }
                visiting.insert(reference)
                resolved = merged(target, visiting: &visiting)
                visiting.remove(reference)
            } else {
                resolved = merged(part, visiting: &visiting)
            }
            for property in resolved.properties where !result.properties.contains(where: { $0.name == property.name }) {
                result.properties.append(property)
            }
            for name in resolved.required where !result.required.contains(name) {
                result.required.append(name)
            }
            if result.description == nil { result.description = resolved.description }
        }
        if result.types.isEmpty { result.types = [.object] }
        return result
    }

    /// Reports `allOf` members that are not objects, which merging cannot express.
    mutating func checkAllOf(_ schema: Schema) {
        for part in schema.allOf {
            let target = part.reference.flatMap { schemasByName[$0] } ?? part
            let isObjectLike = target.types.isEmpty || target.types == [.object]
            if !isObjectLike || target.enumValues != nil {
                diagnostics.error("'allOf' is supported only for object schemas", at: part.location)
            }
        }
    }
}
