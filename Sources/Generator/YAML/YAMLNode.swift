/// A node of a parsed YAML document. Every node keeps where it came from so later stages can point at it.
package struct YAMLNode: Sendable {
    package enum ScalarStyle: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    package struct Pair: Sendable {
        package var key: YAMLNode
        package var value: YAMLNode

        package init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    package indirect enum Kind: Sendable {
        /// A scalar stays text: only the schema decides whether `200` is a number or a key.
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        /// Pairs in document order; keys are unique (duplicates are rejected by the parser).
        case mapping([Pair])
    }

    package var kind: Kind
    package var location: SourceLocation

    package init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

extension YAMLNode {
    /// The scalar's text, or `nil` for a sequence or mapping.
    package var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// True for a plain scalar that YAML 1.2's core schema reads as null (`~`, `null`, empty).
    package var isNull: Bool {
        if case .scalar(let text, .plain) = kind { return ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    /// A mapping's pairs, or `nil` for a scalar or sequence.
    package var pairs: [Pair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// A sequence's items, or `nil` for a scalar or mapping.
    package var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The value under a scalar key of a mapping.
    package subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar == key }?.value
    }

    /// What a diagnostic calls this node's kind: "a mapping", "a sequence", "a string".
    package var kindDescription: String {
        switch kind {
        case .scalar: "a scalar"
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}
