/// What the served `/openapi.json` adds to the document so that tools which do not know our vendor extensions
/// agree with the server: `x-trim: true` with `minLength` ≥ 1 also means "contains a character that is not
/// whitespace", which JSON Schema can say as a pattern. The class lists Unicode's White_Space characters, the ones
/// Swift trims, rather than `\S`, whose meaning differs between regex engines.
enum ImpliedKeywords {
    static let nonWhitespace =
        #"[^\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"#

    /// The document with the implied keywords added; nodes that need none are returned as they are.
    static func adding(to node: YAMLNode) -> YAMLNode {
        switch node.kind {
        case .scalar:
            return node
        case .sequence(let items):
            return YAMLNode(.sequence(items.map(adding)), at: node.location)
        case .mapping(let pairs):
            var pairs = pairs.map { YAMLNode.Pair(key: $0.key, value: adding(to: $0.value)) }
            guard node["x-trim"]?.scalar == "true", let minimum = node["minLength"]?.scalar.flatMap({ Int($0) }),
                minimum >= 1
            else { return YAMLNode(.mapping(pairs), at: node.location) }
            let pattern = YAMLNode(.scalar(nonWhitespace, .singleQuoted), at: node.location)
            func key(_ text: String) -> YAMLNode { YAMLNode(.scalar(text, .plain), at: node.location) }
            if node["pattern"] == nil {
                pairs.append(.init(key: key("pattern"), value: pattern))
            } else {
                // One schema holds one pattern: the second goes into an allOf beside it.
                let part = YAMLNode(.mapping([.init(key: key("pattern"), value: pattern)]), at: node.location)
                if let index = pairs.firstIndex(where: { $0.key.scalar == "allOf" }),
                    case .sequence(let parts) = pairs[index].value.kind
                {
                    pairs[index].value = YAMLNode(.sequence(parts + [part]), at: pairs[index].value.location)
                } else {
                    pairs.append(.init(key: key("allOf"), value: YAMLNode(.sequence([part]), at: node.location)))
                }
            }
            return YAMLNode(.mapping(pairs), at: node.location)
        }
    }
}
