internal import Generator

/// A YAML tree the mutators can edit: `YAMLNode` without source locations, with keys as plain text.
///
/// A scalar keeps only whether it was plain, because that is all the generator distinguishes (`true` is a
/// Boolean, `"true"` a string); every other style is written back double-quoted.
indirect enum FuzzNode: Sendable {
    case scalar(String, isPlain: Bool)
    case sequence([FuzzNode])
    case mapping([FuzzPair])

    /// A step from a collection to one of its children: the index of an item or of a pair (whose value it is).
    typealias Path = [Int]

    /// A plain scalar: `12`, `true`, `string`.
    static func plain(_ text: String) -> FuzzNode { .scalar(text, isPlain: true) }

    /// A double-quoted scalar: always a string to the generator.
    static func quoted(_ text: String) -> FuzzNode { .scalar(text, isPlain: false) }

    init(_ node: YAMLNode) {
        switch node.kind {
        case .scalar(let text, let style):
            self = .scalar(text, isPlain: style == .plain)
        case .sequence(let items):
            self = .sequence(items.map(FuzzNode.init))
        case .mapping(let pairs):
            self = .mapping(pairs.map { FuzzPair(key: $0.key.scalar ?? "", value: FuzzNode($0.value)) })
        }
    }

    var pairs: [FuzzPair]? {
        if case .mapping(let pairs) = self { return pairs }
        return nil
    }

    var items: [FuzzNode]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    var scalarText: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    /// The value under `key` of a mapping.
    subscript(key: String) -> FuzzNode? {
        pairs?.first { $0.key == key }?.value
    }

    /// The node at `path`, or nil when the path leads nowhere.
    func node(at path: some Collection<Int>) -> FuzzNode? {
        guard let first = path.first else { return self }
        switch self {
        case .scalar:
            return nil
        case .sequence(let items):
            return items.indices.contains(first) ? items[first].node(at: path.dropFirst()) : nil
        case .mapping(let pairs):
            return pairs.indices.contains(first) ? pairs[first].value.node(at: path.dropFirst()) : nil
        }
    }

    /// Edits the node at `path` in place; does nothing when the path leads nowhere.
    mutating func modify(at path: some Collection<Int>, _ body: (inout FuzzNode) -> Void) {
        guard let first = path.first else {
            body(&self)
            return
        }
        switch self {
        case .scalar:
            return
        case .sequence(var items):
            guard items.indices.contains(first) else { return }
            // Drop this enum's reference to the array so the edit below does not copy it.
            self = .scalar("", isPlain: true)
            items[first].modify(at: path.dropFirst(), body)
            self = .sequence(items)
        case .mapping(var pairs):
            guard pairs.indices.contains(first) else { return }
            self = .scalar("", isPlain: true)
            pairs[first].value.modify(at: path.dropFirst(), body)
            self = .mapping(pairs)
        }
    }

    /// Every node with its path and the key it sits under (nil for sequence items and the root), parents first.
    func allNodes() -> [Located] {
        var result: [Located] = []
        collect(path: [], key: nil, parentKey: nil, into: &result)
        return result
    }

    struct Located {
        var path: Path
        var node: FuzzNode
        /// The mapping key this node is the value of.
        var key: String?
        /// The key of the mapping that holds this node, or of the sequence's parent for sequence items.
        var parentKey: String?
    }

    private func collect(path: Path, key: String?, parentKey: String?, into result: inout [Located]) {
        result.append(Located(path: path, node: self, key: key, parentKey: parentKey))
        switch self {
        case .scalar:
            break
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                item.collect(path: path + [index], key: nil, parentKey: key ?? parentKey, into: &result)
            }
        case .mapping(let pairs):
            for (index, pair) in pairs.enumerated() {
                pair.value.collect(path: path + [index], key: pair.key, parentKey: key, into: &result)
            }
        }
    }

    /// Collections on the longest path down from this node: 0 for a scalar.
    var depth: Int {
        switch self {
        case .scalar: 0
        case .sequence(let items): 1 + (items.map(\.depth).max() ?? 0)
        case .mapping(let pairs): 1 + (pairs.map(\.value.depth).max() ?? 0)
        }
    }

    /// The node and everything in it.
    var nodeCount: Int {
        switch self {
        case .scalar: 1
        case .sequence(let items): 1 + items.reduce(0) { $0 + $1.nodeCount }
        case .mapping(let pairs): 1 + pairs.reduce(0) { $0 + 1 + $1.value.nodeCount }
        }
    }

    /// Whether some mapping in the tree has the same key twice (which YAML, and so the parser, rejects).
    var hasDuplicateKeys: Bool {
        switch self {
        case .scalar:
            return false
        case .sequence(let items):
            return items.contains { $0.hasDuplicateKeys }
        case .mapping(let pairs):
            var seen = Set<String>()
            return pairs.contains { !seen.insert($0.key).inserted || $0.value.hasDuplicateKeys }
        }
    }

    /// Where `reread`, what a YAML parser read back from this tree once emitted, differs from it: the path and
    /// both nodes, or nil when it is the same tree. Alike are shape, keys, text and whether a scalar is plain
    /// (where the emitter can write it plain), with every plain spelling of null (``, `~`, `null`) the same.
    func difference(from reread: FuzzNode, at path: Path = []) -> String? {
        let place = path.isEmpty ? "the root" : "/" + path.map(String.init).joined(separator: "/")
        switch (self, reread) {
        case (.scalar(let text, let isPlain), .scalar(let otherText, let otherIsPlain)):
            // The emitter quotes plain text it cannot write plain; only nulls, Booleans and numbers must stay plain.
            let isWrittenPlain = isPlain && (text.isEmpty || YAMLEmitter.isSafePlain(text))
            let isSame =
                isWrittenPlain == otherIsPlain
                && (text == otherText
                    || (isPlain && Self.nullSpellings.contains(text) && Self.nullSpellings.contains(otherText)))
            return isSame ? nil : "at \(place): \(Self.show(self)) read back as \(Self.show(reread))"
        case (.sequence(let items), .sequence(let otherItems)):
            guard items.count == otherItems.count else {
                return "at \(place): \(items.count) items read back as \(otherItems.count)"
            }
            for (index, pair) in zip(items, otherItems).enumerated() {
                if let difference = pair.0.difference(from: pair.1, at: path + [index]) { return difference }
            }
            return nil
        case (.mapping(let pairs), .mapping(let otherPairs)):
            guard pairs.count == otherPairs.count else {
                return "at \(place): \(pairs.count) pairs read back as \(otherPairs.count)"
            }
            for (index, pair) in zip(pairs, otherPairs).enumerated() {
                guard pair.0.key == pair.1.key else {
                    return
                        "at \(place): key \(YAMLEmitter.doubleQuoted(pair.0.key)) read back as "
                        + YAMLEmitter.doubleQuoted(pair.1.key)
                }
                if let difference = pair.0.value.difference(from: pair.1.value, at: path + [index]) {
                    return difference
                }
            }
            return nil
        default:
            return "at \(place): \(Self.show(self)) read back as \(Self.show(reread))"
        }
    }

    private static func show(_ node: FuzzNode) -> String {
        switch node {
        case .scalar(let text, let isPlain):
            let quoted = YAMLEmitter.doubleQuoted(text.count > 60 ? String(text.prefix(60)) + "…" : text)
            return (isPlain ? "plain " : "quoted ") + quoted
        case .sequence(let items): return "a sequence of \(items.count)"
        case .mapping(let pairs): return "a mapping of \(pairs.count)"
        }
    }

    static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]
}

struct FuzzPair: Sendable {
    var key: String
    var value: FuzzNode
}
