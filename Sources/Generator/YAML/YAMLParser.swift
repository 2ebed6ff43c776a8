/// Stage 1 of the pipeline: YAML bytes to a `YAMLNode` tree, with every problem as a diagnostic.
package enum YAMLParser {
    /// Deeper documents are rejected rather than risking the stack of every later, recursive stage.
    static let maximumDepth = 256
    /// Caps what aliases may add to the tree, so a "billion laughs" document cannot exhaust time or memory.
    static let maximumAliasExpansion = 100_000

    /// Parses one YAML document into a node tree; every problem is added to `diagnostics`. Returns nil when the
    /// document could not be read at all.
    package static func parse(_ bytes: [UInt8], file: String, diagnostics: inout Diagnostics) -> YAMLNode? {
        var builder = TreeBuilder(file: file)
        do throws(YAMLParseError) {
            let reader = try YAMLEventReader(bytes: bytes, file: file)
            while try builder.consume(reader.next(), diagnostics: &diagnostics) {}
        } catch {
            diagnostics.error(error.message, at: error.location)
            return nil
        }
        return builder.finish(diagnostics: &diagnostics)
    }
}

/// Builds the tree from events with an explicit stack of open collections, so input depth never becomes
/// recursion depth.
private struct TreeBuilder {
    /// A finished node with what the limits need to know about it.
    private struct Subtree {
        var node: YAMLNode
        /// The node plus everything in it, aliases counted as expanded.
        var nodeCount: Int
        /// Collections on the longest path down from the node, aliases counted as expanded: 0 for a scalar.
        var depth: Int
    }

    private enum AnchorState {
        /// The anchored collection is still open; an alias to it would contain itself.
        case building
        case complete(Subtree)
    }

    private enum PendingKey {
        case none
        case key(YAMLNode)
        /// The key was rejected with a diagnostic; its value is read and dropped.
        case rejected
    }

    private struct OpenCollection {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey = PendingKey.none
        var firstKeyLocations: [String: SourceLocation] = [:]
        var nodeCount = 1
        var depth = 1

        mutating func count(_ subtree: Subtree) {
            nodeCount += subtree.nodeCount
            depth = max(depth, subtree.depth + 1)
        }
    }

    private static let coreSchemaTags: Set<String> = Set(
        ["str", "int", "bool", "null", "float", "map", "seq"].map { "tag:yaml.org,2002:" + $0 }
    )

    private let file: String
    private var stack: [OpenCollection] = []
    private var anchors: [String: AnchorState] = [:]
    private var aliasExpansion = 0
    private var hasDocument = false
    private var root: YAMLNode?

    init(file: String) {
        self.file = file
    }

    /// Takes one event; returns false once nothing more should be read.
    mutating func consume(_ event: YAMLEvent, diagnostics: inout Diagnostics) throws(YAMLParseError) -> Bool {
        switch event.kind {
        case .streamStart, .documentEnd:
            return true
        case .streamEnd:
            return false
        case .documentStart:
            guard !hasDocument else {
                diagnostics.error("multiple YAML documents are not supported", at: event.location)
                return false
            }
            hasDocument = true
            return true
        case .alias(let name):
            try resolveAlias(name, at: event.location, diagnostics: &diagnostics)
            return true
        case .scalar(let text, let style, let properties):
            checkTag(properties.tag, at: event.location, diagnostics: &diagnostics)
            let scalar = Subtree(node: YAMLNode(.scalar(text, style), at: event.location), nodeCount: 1, depth: 0)
            if let anchor = properties.anchor {
                anchors[anchor] = .complete(scalar)
            }
            attach(scalar, reportedAt: event.location, diagnostics: &diagnostics)
            return true
        case .sequenceStart(let properties):
            try open(isMapping: false, properties, at: event.location, diagnostics: &diagnostics)
            return true
        case .mappingStart(let properties):
            try open(isMapping: true, properties, at: event.location, diagnostics: &diagnostics)
            return true
        case .sequenceEnd, .mappingEnd:
            close(diagnostics: &diagnostics)
            return true
        }
    }

    /// The document's root, or nil (with an error) when there is none worth reading.
    func finish(diagnostics: inout Diagnostics) -> YAMLNode? {
        if hasDocument {
            // Without a root, the root was an alias that already has its own diagnostic.
            guard let root else { return nil }
            if !root.isEmptyPlainScalar { return root }
        }
        diagnostics.error("the document is empty", at: SourceLocation(file: file, line: 1, column: 1))
        return nil
    }

    private mutating func open(
        isMapping: Bool,
        _ properties: YAMLEvent.Properties,
        at location: SourceLocation,
        diagnostics: inout Diagnostics
    ) throws(YAMLParseError) {
        guard stack.count < YAMLParser.maximumDepth else { throw Self.nestingTooDeep(at: location) }
        checkTag(properties.tag, at: location, diagnostics: &diagnostics)
        if let anchor = properties.anchor {
            anchors[anchor] = .building
        }
        stack.append(OpenCollection(isMapping: isMapping, location: location, anchor: properties.anchor))
    }

    private mutating func close(diagnostics: inout Diagnostics) {
        guard let collection = stack.popLast() else { return }
        let node =
            collection.isMapping
            ? YAMLNode(.mapping(collection.pairs), at: collection.location)
            : YAMLNode(.sequence(collection.items), at: collection.location)
        let subtree = Subtree(node: node, nodeCount: collection.nodeCount, depth: collection.depth)
        // Only if no nested node redefined the anchor meanwhile: an alias refers to the latest definition.
        if let anchor = collection.anchor, case .building = anchors[anchor] {
            anchors[anchor] = .complete(subtree)
        }
        attach(subtree, reportedAt: collection.location, diagnostics: &diagnostics)
    }

    private mutating func resolveAlias(
        _ name: String,
        at location: SourceLocation,
        diagnostics: inout Diagnostics
    ) throws(YAMLParseError) {
        switch anchors[name] {
        case nil:
            diagnostics.error("unknown alias '*\(name)'", at: location)
            attach(nil, reportedAt: location, diagnostics: &diagnostics)
        case .building:
            diagnostics.error("alias '*\(name)' refers to a node that contains it", at: location)
            attach(nil, reportedAt: location, diagnostics: &diagnostics)
        case .complete(let subtree):
            aliasExpansion += subtree.nodeCount
            guard aliasExpansion <= YAMLParser.maximumAliasExpansion else {
                throw YAMLParseError(
                    message: "alias expansion exceeds \(YAMLParser.maximumAliasExpansion) nodes",
                    location: location
                )
            }
            // The copy counts as nested where it lands, so later stages may rely on the limit without
            // re-checking it.
            guard stack.count + subtree.depth <= YAMLParser.maximumDepth else {
                throw Self.nestingTooDeep(at: location)
            }
            attach(subtree, reportedAt: location, diagnostics: &diagnostics)
        }
    }

    private static func nestingTooDeep(at location: SourceLocation) -> YAMLParseError {
        YAMLParseError(message: "nesting deeper than \(YAMLParser.maximumDepth) levels", location: location)
    }

    /// Adds a finished node to the innermost open collection, or makes it the root. A nil subtree stands for a
    /// node rejected with a diagnostic; it still fills its key or value slot, so the pairs stay aligned.
    /// - Parameter reportedAt: where diagnostics about this node point: the alias, for a substituted copy.
    private mutating func attach(
        _ subtree: Subtree?,
        reportedAt location: SourceLocation,
        diagnostics: inout Diagnostics
    ) {
        guard let last = stack.indices.last else {
            root = subtree?.node
            return
        }
        guard stack[last].isMapping else {
            if let subtree {
                stack[last].items.append(subtree.node)
                stack[last].count(subtree)
            }
            return
        }
        switch stack[last].pendingKey {
        case .none:
            let pendingKey = Self.acceptKey(subtree?.node, at: location, in: &stack[last], diagnostics: &diagnostics)
            stack[last].pendingKey = pendingKey
            if case .key = pendingKey, let subtree {
                stack[last].count(subtree)
            }
        case .key(let key):
            if let subtree {
                stack[last].pairs.append(YAMLNode.Pair(key: key, value: subtree.node))
                stack[last].count(subtree)
            }
            stack[last].pendingKey = .none
        case .rejected:
            stack[last].pendingKey = .none
        }
    }

    private static func acceptKey(
        _ node: YAMLNode?,
        at location: SourceLocation,
        in mapping: inout OpenCollection,
        diagnostics: inout Diagnostics
    ) -> PendingKey {
        guard let node else { return .rejected }
        guard let text = node.scalar else {
            diagnostics.error("mapping keys must be scalars", at: location)
            return .rejected
        }
        if let first = mapping.firstKeyLocations[text] {
            diagnostics.error(
                "duplicate key '\(text)' (first defined at line \(first.line), column \(first.column))",
                at: location
            )
            return .rejected
        }
        mapping.firstKeyLocations[text] = location
        return .key(node)
    }

    /// Scalars stay text until the schema decides, so the core schema's tags add nothing and are accepted
    /// silently; any other tag would change meaning we do not implement.
    private func checkTag(_ tag: String?, at location: SourceLocation, diagnostics: inout Diagnostics) {
        guard let tag, !Self.coreSchemaTags.contains(tag) else { return }
        let secondaryPrefix = "tag:yaml.org,2002:"
        let written =
            if tag.hasPrefix(secondaryPrefix) {
                "!!" + tag.dropFirst(secondaryPrefix.count)
            } else if tag.hasPrefix("!") {
                tag
            } else {
                "!<\(tag)>"
            }
        diagnostics.warning("unsupported tag '\(written)' ignored", at: location)
    }
}

extension YAMLNode {
    fileprivate var isEmptyPlainScalar: Bool {
        if case .scalar("", .plain) = kind { return true }
        return false
    }
}
