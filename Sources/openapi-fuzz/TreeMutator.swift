import Foundation

/// Mutations of a parsed document that keep it valid YAML but make it odd OpenAPI: wrong kinds of values, edge
/// numbers, missing or extra keys, unknown and cyclic `$ref`s, odd path templates, duplicate operation ids,
/// names that Swift reserves or that collide once turned into identifiers.
struct TreeMutator {
    /// Other documents to take subtrees from.
    let donors: [FuzzNode]

    /// Applies one random mutation to `tree` and says what it did.
    func mutate(_ tree: inout FuzzNode, random: inout SplitMix64) -> String {
        let nodes = tree.allNodes()
        let operations: [(weight: Int, value: Operation)] = [
            (12, .replaceScalar), (4, .replaceNode), (5, .deletePair), (2, .deleteItem), (3, .duplicatePair),
            (4, .renameKey), (2, .reorder), (4, .splice), (5, .insertPair), (2, .wrap), (5, .reference),
            (4, .operationID), (4, .pathTemplate), (8, .nameCollision), (3, .enumeration), (8, .randomSchema),
            (3, .parameter), (2, .version), (2, .security), (3, .response), (2, .deleteRequired),
        ]
        // Not every mutation applies to every document; a few tries find one that does.
        for _ in 0..<8 {
            let operation = random.weighted(operations)
            if let description = apply(operation, to: &tree, nodes: nodes, random: &random) { return description }
        }
        return apply(.replaceNode, to: &tree, nodes: nodes, random: &random) ?? "no mutation applied"
    }

    enum Operation {
        case replaceScalar, replaceNode, deletePair, deleteItem, duplicatePair, renameKey, reorder, splice, insertPair
        case wrap, reference, operationID, pathTemplate, nameCollision, enumeration, randomSchema, parameter, version
        case security, response, deleteRequired
    }

    typealias Located = FuzzNode.Located

    private static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    private static let numberKeys: Set<String> = [
        "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
        "multipleOf", "x-max-bytes", "minProperties", "maxProperties",
    ]
    private static let textKeys: Set<String> = ["description", "summary", "title", "example"]

    private func apply(
        _ operation: Operation,
        to tree: inout FuzzNode,
        nodes: [Located],
        random: inout SplitMix64
    ) -> String? {
        switch operation {
        case .replaceScalar:
            guard let target = pick(nodes.dropFirst(), random: &random, where: { $0.node.scalarText != nil }) else {
                return nil
            }
            let value = scalarValue(for: target, in: tree, random: &random)
            tree.modify(at: target.path) { $0 = value }
            return "replace \(describe(target)) with \(Self.describe(value))"
        case .replaceNode:
            guard let target = pick(nodes.dropFirst(), random: &random, where: { _ in true }) else { return nil }
            let value = randomNode(in: tree, random: &random)
            tree.modify(at: target.path) { $0 = value }
            return "replace \(describe(target)) with \(Self.describe(value))"
        case .deletePair:
            guard let target = pick(nodes, random: &random, where: { $0.node.pairs?.isEmpty == false }),
                let pairs = target.node.pairs
            else { return nil }
            let index = random.below(pairs.count)
            tree.modify(at: target.path) {
                $0 = .mapping(pairs.enumerated().filter { $0.offset != index }.map(\.element))
            }
            return "delete key '\(pairs[index].key)' of \(describe(target))"
        case .deleteItem:
            guard let target = pick(nodes, random: &random, where: { $0.node.items?.isEmpty == false }),
                let items = target.node.items
            else { return nil }
            let index = random.below(items.count)
            tree.modify(at: target.path) {
                $0 = .sequence(items.enumerated().filter { $0.offset != index }.map(\.element))
            }
            return "delete item \(index) of \(describe(target))"
        case .duplicatePair:
            guard let target = pick(nodes, random: &random, where: { $0.node.pairs?.isEmpty == false }),
                var pairs = target.node.pairs
            else { return nil }
            let index = random.below(pairs.count)
            var copy = pairs[index]
            // Now and then the very same key: YAML forbids it, so the document must be refused.
            if !random.oneIn(8) { copy.key = random.element(of: Self.variants(of: copy.key)) }
            pairs.insert(copy, at: random.int(in: 0...pairs.count))
            tree.modify(at: target.path) { $0 = .mapping(pairs) }
            return "copy key '\(pairs[index].key)' of \(describe(target)) as '\(copy.key)'"
        case .renameKey:
            guard let target = pick(nodes, random: &random, where: { $0.node.pairs?.isEmpty == false }),
                var pairs = target.node.pairs
            else { return nil }
            let index = random.below(pairs.count)
            let old = pairs[index].key
            pairs[index].key = keyName(under: target, old: old, random: &random)
            tree.modify(at: target.path) { $0 = .mapping(pairs) }
            return "rename key '\(old)' of \(describe(target)) to '\(pairs[index].key)'"
        case .reorder:
            guard
                let target = pick(
                    nodes, random: &random, where: { ($0.node.pairs?.count ?? $0.node.items?.count ?? 0) > 1 })
            else { return nil }
            tree.modify(at: target.path) { node in
                switch node {
                case .mapping(var pairs):
                    pairs.swapAt(random.below(pairs.count), random.below(pairs.count))
                    node = .mapping(pairs)
                case .sequence(var items):
                    items.swapAt(random.below(items.count), random.below(items.count))
                    node = .sequence(items)
                case .scalar:
                    break
                }
            }
            return "reorder \(describe(target))"
        case .splice:
            guard let target = pick(nodes.dropFirst(), random: &random, where: { _ in true }) else { return nil }
            let isSameDocument = donors.isEmpty || random.oneIn(3)
            let donor = isSameDocument ? tree : random.element(of: donors)
            let candidates = donor.allNodes().dropFirst()
            let sameKey = candidates.filter { $0.key != nil && $0.key == target.key }
            guard let piece = random.optionalElement(of: sameKey.isEmpty ? [Located](candidates) : sameKey) else {
                return nil
            }
            tree.modify(at: target.path) { $0 = piece.node }
            return
                "replace \(describe(target)) with \(describe(piece)) of "
                + (isSameDocument ? "the same document" : "another corpus document")
        case .insertPair:
            guard let target = pick(nodes, random: &random, where: { $0.node.pairs != nil }),
                var pairs = target.node.pairs
            else { return nil }
            let pair: FuzzPair
            if isSchema(target) {
                let keyword = random.element(of: InterestingValues.schemaKeywords)
                pair = FuzzPair(key: keyword, value: schemaKeywordValue(keyword, in: tree, random: &random))
            } else {
                let key = random.element(of: InterestingValues.keys)
                pair = FuzzPair(key: key, value: randomNode(in: tree, random: &random))
            }
            guard !pairs.contains(where: { $0.key == pair.key }) else { return nil }
            pairs.insert(pair, at: random.int(in: 0...pairs.count))
            tree.modify(at: target.path) { $0 = .mapping(pairs) }
            return "insert '\(pair.key)': \(Self.describe(pair.value)) into \(describe(target))"
        case .wrap:
            guard let target = pick(nodes.dropFirst(), random: &random, where: { _ in true }) else { return nil }
            let wrapped: FuzzNode =
                switch random.below(4) {
                case 0: .mapping([FuzzPair(key: "allOf", value: .sequence([target.node]))])
                case 1: .sequence([target.node])
                case 2:
                    .mapping([
                        FuzzPair(key: "type", value: .plain("array")), FuzzPair(key: "items", value: target.node),
                    ])
                default: .mapping([FuzzPair(key: "additionalProperties", value: target.node)])
                }
            tree.modify(at: target.path) { $0 = wrapped }
            return "wrap \(describe(target))"
        case .reference:
            return mutateReference(&tree, nodes: nodes, random: &random)
        case .operationID:
            return mutateOperationID(&tree, nodes: nodes, random: &random)
        case .pathTemplate:
            return mutatePath(&tree, nodes: nodes, random: &random)
        case .nameCollision:
            return addCollidingName(&tree, nodes: nodes, random: &random)
        case .enumeration:
            return mutateEnum(&tree, nodes: nodes, random: &random)
        case .randomSchema:
            return insertRandomSchema(&tree, nodes: nodes, random: &random)
        case .parameter:
            return insertParameter(&tree, nodes: nodes, random: &random)
        case .version:
            guard tree.pairs != nil else { return nil }
            let version = random.element(of: InterestingValues.versions)
            setKey("openapi", to: random.oneIn(4) ? .quoted(version) : .plain(version), in: &tree, at: [])
            return "set openapi to '\(version)'"
        case .security:
            return mutateSecurity(&tree, nodes: nodes, random: &random)
        case .response:
            return mutateResponse(&tree, nodes: nodes, random: &random)
        case .deleteRequired:
            let required: Set<String> = [
                "openapi", "info", "title", "version", "paths", "responses", "name", "in", "schema", "content", "type",
            ]
            guard
                let target = pick(
                    nodes, random: &random, where: { $0.node.pairs?.contains { required.contains($0.key) } == true }),
                let pairs = target.node.pairs
            else { return nil }
            let victims = pairs.filter { required.contains($0.key) }
            let victim = random.element(of: victims).key
            tree.modify(at: target.path) { $0 = .mapping(pairs.filter { $0.key != victim }) }
            return "delete required key '\(victim)' of \(describe(target))"
        }
    }

    // MARK: OpenAPI-aware mutations

    private func mutateReference(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        let schemaNames = componentNames("schemas", in: tree)
        switch random.below(5) {
        case 0:
            // An existing `$ref` pointed somewhere odd.
            guard let target = pick(nodes, random: &random, where: { $0.key == "$ref" }) else { return nil }
            let value = referenceValue(in: tree, random: &random)
            tree.modify(at: target.path) { $0 = value }
            return "point \(describe(target)) at \(Self.describe(value))"
        case 1:
            // A component schema that refers to itself, directly or through a property.
            guard let name = random.optionalElement(of: schemaNames) else { return nil }
            let reference = FuzzNode.quoted("#/components/schemas/" + Self.escapePointer(name))
            let path = ["components", "schemas", name]
            switch random.below(4) {
            case 0:
                setPath(path, to: .mapping([FuzzPair(key: "$ref", value: reference)]), in: &tree)
                return "make schema '\(name)' a reference to itself"
            case 1:
                addProperty(
                    "self", .mapping([FuzzPair(key: "$ref", value: reference)]), toSchemaAt: path, in: &tree,
                    random: &random)
                return "give schema '\(name)' a property of its own type"
            case 2:
                let array = FuzzNode.mapping([
                    FuzzPair(key: "type", value: .plain("array")),
                    FuzzPair(key: "items", value: .mapping([FuzzPair(key: "$ref", value: reference)])),
                ])
                addProperty("children", array, toSchemaAt: path, in: &tree, random: &random)
                return "give schema '\(name)' an array of its own type"
            default:
                let dictionary = FuzzNode.mapping([
                    FuzzPair(key: "type", value: .plain("object")),
                    FuzzPair(key: "additionalProperties", value: .mapping([FuzzPair(key: "$ref", value: reference)])),
                ])
                addProperty("byName", dictionary, toSchemaAt: path, in: &tree, random: &random)
                return "give schema '\(name)' a dictionary of its own type"
            }
        case 2:
            // Two component schemas that refer to each other.
            guard schemaNames.count >= 2 else { return nil }
            let first = random.element(of: schemaNames)
            let second = random.element(of: schemaNames)
            let toSecond = FuzzNode.mapping([
                FuzzPair(key: "$ref", value: .quoted("#/components/schemas/" + Self.escapePointer(second)))
            ])
            let toFirst = FuzzNode.mapping([
                FuzzPair(key: "$ref", value: .quoted("#/components/schemas/" + Self.escapePointer(first)))
            ])
            if random.oneIn(2) {
                setPath(["components", "schemas", first], to: toSecond, in: &tree)
                setPath(
                    ["components", "schemas", second],
                    to: .mapping([FuzzPair(key: "allOf", value: .sequence([toFirst]))]), in: &tree)
                return "make schemas '\(first)' and '\(second)' refer to each other"
            }
            addProperty("next", toSecond, toSchemaAt: ["components", "schemas", first], in: &tree, random: &random)
            addProperty("previous", toFirst, toSchemaAt: ["components", "schemas", second], in: &tree, random: &random)
            return "make schemas '\(first)' and '\(second)' contain each other"
        case 3:
            // A reference cycle among parameters, responses, request bodies or headers.
            let section = random.element(of: ["parameters", "responses", "requestBodies", "headers", "securitySchemes"])
            let names = componentNames(section, in: tree)
            let name = random.optionalElement(of: names) ?? "Looped"
            let other = random.optionalElement(of: names) ?? name
            let prefix = "#/components/\(section)/"
            setPath(
                ["components", section, name],
                to: .mapping([FuzzPair(key: "$ref", value: .quoted(prefix + Self.escapePointer(other)))]), in: &tree)
            if other != name {
                setPath(
                    ["components", section, other],
                    to: .mapping([FuzzPair(key: "$ref", value: .quoted(prefix + Self.escapePointer(name)))]), in: &tree)
            }
            return "make \(section) '\(name)' and '\(other)' refer to each other"
        default:
            // Any schema replaced by a reference.
            guard let target = pick(nodes, random: &random, where: isSchema) else { return nil }
            let value = FuzzNode.mapping([FuzzPair(key: "$ref", value: referenceValue(in: tree, random: &random))])
            tree.modify(at: target.path) { $0 = value }
            return "replace \(describe(target)) with \(Self.describe(value))"
        }
    }

    private func mutateOperationID(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        let operations = nodes.filter(isOperation)
        guard let target = random.optionalElement(of: operations), target.node.pairs != nil else { return nil }
        let existing = operations.compactMap { $0.node["operationId"]?.scalarText }
        let value: FuzzNode
        switch random.below(5) {
        case 0 where !existing.isEmpty:
            value = .quoted(random.element(of: existing))
        case 1 where !existing.isEmpty:
            value = .quoted(random.element(of: Self.variants(of: random.element(of: existing))))
        case 2:
            tree.modify(at: target.path) { node in
                if let pairs = node.pairs { node = .mapping(pairs.filter { $0.key != "operationId" }) }
            }
            return "delete the operationId of \(describe(target))"
        case 3:
            value = random.element(of: InterestingValues.scalars + [.mapping([]), .sequence([.plain("a")])])
        default:
            value = .quoted(random.element(of: InterestingValues.names))
        }
        setKey("operationId", to: value, in: &tree, at: target.path)
        return "set the operationId of \(describe(target)) to \(Self.describe(value))"
    }

    private func mutatePath(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        guard let paths = nodes.first(where: { $0.path.count == 1 && $0.key == "paths" }), let pairs = paths.node.pairs,
            !pairs.isEmpty
        else { return nil }
        var newPairs = pairs
        let index = random.below(pairs.count)
        let old = pairs[index].key
        let new: String
        switch random.below(4) {
        case 0:
            new = random.element(of: InterestingValues.paths)
        case 1:
            // A template parameter the operations do not declare, or a declared one renamed.
            new = old + "/{" + random.element(of: ["id", "Id", "ID", "id2", "class", "a-b", "a_b", ""]) + "}"
        case 2:
            new = old.replacingOccurrences(of: "{", with: random.element(of: ["{{", "", "x{", "{ "]))
        default:
            // Another path differing only in case or punctuation: both route, and must not clash.
            new = random.element(of: Self.variants(of: old))
        }
        if random.oneIn(2) || new == old {
            newPairs[index].key = new
        } else {
            newPairs.insert(FuzzPair(key: new, value: pairs[index].value), at: index + 1)
        }
        guard Set(newPairs.map(\.key)).count == newPairs.count || random.oneIn(8) else { return nil }
        tree.modify(at: paths.path) { $0 = .mapping(newPairs) }
        return "path '\(old)' → '\(new)'"
    }

    /// Adds a sibling whose name differs from an existing one only in case, punctuation or a suffix: after
    /// Swift naming the two may be the same identifier.
    private func addCollidingName(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        let containers: Set<String> = [
            "properties", "schemas", "responses", "headers", "securitySchemes", "parameters", "content", "paths",
        ]
        guard
            let target = pick(
                nodes, random: &random,
                where: { ($0.key.map(containers.contains) ?? false) && $0.node.pairs?.isEmpty == false }),
            var pairs = target.node.pairs
        else { return nil }
        let index = random.below(pairs.count)
        let name =
            random.oneIn(4)
            ? random.element(of: InterestingValues.names) : random.element(of: Self.variants(of: pairs[index].key))
        guard !pairs.contains(where: { $0.key == name }) else { return nil }
        var value = pairs[index].value
        // A copied operation keeps its operationId, which would only ever be a duplicate; vary it too.
        if target.key == "paths", case .mapping(var operations) = value {
            for (position, operation) in operations.enumerated() {
                guard var fields = operation.value.pairs, let id = fields.firstIndex(where: { $0.key == "operationId" })
                else { continue }
                fields[id].value = .quoted(
                    (fields[id].value.scalarText ?? "") + random.element(of: ["2", "_", "-x", "X"]))
                operations[position].value = .mapping(fields)
            }
            value = .mapping(operations)
        }
        pairs.insert(FuzzPair(key: name, value: value), at: random.int(in: 0...pairs.count))
        tree.modify(at: target.path) { $0 = .mapping(pairs) }
        if target.key == "properties", random.oneIn(2) {
            let parent = Array(target.path.dropLast())
            tree.modify(at: parent) { schema in
                guard var fields = schema.pairs else { return }
                if let index = fields.firstIndex(where: { $0.key == "required" }),
                    case .sequence(let names) = fields[index].value
                {
                    fields[index].value = .sequence(names + [.quoted(name)])
                } else {
                    fields.append(FuzzPair(key: "required", value: .sequence([.quoted(name)])))
                }
                schema = .mapping(fields)
            }
        }
        return "add '\(name)' beside '\(pairs[index].key)' in \(describe(target))"
    }

    /// Where `addManyNames` puts its names.
    enum ManyNames: CaseIterable {
        case enumValues, properties, schemas, operations

        /// How many names make a document that a linear-time generator handles in well under a second, even in a
        /// debug build.
        var count: Int {
            switch self {
            case .enumValues, .properties: 1_000
            case .schemas: 400
            case .operations: 400
            }
        }
    }

    /// Adds `count` distinct names that all become the same Swift name (`x`, `x-`, `x_`, …): making them unique
    /// must not take quadratic time.
    func addManyCollidingNames(_ tree: inout FuzzNode, count: Int, at place: ManyNames) -> String {
        let names = (0..<count).map(Self.collidingName)
        switch place {
        case .enumValues:
            let schema = FuzzNode.mapping([
                FuzzPair(key: "type", value: .plain("string")),
                FuzzPair(key: "enum", value: .sequence(names.map(FuzzNode.quoted))),
            ])
            setPath(["components", "schemas", "ManyCases"], to: schema, in: &tree)
            return "add an enum of \(count) values that collide as Swift names"
        case .properties:
            let properties = names.map {
                FuzzPair(key: $0, value: .mapping([FuzzPair(key: "type", value: .plain("string"))]))
            }
            let schema = FuzzNode.mapping([
                FuzzPair(key: "type", value: .plain("object")),
                FuzzPair(key: "properties", value: .mapping(properties)),
            ])
            setPath(["components", "schemas", "ManyProperties"], to: schema, in: &tree)
            return "add an object of \(count) properties that collide as Swift names"
        case .schemas:
            var schemas = tree["components"]?["schemas"]?.pairs ?? []
            let existing = Set(schemas.map(\.key))
            schemas += names.filter { !existing.contains($0) }.map {
                FuzzPair(
                    key: $0,
                    value: .mapping([
                        FuzzPair(key: "type", value: .plain("object")),
                        FuzzPair(key: "properties", value: .mapping([FuzzPair(key: "a", value: .mapping([]))])),
                    ]))
            }
            setPath(["components", "schemas"], to: .mapping(schemas), in: &tree)
            return "add \(count) component schemas whose names collide as Swift types"
        case .operations:
            var paths = tree["paths"]?.pairs ?? []
            let operation = FuzzNode.mapping([
                FuzzPair(
                    key: "responses",
                    value: .mapping([
                        FuzzPair(key: "204", value: .mapping([FuzzPair(key: "description", value: .quoted("x"))]))
                    ]))
            ])
            for (index, name) in names.enumerated() {
                let get = FuzzNode.mapping(
                    [FuzzPair(key: "operationId", value: .quoted(name))] + (operation.pairs ?? []))
                paths.append(FuzzPair(key: "/many\(index)", value: .mapping([FuzzPair(key: "get", value: get)])))
            }
            setPath(["paths"], to: .mapping(paths), in: &tree)
            return "add \(count) operations whose ids collide as Swift names"
        }
    }

    /// The `index`th of many distinct names that all become the Swift name `x`: `x`, `x-`, `x_`, …, `x-_`, ….
    private static func collidingName(_ index: Int) -> String {
        let separators = Array("-_.~+=!%&*")
        var name = "x"
        var rest = index
        while rest > 0 {
            name.append(separators[rest % separators.count])
            rest /= separators.count
        }
        return name
    }

    private func mutateEnum(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        if let target = pick(nodes, random: &random, where: { $0.key == "enum" && $0.node.items != nil }),
            var items = target.node.items,
            !random.oneIn(4)
        {
            let existing = items.compactMap(\.scalarText)
            let value: FuzzNode =
                switch random.below(4) {
                case 0 where !existing.isEmpty:
                    .quoted(random.element(of: Self.variants(of: random.element(of: existing))))
                case 1: random.element(of: InterestingValues.scalars + [.mapping([]), .sequence([])])
                case 2 where !existing.isEmpty: .quoted(random.element(of: existing))
                default: .quoted(random.element(of: InterestingValues.names))
                }
            items.insert(value, at: random.int(in: 0...items.count))
            tree.modify(at: target.path) { $0 = .sequence(items) }
            return "add \(Self.describe(value)) to \(describe(target))"
        }
        guard let target = pick(nodes, random: &random, where: isSchema) else { return nil }
        let values = (0..<random.int(in: 0...4)).map { _ in FuzzNode.quoted(random.element(of: InterestingValues.names))
        }
        setKey("enum", to: .sequence(values), in: &tree, at: target.path)
        return "give \(describe(target)) the enum \(Self.describe(.sequence(values)))"
    }

    /// A new property (or a replaced schema) built from random keywords: this is what reaches the code
    /// generator with odd but valid combinations.
    private func insertRandomSchema(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        let schema = randomSchema(in: tree, depth: 0, random: &random)
        if random.oneIn(3), let target = pick(nodes, random: &random, where: isSchema) {
            tree.modify(at: target.path) { $0 = schema }
            return "replace \(describe(target)) with \(Self.describe(schema))"
        }
        guard let target = pick(nodes, random: &random, where: { $0.key == "properties" && $0.node.pairs != nil }),
            var pairs = target.node.pairs
        else {
            let name = random.element(of: InterestingValues.names)
            setPath(["components", "schemas", name], to: schema, in: &tree)
            return "add component schema '\(name)': \(Self.describe(schema))"
        }
        let name = random.oneIn(2) ? random.element(of: InterestingValues.names) : "p\(random.below(100))"
        guard !pairs.contains(where: { $0.key == name }) else { return nil }
        pairs.insert(FuzzPair(key: name, value: schema), at: random.int(in: 0...pairs.count))
        tree.modify(at: target.path) { $0 = .mapping(pairs) }
        return "add property '\(name)': \(Self.describe(schema)) to \(describe(target))"
    }

    private func insertParameter(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        if random.oneIn(3),
            let target = pick(nodes, random: &random, where: { $0.parentKey == "parameters" && $0.node.pairs != nil })
        {
            let key = random.element(of: ["in", "name", "required", "schema", "style", "explode", "content"])
            let value: FuzzNode =
                switch key {
                case "in":
                    .plain(random.element(of: ["path", "query", "header", "cookie", "body", "formData", "PATH", ""]))
                case "name": .quoted(random.element(of: InterestingValues.names))
                case "required": random.element(of: InterestingValues.scalars)
                case "schema": randomSchema(in: tree, depth: 1, random: &random)
                default: randomNode(in: tree, random: &random)
                }
            setKey(key, to: value, in: &tree, at: target.path)
            return "set '\(key)' of \(describe(target)) to \(Self.describe(value))"
        }
        guard let target = pick(nodes, random: &random, where: isOperation), let fields = target.node.pairs else {
            return nil
        }
        let location = random.element(of: ["path", "query", "header", "cookie", "query", "header"])
        var parameter: [FuzzPair] = [
            FuzzPair(key: "name", value: .quoted(random.element(of: InterestingValues.names))),
            FuzzPair(key: "in", value: .plain(location)),
            FuzzPair(key: "schema", value: randomSchema(in: tree, depth: 2, random: &random)),
        ]
        if location == "path" || random.oneIn(2) { parameter.append(FuzzPair(key: "required", value: .plain("true"))) }
        if random.oneIn(4) { parameter.removeLast() }
        var list = fields.first { $0.key == "parameters" }?.value.items ?? []
        list.insert(.mapping(parameter), at: random.int(in: 0...list.count))
        setKey("parameters", to: .sequence(list), in: &tree, at: target.path)
        return "add parameter \(Self.describe(.mapping(parameter))) to \(describe(target))"
    }

    private func mutateSecurity(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        let schemes = componentNames("securitySchemes", in: tree)
        let requirement: FuzzNode =
            switch random.below(5) {
            case 0: .sequence([])
            case 1: .sequence([.mapping([])])
            case 2: .sequence([.mapping([FuzzPair(key: "nope", value: .sequence([]))])])
            case 3: .mapping([])
            default:
                .sequence(schemes.map { .mapping([FuzzPair(key: $0, value: .sequence([]))]) } + [.mapping([])])
            }
        if random.oneIn(2), let target = pick(nodes, random: &random, where: isOperation) {
            setKey("security", to: requirement, in: &tree, at: target.path)
            return "set the security of \(describe(target)) to \(Self.describe(requirement))"
        }
        if random.oneIn(2) {
            let scheme: FuzzNode =
                switch random.below(5) {
                case 0:
                    .mapping([
                        FuzzPair(key: "type", value: .plain("http")),
                        FuzzPair(key: "scheme", value: .plain(random.element(of: ["Bearer", "basic", "digest", ""]))),
                    ])
                case 1:
                    .mapping([
                        FuzzPair(key: "type", value: .plain("apiKey")),
                        FuzzPair(key: "in", value: .plain(random.element(of: ["header", "query", "cookie", "path"]))),
                        FuzzPair(key: "name", value: .quoted(random.element(of: InterestingValues.names))),
                    ])
                case 2:
                    .mapping([
                        FuzzPair(
                            key: "type",
                            value: .plain(random.element(of: ["oauth2", "openIdConnect", "mutualTLS", "basic"])))
                    ])
                case 3: .mapping([])
                default: .plain("bearer")
                }
            let name = random.element(of: InterestingValues.names)
            setPath(["components", "securitySchemes", name], to: scheme, in: &tree)
            return "add security scheme '\(name)': \(Self.describe(scheme))"
        }
        setKey("security", to: requirement, in: &tree, at: [])
        return "set the document's security to \(Self.describe(requirement))"
    }

    private func mutateResponse(_ tree: inout FuzzNode, nodes: [Located], random: inout SplitMix64) -> String? {
        if random.oneIn(2),
            let target = pick(
                nodes, random: &random, where: { $0.key == "responses" && $0.node.pairs?.isEmpty == false }),
            var pairs = target.node.pairs
        {
            let index = random.below(pairs.count)
            let status = random.element(of: InterestingValues.statuses)
            guard !pairs.contains(where: { $0.key == status }) else { return nil }
            if random.oneIn(2) {
                pairs[index].key = status
            } else {
                pairs.append(FuzzPair(key: status, value: pairs[index].value))
            }
            tree.modify(at: target.path) { $0 = .mapping(pairs) }
            return "response status '\(status)' in \(describe(target))"
        }
        guard
            let target = pick(
                nodes, random: &random, where: { $0.key == "content" && $0.node.pairs?.isEmpty == false }),
            var pairs = target.node.pairs
        else { return nil }
        let mediaType = random.element(of: InterestingValues.mediaTypes)
        guard !pairs.contains(where: { $0.key == mediaType }) else { return nil }
        let index = random.below(pairs.count)
        if random.oneIn(2) {
            pairs[index].key = mediaType
        } else {
            pairs.insert(
                FuzzPair(
                    key: mediaType,
                    value: random.oneIn(3)
                        ? .mapping([FuzzPair(key: "schema", value: randomSchema(in: tree, depth: 1, random: &random))])
                        : pairs[index].value), at: 0)
        }
        tree.modify(at: target.path) { $0 = .mapping(pairs) }
        return "media type '\(mediaType)' in \(describe(target))"
    }

    // MARK: Values

    /// A scalar that suits the key the node sits under, or any odd scalar.
    private func scalarValue(for target: Located, in tree: FuzzNode, random: inout SplitMix64) -> FuzzNode {
        if random.oneIn(6) { return random.element(of: InterestingValues.scalars) }
        let key = target.key ?? ""
        switch key {
        case "type": return typeValue(random: &random)
        case _ where Self.numberKeys.contains(key): return .plain(random.element(of: InterestingValues.numbers))
        case "format": return .quoted(random.element(of: InterestingValues.formats))
        case "pattern": return .quoted(random.element(of: InterestingValues.patterns))
        case "$ref": return referenceValue(in: tree, random: &random)
        case "openapi": return .plain(random.element(of: InterestingValues.versions))
        case "in":
            return .plain(random.element(of: ["path", "query", "header", "cookie", "body", "formData", "Query"]))
        case _ where Self.textKeys.contains(key): return .quoted(random.element(of: InterestingValues.texts))
        case "operationId", "name":
            return .quoted(
                random.element(of: Self.variants(of: target.node.scalarText ?? "") + InterestingValues.names))
        default: break
        }
        if target.parentKey == "enum" || target.parentKey == "required" {
            return .quoted(
                random.element(of: Self.variants(of: target.node.scalarText ?? "") + InterestingValues.names))
        }
        switch random.below(4) {
        case 0: return .plain(random.element(of: InterestingValues.numbers))
        case 1: return .quoted(random.element(of: InterestingValues.texts))
        case 2: return .quoted(random.element(of: Self.variants(of: target.node.scalarText ?? "")))
        default: return .quoted(random.element(of: InterestingValues.names))
        }
    }

    private func typeValue(random: inout SplitMix64) -> FuzzNode {
        if random.oneIn(2) { return .plain(random.element(of: InterestingValues.types)) }
        let count = random.int(in: 0...3)
        return .sequence((0..<count).map { _ in .plain(random.element(of: InterestingValues.types)) })
    }

    private func referenceValue(in tree: FuzzNode, random: inout SplitMix64) -> FuzzNode {
        let schemas = componentNames("schemas", in: tree)
        let known = random.optionalElement(of: schemas) ?? "Missing"
        let escaped = Self.escapePointer(known)
        let choices = [
            "#/components/schemas/\(escaped)", "#/components/schemas/\(escaped)", "#/components/schemas/Nope",
            "#/components/schemas/", "#/components/schemas", "#/components/schemas/\(escaped)/properties/id",
            "#/components/parameters/\(escaped)", "#/components/responses/\(escaped)",
            "other.yaml#/components/schemas/X",
            "#", "", "#/paths/~1tasks", "#/components/schemas/a~1b", "#/components/schemas/a~0b",
            "#/components/schemas/%20",
            "https://example.com/schema.json", "#/components/schemas/\(known.lowercased())",
            "#/components/schemas/\(known)~", "#/components/schemas/~2",
        ]
        let value = random.element(of: choices)
        return random.oneIn(8) ? random.element(of: InterestingValues.scalars) : .quoted(value)
    }

    /// A value for one schema keyword: mostly sensible, sometimes not.
    private func schemaKeywordValue(_ keyword: String, in tree: FuzzNode, random: inout SplitMix64) -> FuzzNode {
        if random.oneIn(8) { return randomNode(in: tree, random: &random) }
        switch keyword {
        case "type": return typeValue(random: &random)
        case "format": return .quoted(random.element(of: InterestingValues.formats))
        case "pattern": return .quoted(random.element(of: InterestingValues.patterns))
        case "nullable", "uniqueItems", "readOnly", "writeOnly", "x-trim":
            return .plain(random.element(of: ["true", "false", "True", "yes", "1"]))
        case _ where Self.numberKeys.contains(keyword): return .plain(random.element(of: InterestingValues.numbers))
        case "enum":
            return .sequence(
                (0..<random.int(in: 0...4)).map { _ in .quoted(random.element(of: InterestingValues.names)) })
        case "default", "example", "const":
            return random.oneIn(2)
                ? .plain(random.element(of: InterestingValues.numbers)) : randomNode(in: tree, random: &random)
        case "items", "additionalProperties", "not":
            return random.oneIn(4)
                ? .plain(random.element(of: ["true", "false"])) : randomSchema(in: tree, depth: 2, random: &random)
        case "properties":
            return .mapping([
                FuzzPair(
                    key: random.element(of: InterestingValues.names),
                    value: randomSchema(in: tree, depth: 2, random: &random))
            ])
        case "required":
            return .sequence(
                (0..<random.int(in: 0...3)).map { _ in .quoted(random.element(of: InterestingValues.names)) })
        case "allOf", "oneOf", "anyOf":
            return .sequence((0..<random.int(in: 0...2)).map { _ in randomSchema(in: tree, depth: 2, random: &random) })
        case "$ref": return referenceValue(in: tree, random: &random)
        case "description", "title": return .quoted(random.element(of: InterestingValues.texts))
        default: return randomNode(in: tree, random: &random)
        }
    }

    /// A small value of any kind.
    private func randomNode(in tree: FuzzNode, random: inout SplitMix64) -> FuzzNode {
        switch random.below(7) {
        case 0: return random.element(of: InterestingValues.scalars)
        case 1: return .mapping([])
        case 2: return .sequence([])
        case 3: return .quoted(random.element(of: InterestingValues.texts))
        case 4: return .sequence([random.element(of: InterestingValues.scalars), .mapping([])])
        case 5: return .mapping([FuzzPair(key: "$ref", value: referenceValue(in: tree, random: &random))])
        default: return randomSchema(in: tree, depth: 2, random: &random)
        }
    }

    /// A schema of random keywords, typed consistently most of the time so that it often passes the model.
    func randomSchema(in tree: FuzzNode, depth: Int, random: inout SplitMix64) -> FuzzNode {
        if random.oneIn(6) {
            return .mapping([FuzzPair(key: "$ref", value: referenceValue(in: tree, random: &random))])
        }
        var pairs: [FuzzPair] = []
        func add(_ key: String, _ value: FuzzNode) {
            if !pairs.contains(where: { $0.key == key }) { pairs.append(FuzzPair(key: key, value: value)) }
        }
        let types = ["string", "integer", "number", "boolean", "array", "object"]
        let type = depth >= 3 ? random.element(of: types.dropLast(2)) : random.element(of: types)
        switch random.below(8) {
        case 0: add("type", .sequence([.plain(type), .plain("null")]))
        case 1: add("type", typeValue(random: &random))
        case 2: break
        default: add("type", .plain(type))
        }
        if random.oneIn(4) { add("nullable", .plain(random.oneIn(4) ? "false" : "true")) }
        if random.oneIn(3) { add("description", .quoted(random.element(of: InterestingValues.texts))) }
        if random.oneIn(8) { add("readOnly", .plain("true")) }
        switch type {
        case "string":
            if random.oneIn(2) { add("format", .quoted(random.element(of: InterestingValues.formats))) }
            if random.oneIn(3) { add("minLength", .plain(random.element(of: InterestingValues.numbers))) }
            if random.oneIn(3) { add("maxLength", .plain(random.element(of: InterestingValues.numbers))) }
            if random.oneIn(3) { add("pattern", .quoted(random.element(of: InterestingValues.patterns))) }
            if random.oneIn(4) { add("x-trim", .plain("true")) }
            if random.oneIn(4) { add("x-max-bytes", .plain(random.element(of: InterestingValues.numbers))) }
            if random.oneIn(3) {
                let values = (0..<random.int(in: 1...5)).map { _ in
                    random.oneIn(5)
                        ? random.element(of: InterestingValues.scalars)
                        : .quoted(random.element(of: InterestingValues.names))
                }
                add("enum", .sequence(values))
                if random.oneIn(2) { add("default", random.element(of: values)) }
            }
            if random.oneIn(3) {
                add(
                    "default",
                    random.oneIn(2)
                        ? .quoted(random.element(of: InterestingValues.texts))
                        : random.element(of: InterestingValues.scalars))
            }
        case "integer", "number":
            if random.oneIn(2) {
                add("format", .plain(random.element(of: ["int32", "int64", "float", "double", "int8"])))
            }
            for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]
            where random.oneIn(4) {
                add(
                    key,
                    random.oneIn(5)
                        ? .plain(random.element(of: ["true", "false"]))
                        : .plain(random.element(of: InterestingValues.numbers)))
            }
            if random.oneIn(3) { add("default", .plain(random.element(of: InterestingValues.numbers))) }
        case "boolean":
            if random.oneIn(2) { add("default", random.element(of: InterestingValues.scalars)) }
        case "array":
            add("items", randomSchema(in: tree, depth: depth + 1, random: &random))
            if random.oneIn(3) { add("minItems", .plain(random.element(of: InterestingValues.numbers))) }
            if random.oneIn(3) { add("maxItems", .plain(random.element(of: InterestingValues.numbers))) }
            if random.oneIn(3) { add("uniqueItems", .plain("true")) }
            if random.oneIn(4) { add("default", random.oneIn(2) ? .sequence([]) : .sequence([.plain("1")])) }
        default:
            let count = random.int(in: 0...3)
            var names: [String] = []
            var properties: [FuzzPair] = []
            for _ in 0..<count {
                let name = random.element(of: InterestingValues.names + (names.last.map(Self.variants) ?? []))
                guard !names.contains(name) else { continue }
                names.append(name)
                properties.append(FuzzPair(key: name, value: randomSchema(in: tree, depth: depth + 1, random: &random)))
            }
            if !properties.isEmpty || random.oneIn(3) { add("properties", .mapping(properties)) }
            if random.oneIn(2) {
                let required = names.filter { _ in random.oneIn(2) } + (random.oneIn(5) ? ["notAProperty"] : [])
                add("required", .sequence(required.map { .quoted($0) }))
            }
            if random.oneIn(4) {
                add(
                    "additionalProperties",
                    random.oneIn(3)
                        ? .plain(random.element(of: ["true", "false"]))
                        : randomSchema(in: tree, depth: depth + 1, random: &random))
            }
            if random.oneIn(5) {
                let parts = (0..<random.int(in: 1...2)).map { _ in
                    randomSchema(in: tree, depth: depth + 1, random: &random)
                }
                add("allOf", .sequence(parts))
            }
        }
        if type == "integer" || type == "number" || type == "boolean", random.oneIn(4) {
            let values = (0..<random.int(in: 1...3)).map { _ in
                type == "boolean"
                    ? FuzzNode.plain(random.element(of: ["true", "false"]))
                    : .plain(random.element(of: InterestingValues.numbers))
            }
            if random.oneIn(2) { add("enum", .sequence(values)) } else { add("const", values[0]) }
        }
        if depth < 3, random.oneIn(5) { addUnion(add, in: tree, depth: depth, random: &random) }
        return .mapping(pairs)
    }

    /// A `oneOf` or `anyOf` of references and inline schemas, sometimes with a `null` member and a discriminator
    /// whose mapping names schemas by reference, by bare name, or not at all.
    private func addUnion(
        _ add: (String, FuzzNode) -> Void, in tree: FuzzNode, depth: Int, random: inout SplitMix64
    ) {
        var members = (0..<random.int(in: 1...3)).map { _ in
            randomSchema(in: tree, depth: depth + 1, random: &random)
        }
        if random.oneIn(3) { members.append(.mapping([FuzzPair(key: "type", value: .quoted("null"))])) }
        add(random.oneIn(2) ? "oneOf" : "anyOf", .sequence(members))
        guard random.oneIn(2) else { return }
        var discriminator = [FuzzPair(key: "propertyName", value: .quoted(random.element(of: InterestingValues.names)))]
        if random.oneIn(2) {
            let entries = (0..<random.int(in: 1...3)).map { _ in
                var value = referenceValue(in: tree, random: &random)
                if random.oneIn(2), case .scalar(let text, _) = value, let name = text.split(separator: "/").last {
                    value = .quoted(String(name))
                }
                return FuzzPair(key: random.element(of: InterestingValues.names), value: value)
            }
            discriminator.append(FuzzPair(key: "mapping", value: .mapping(entries)))
        }
        add("discriminator", .mapping(discriminator))
    }

    /// A new key for a pair of `mapping`: a name where the mapping holds names, else a keyword or a variant.
    private func keyName(under mapping: Located, old: String, random: inout SplitMix64) -> String {
        switch mapping.key {
        case "paths": return random.element(of: InterestingValues.paths)
        case "responses": return random.element(of: InterestingValues.statuses)
        case "content": return random.element(of: InterestingValues.mediaTypes)
        case "properties", "schemas", "parameters", "headers", "securitySchemes", "requestBodies":
            return random.oneIn(2)
                ? random.element(of: Self.variants(of: old)) : random.element(of: InterestingValues.names)
        default:
            return random.oneIn(3)
                ? random.element(of: Self.variants(of: old)) : random.element(of: InterestingValues.keys)
        }
    }

    // MARK: Tree helpers

    private func pick(
        _ nodes: some Collection<Located>,
        random: inout SplitMix64,
        where predicate: (Located) -> Bool
    ) -> Located? {
        let matching = nodes.filter(predicate)
        return matching.isEmpty ? nil : random.element(of: matching)
    }

    /// Whether the node sits where OpenAPI expects a schema.
    private func isSchema(_ located: Located) -> Bool {
        guard located.node.pairs != nil else { return false }
        if let key = located.key, ["schema", "items", "additionalProperties", "not"].contains(key) { return true }
        guard let parent = located.parentKey else { return false }
        return ["properties", "allOf", "oneOf", "anyOf", "$defs"].contains(parent)
            || (parent == "schemas" && located.path.count == 3)
    }

    private func isOperation(_ located: Located) -> Bool {
        guard let key = located.key, Self.methods.contains(key), located.node.pairs != nil else { return false }
        return located.parentKey?.hasPrefix("/") == true || located.path.count == 3
    }

    private func componentNames(_ section: String, in tree: FuzzNode) -> [String] {
        tree["components"]?[section]?.pairs?.map(\.key) ?? []
    }

    /// Sets `key` in the mapping at `path` (replacing its value, or appending the pair).
    private func setKey(_ key: String, to value: FuzzNode, in tree: inout FuzzNode, at path: FuzzNode.Path) {
        tree.modify(at: path) { node in
            guard var pairs = node.pairs else { return }
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = value
            } else {
                pairs.append(FuzzPair(key: key, value: value))
            }
            node = .mapping(pairs)
        }
    }

    /// Sets the value at a path of keys, creating mappings on the way; does nothing when a non-mapping is in the way.
    private func setPath(_ keys: [String], to value: FuzzNode, in tree: inout FuzzNode) {
        guard let first = keys.first else {
            tree = value
            return
        }
        guard var pairs = tree.pairs else { return }
        if let index = pairs.firstIndex(where: { $0.key == first }) {
            setPath(Array(keys.dropFirst()), to: value, in: &pairs[index].value)
        } else {
            var child = FuzzNode.mapping([])
            setPath(Array(keys.dropFirst()), to: value, in: &child)
            pairs.append(FuzzPair(key: first, value: child))
        }
        tree = .mapping(pairs)
    }

    private func addProperty(
        _ name: String, _ schema: FuzzNode, toSchemaAt keys: [String], in tree: inout FuzzNode, random: inout SplitMix64
    ) {
        var target = tree
        for key in keys { target = target[key] ?? .mapping([]) }
        var properties = target["properties"]?.pairs ?? []
        properties.removeAll { $0.key == name }
        properties.append(FuzzPair(key: name, value: schema))
        setPath(keys + ["properties"], to: .mapping(properties), in: &tree)
        if random.oneIn(2) {
            let required = (target["required"]?.items ?? []) + [.quoted(name)]
            setPath(keys + ["required"], to: .sequence(required), in: &tree)
        }
    }

    // MARK: Names

    /// Spellings of `name` that differ in case, punctuation or a suffix: many become the same Swift identifier.
    static func variants(of name: String) -> [String] {
        let words = name.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let camel = words.enumerated().map {
            $0.offset == 0 ? $0.element : $0.element.prefix(1).uppercased() + $0.element.dropFirst()
        }.joined()
        var result = [
            words.joined(separator: "_"), words.joined(separator: "-"), words.joined(separator: "."),
            words.joined(separator: " "),
            camel, camel.prefix(1).uppercased() + camel.dropFirst(), name.uppercased(), name.lowercased(),
            name.prefix(1).lowercased() + name.dropFirst(), name.prefix(1).uppercased() + name.dropFirst(),
            name + "2", name + "_", "_" + name, name + " ", name + "s", name + "ID", name + "_id", name + "Id",
            name.replacingOccurrences(of: "_", with: "-"), name.replacingOccurrences(of: "-", with: "_"),
            name.replacingOccurrences(of: "id", with: "ID"), name.replacingOccurrences(of: "ID", with: "Id"),
            name + "😀", "1" + name, name + "\u{301}",
        ]
        result.removeAll { $0 == name }
        return result.isEmpty ? ["x" + name] : result
    }

    static func escapePointer(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    // MARK: Descriptions for the mutation log

    private func describe(_ located: Located) -> String {
        if let key = located.key { return "'\(Self.clip(key))' at \(Self.pathText(located.path))" }
        return "node at \(Self.pathText(located.path))"
    }

    private static func pathText(_ path: FuzzNode.Path) -> String {
        path.isEmpty ? "the root" : "/" + path.map(String.init).joined(separator: "/")
    }

    static func describe(_ node: FuzzNode) -> String {
        clip(
            YAMLEmitter.emit(node, style: .flow).split(separator: "\n").map { $0.trimmingPrefixSpaces }.joined(
                separator: " "))
    }

    private static func clip(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}

extension SplitMix64 {
    /// A random element, or nil for an empty collection.
    mutating func optionalElement<C: Collection>(of collection: C) -> C.Element? {
        collection.isEmpty ? nil : element(of: collection)
    }
}

extension Substring {
    fileprivate var trimmingPrefixSpaces: Substring { drop { $0 == " " } }
}
