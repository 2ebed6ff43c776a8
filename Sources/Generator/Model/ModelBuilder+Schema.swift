/// Reading JSON Schemas.
extension ModelBuilder {
    private static let schemaKeys: Set<String> = [
        "$ref", "type", "nullable", "format", "description", "title", "properties", "required",
        "additionalProperties", "items", "enum", "allOf", "oneOf", "anyOf", "not", "minLength", "maxLength", "pattern",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
        "uniqueItems", "minProperties", "maxProperties", "default", "readOnly", "writeOnly", "example", "examples",
        "deprecated", "xml", "externalDocs", "discriminator", "const", "$schema", "$id", "$comment", "contentMediaType",
        "contentEncoding", "$defs",
    ]

    /// Keywords that change what is valid but that the generated code does not check: each gets a warning at its
    /// position, so that nobody mistakes the accepted values for the schema's.
    private static let uncheckedKeywords: [String: String] = [
        "not": "'not' is not checked: values it excludes are accepted",
        "minProperties": "'minProperties' is not checked",
        "maxProperties": "'maxProperties' is not checked",
    ]

    mutating func schema(_ node: YAMLNode, pointer: String) -> Schema {
        var schema = Schema(location: node.location, pointer: pointer)
        // OpenAPI 3.1 allows boolean schemas: `true` accepts anything.
        if case .scalar(let text, .plain) = node.kind, text == "true" || text == "false" {
            if text == "false" { error("the schema 'false' (nothing is valid) is not supported", at: node) }
            return schema
        }
        guard let pairs = mapping(node, "a schema") else { return schema }
        if let refNode = node["$ref"] {
            schema.reference = schemaReference(refNode)
            warnIgnoredSiblings(pairs)
            if isOpenAPI30 { return schema }
            // 3.1 allows siblings of $ref; the generator honours only the ones that describe.
            if let description = node["description"]?.scalar { schema.description = description }
            schema.defaultValue = node["default"]
            if let value = node["readOnly"] { schema.isReadOnly = bool(value, "readOnly") ?? false }
            if let value = node["writeOnly"] { schema.isWriteOnly = bool(value, "writeOnly") ?? false }
            return schema
        }
        warnUnknownKeys(pairs, known: Self.schemaKeys, in: "schema")
        for pair in pairs {
            guard let key = pair.key.scalar, let message = Self.uncheckedKeywords[key] else { continue }
            warning(message, at: pair.key)
        }
        readType(node, into: &schema)
        if let value = node["nullable"], let flag = bool(value, "nullable"), flag { schema.isNullable = true }
        if let value = node["format"] { schema.format = string(value, "format") }
        if let value = node["description"] { schema.description = string(value, "description") }
        if let value = node["title"] { schema.title = string(value, "title") }
        readObjectKeywords(node, pointer: pointer, into: &schema)
        if let value = node["items"] { schema.items = self.schema(value, pointer: pointer + "/items") }
        if let value = node["enum"] { schema.enumValues = enumValues(value, schema: &schema) }
        if let value = node["const"] {
            schema.enumValues = enumValues(YAMLNode(.sequence([value]), at: value.location), schema: &schema)
        }
        if schema.types.isEmpty, let values = node["const"].map({ [$0] }) ?? node["enum"]?.items {
            schema.types = Self.inferredType(values)
            if schema.types.isEmpty { schema.mixedEnum = Self.mixedLiterals(values) }
        }
        schema.allOf = subschemas(node, "allOf", pointer: pointer)
        schema.oneOf = subschemas(node, "oneOf", pointer: pointer)
        schema.anyOf = subschemas(node, "anyOf", pointer: pointer)
        if let value = node["discriminator"] { schema.discriminator = discriminator(value) }
        readConstraints(node, into: &schema)
        schema.defaultValue = node["default"]
        if let value = node["example"] { schema.examples.append(value) }
        if let values = node["examples"]?.items { schema.examples += values }
        if let value = node["deprecated"] { schema.isDeprecated = bool(value, "deprecated") ?? false }
        if let value = node["readOnly"] { schema.isReadOnly = bool(value, "readOnly") ?? false }
        if let value = node["writeOnly"] { schema.isWriteOnly = bool(value, "writeOnly") ?? false }
        if let value = node["x-trim"] { schema.trims = bool(value, "x-trim") ?? false }
        if let value = node["x-max-bytes"] { schema.maxBytes = nonNegativeInt(value, "x-max-bytes") }
        warnAboutStringExtensionsElsewhere(node, schema)
        return schema
    }

    /// `x-trim` and `x-max-bytes` act on the text of a plain string; an untyped schema may be an `allOf` part that
    /// adds them to one.
    private mutating func warnAboutStringExtensionsElsewhere(_ node: YAMLNode, _ schema: Schema) {
        guard !schema.types.isEmpty else { return }
        let what: String
        if schema.types != [.string] {
            what = "a schema of type " + schema.types.map(\.rawValue).joined(separator: ", ")
        } else if schema.enumValues != nil {
            what = "a string enum"
        } else if schema.isBytes {
            what = "bytes (format \(schema.format ?? ""))"
        } else {
            return
        }
        for key in ["x-trim", "x-max-bytes"] {
            guard let value = node[key] else { continue }
            warning("'\(key)' applies to plain strings only; on \(what) it is ignored", at: value)
        }
    }

    /// Keys beside `$ref` that change nothing: 3.0 ignores every sibling, 3.1 keeps the ones that describe.
    private static let describingSiblings: Set<String> = [
        "$ref", "description", "summary", "title", "default", "example", "examples", "deprecated", "readOnly",
        "writeOnly", "$comment",
    ]

    private mutating func warnIgnoredSiblings(_ pairs: [YAMLNode.Pair]) {
        for pair in pairs {
            guard let key = pair.key.scalar, !key.hasPrefix("x-") else { continue }
            if isOpenAPI30 ? key != "$ref" && key != "description" : !Self.describingSiblings.contains(key) {
                warning("'\(key)' beside '$ref' is ignored; wrap the reference in 'allOf' to add to it", at: pair.key)
            }
        }
    }

    /// The schemas of `allOf`, `oneOf` or `anyOf`, which must be a non-empty sequence.
    private mutating func subschemas(_ node: YAMLNode, _ key: String, pointer: String) -> [Schema] {
        guard let value = node[key], let items = sequence(value, key) else { return [] }
        if items.isEmpty { error("'\(key)' must not be empty", at: value) }
        return items.enumerated().map { self.schema($1, pointer: pointer + "/\(key)/\($0)") }
    }

    private mutating func discriminator(_ node: YAMLNode) -> Discriminator? {
        guard let pairs = mapping(node, "discriminator") else { return nil }
        warnUnknownKeys(pairs, known: ["propertyName", "mapping"], in: "discriminator")
        guard let nameNode = require("propertyName", in: node, "discriminator"),
            let propertyName = string(nameNode, "propertyName")
        else { return nil }
        var mappings: [Discriminator.Mapping] = []
        if let mappingNode = node["mapping"], let entries = mapping(mappingNode, "discriminator 'mapping'") {
            for entry in entries {
                guard let value = entry.key.scalar, let target = string(entry.value, "mapping") else { continue }
                // A mapping value is a reference or, when it has no '#' or '/', a bare schema name.
                let name = target.contains("/") || target.contains("#") ? nil : target
                guard let schemaName = name ?? schemaReference(entry.value) else { continue }
                guard components["schemas"]?[schemaName] != nil else {
                    error("unknown schema '\(target)' in discriminator 'mapping'", at: entry.value)
                    continue
                }
                mappings.append(.init(value: value, schemaName: schemaName, location: entry.key.location))
            }
        }
        return Discriminator(propertyName: propertyName, mapping: mappings, location: node.location)
    }

    /// The type of an untyped `enum` or `const` whose values are all plain numbers or all booleans.
    private static func inferredType(_ values: [YAMLNode]) -> [Schema.PrimitiveType] {
        let plain = values.compactMap { node -> String? in
            if case .scalar(let text, .plain) = node.kind, !node.isNull { return text }
            return nil
        }
        guard plain.count == values.count, !plain.isEmpty else { return [] }
        if plain.allSatisfy({ Int64($0) != nil }) { return [.integer] }
        if plain.allSatisfy({ Double($0) != nil && $0.first?.isLetter != true }) { return [.number] }
        if plain.allSatisfy({ $0 == "true" || $0 == "false" }) { return [.boolean] }
        return []
    }

    /// The values of an untyped enum typed by YAML's core schema, when they are not all strings.
    private static func mixedLiterals(_ values: [YAMLNode]) -> [JSONLiteral]? {
        let literals = values.filter { !$0.isNull }.compactMap { node -> JSONLiteral? in
            guard case .scalar(let text, let style) = node.kind else { return nil }
            guard style == .plain else { return .string(text) }
            if let integer = Int64(text) { return .integer(integer) }
            if text == "true" || text == "false" { return .boolean(text == "true") }
            if let number = Double(text), number.isFinite, text.first?.isLetter != true { return .number(number) }
            return .string(text)
        }
        return literals.allSatisfy({ if case .string = $0 { true } else { false } }) ? nil : literals
    }

    private mutating func schemaReference(_ node: YAMLNode) -> String? {
        guard let ref = string(node, "$ref") else { return nil }
        let prefix = "#/components/schemas/"
        let name = Self.unescapePointer(String(ref.dropFirst(prefix.count)))
        guard ref.hasPrefix(prefix), !name.isEmpty, !name.contains("/") else {
            error("unsupported reference '\(ref)' (expected '\(prefix)NAME')", at: node)
            return nil
        }
        guard components["schemas"]?[name] != nil else {
            error("unknown reference '\(ref)'", at: node)
            return nil
        }
        return name
    }

    private mutating func readType(_ node: YAMLNode, into schema: inout Schema) {
        guard let typeNode = node["type"] else { return }
        let names: [YAMLNode]
        if typeNode.scalar != nil {
            names = [typeNode]
        } else if let items = typeNode.items {
            names = items
        } else {
            error("'type' must be a string or a sequence of strings", at: typeNode)
            return
        }
        for nameNode in names {
            guard let name = string(nameNode, "type") else { continue }
            if name == "null" {
                schema.isNullable = true
            } else if let type = Schema.PrimitiveType(rawValue: name) {
                schema.types.append(type)
            } else {
                error("unknown schema type '\(name)'", at: nameNode)
            }
        }
    }

    private mutating func readObjectKeywords(_ node: YAMLNode, pointer: String, into schema: inout Schema) {
        if let value = node["properties"], let pairs = mapping(value, "'properties'") {
            for pair in pairs {
                guard let name = pair.key.scalar else { continue }
                let propertyPointer = pointer + "/properties/" + Self.escapePointer(name)
                schema.properties.append(
                    Property(
                        name: name, schema: self.schema(pair.value, pointer: propertyPointer),
                        location: pair.key.location)
                )
            }
        }
        if let value = node["required"], let items = sequence(value, "required") {
            var listed: Set<String> = []
            for item in items {
                guard let name = string(item, "required") else { continue }
                if !listed.insert(name).inserted { warning("'\(name)' is listed twice in 'required'", at: item) }
                schema.required.append(name)
            }
        }
        if let value = node["additionalProperties"] {
            if case .scalar = value.kind {
                schema.additionalProperties = (bool(value, "additionalProperties") ?? true) ? .kept : .forbidden
            } else {
                let nested = self.schema(value, pointer: pointer + "/additionalProperties")
                schema.additionalProperties = nested.isUnconstrained ? .kept : .schema(nested)
            }
        }
    }

    private mutating func enumValues(_ node: YAMLNode, schema: inout Schema) -> [String]? {
        guard let items = sequence(node, "enum") else { return nil }
        if items.isEmpty { error("'enum' must not be empty", at: node) }
        var values: [String] = []
        var seen: Set<String> = []
        for item in items {
            guard let text = string(item, "enum") else { continue }
            if item.isNull {
                schema.isNullable = true
                continue
            }
            if !seen.insert(text).inserted { warning("duplicate enum value '\(text)'", at: item) }
            values.append(text)
        }
        if values.isEmpty, !items.isEmpty {
            warning("a value that can only be null is not checked: it is decoded as any JSON value", at: node)
            return nil
        }
        return values
    }

    private mutating func readConstraints(_ node: YAMLNode, into schema: inout Schema) {
        if let value = node["minLength"] { schema.minLength = nonNegativeInt(value, "minLength") }
        if let value = node["maxLength"] { schema.maxLength = nonNegativeInt(value, "maxLength") }
        if let value = node["minItems"] { schema.minItems = nonNegativeInt(value, "minItems") }
        if let value = node["maxItems"] { schema.maxItems = nonNegativeInt(value, "maxItems") }
        if let value = node["uniqueItems"] { schema.uniqueItems = bool(value, "uniqueItems") ?? false }
        if let value = node["minimum"] { schema.minimum = number(value, "minimum") }
        if let value = node["maximum"] { schema.maximum = number(value, "maximum") }
        if let value = node["multipleOf"], let factor = number(value, "multipleOf") {
            if factor > 0 {
                schema.multipleOf = factor
            } else {
                error("'multipleOf' must be greater than 0", at: value)
            }
        }
        // 3.0 writes `exclusiveMinimum: true` beside `minimum`; 3.1 writes the bound itself.
        for (key, isMinimum) in [("exclusiveMinimum", true), ("exclusiveMaximum", false)] {
            guard let value = node[key] else { continue }
            if case .scalar(let text, .plain) = value.kind, text == "true" || text == "false" {
                guard text == "true" else { continue }
                if isMinimum {
                    (schema.exclusiveMinimum, schema.minimum) = (schema.minimum, nil)
                } else {
                    (schema.exclusiveMaximum, schema.maximum) = (schema.maximum, nil)
                }
            } else if isMinimum {
                schema.exclusiveMinimum = number(value, key)
            } else {
                schema.exclusiveMaximum = number(value, key)
            }
        }
        if let value = node["pattern"], let pattern = string(value, "pattern") {
            if (try? Regex(pattern)) == nil {
                error("'pattern' is not a valid regular expression: \(pattern)", at: value)
            } else {
                schema.pattern = pattern
            }
        }
        if let min = schema.minLength, let max = schema.maxLength, min > max, let minNode = node["minLength"] {
            error("'minLength' (\(min)) is greater than 'maxLength' (\(max))", at: minNode)
        }
    }
}

extension Schema {
    /// True for `{}`: no type, no properties, no constraints.
    var isUnconstrained: Bool {
        reference == nil && types.isEmpty && properties.isEmpty && items == nil && enumValues == nil && allOf.isEmpty
            && oneOf.isEmpty && anyOf.isEmpty
    }
}
