import Foundation

/// Reading typed values out of YAML nodes, with a diagnostic for every wrong shape.
extension ModelBuilder {
    mutating func error(_ message: String, at node: YAMLNode) {
        diagnostics.error(message, at: node.location)
    }

    mutating func warning(_ message: String, at node: YAMLNode) {
        diagnostics.warning(message, at: node.location)
    }

    /// The node's pairs, or an error naming what should have been a mapping.
    mutating func mapping(_ node: YAMLNode, _ what: String) -> [YAMLNode.Pair]? {
        if let pairs = node.pairs { return pairs }
        error("\(what) must be a mapping, not \(node.kindDescription)", at: node)
        return nil
    }

    mutating func sequence(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        if let items = node.items { return items }
        error("'\(what)' must be a sequence, not \(node.kindDescription)", at: node)
        return nil
    }

    mutating func string(_ node: YAMLNode, _ what: String) -> String? {
        if let text = node.scalar { return text }
        error("'\(what)' must be a string, not \(node.kindDescription)", at: node)
        return nil
    }

    mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        if case .scalar(let text, .plain) = node.kind {
            switch text {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        error("'\(what)' must be true or false", at: node)
        return nil
    }

    mutating func nonNegativeInt(_ node: YAMLNode, _ what: String) -> Int? {
        if case .scalar(let text, .plain) = node.kind, let value = Int(text), value >= 0 { return value }
        error("'\(what)' must be a non-negative integer", at: node)
        return nil
    }

    mutating func number(_ node: YAMLNode, _ what: String) -> Double? {
        if case .scalar(let text, .plain) = node.kind, let value = Double(text), value.isFinite,
            text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" }) == true
        {
            return value
        }
        error("'\(what)' must be a number", at: node)
        return nil
    }

    /// The value under `key`, or an error that it is missing.
    mutating func require(_ key: String, in node: YAMLNode, _ what: String) -> YAMLNode? {
        if let value = node[key] { return value }
        error("missing required key '\(key)' in \(what)", at: node)
        return nil
    }

    /// Warns about keys the generator does not know; `x-` extensions are always allowed.
    mutating func warnUnknownKeys(_ pairs: [YAMLNode.Pair], known: Set<String>, in what: String) {
        for pair in pairs {
            guard let key = pair.key.scalar, !key.hasPrefix("x-"), !known.contains(key) else { continue }
            warning("unknown key '\(key)' in \(what) ignored", at: pair.key)
        }
    }

    /// Follows a `$ref` to `#/components/<section>/<name>`, through chains of references, detecting cycles.
    /// - Returns: the referenced node, or `node` itself when it is not a reference; `nil` after an error.
    mutating func resolve(_ node: YAMLNode, section: String) -> YAMLNode? {
        var current = node
        var visited: [String] = []
        while let refNode = current["$ref"] {
            guard let ref = string(refNode, "$ref") else { return nil }
            let prefix = "#/components/\(section)/"
            guard ref.hasPrefix(prefix) else {
                error("unsupported reference '\(ref)' (expected '\(prefix)NAME')", at: refNode)
                return nil
            }
            let name = Self.unescapePointer(String(ref.dropFirst(prefix.count)))
            if visited.contains(name) {
                error("reference cycle: " + (visited + [name]).joined(separator: " → "), at: refNode)
                return nil
            }
            visited.append(name)
            guard let target = components[section]?[name] else {
                error("unknown reference '\(ref)'", at: refNode)
                return nil
            }
            current = target
        }
        return current
    }

    static func unescapePointer(_ token: String) -> String {
        token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
