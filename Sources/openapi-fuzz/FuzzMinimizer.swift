internal import Generator

/// Shrinks a failing input to a small one that fails the same way, for a bug report or a regression fixture.
///
/// A document that parses is reduced as a tree (dropping keys and items, emptying collections), which keeps it
/// valid YAML; anything else, or a failure that depends on how the text is written, is reduced by lines.
struct FuzzMinimizer {
    let fuzzer: Fuzzer

    /// The smallest input found that still fails with the same kinds of problems as `bytes`, or nil when `bytes`
    /// does not fail at all.
    func minimize(_ bytes: [UInt8]) -> [UInt8]? {
        let target = signature(of: bytes)
        guard !target.isEmpty else { return nil }
        func fails(_ candidate: [UInt8]) -> Bool { signature(of: candidate).isSuperset(of: target) }

        var diagnostics = Diagnostics()
        if let root = YAMLParser.parse(bytes, file: Fuzzer.specPath, diagnostics: &diagnostics), !diagnostics.hasErrors
        {
            let tree = FuzzNode(root)
            if fails(Array(YAMLEmitter.emit(tree, style: .block).utf8)) {
                let smaller = reduceTree(tree) { fails(Array(YAMLEmitter.emit($0, style: .block).utf8)) }
                return reduceLines(Array(YAMLEmitter.emit(smaller, style: .block).utf8), fails)
            }
        }
        return reduceLines(bytes, fails)
    }

    /// The kinds of problems an input has: each problem with its numbers and quoted details dropped, so that
    /// "line 12" and "line 3" count as the same failure.
    private func signature(of bytes: [UInt8]) -> Set<String> {
        let input = Fuzzer.Input(bytes: bytes, family: .original, mutations: [])
        return Set(
            fuzzer.check(input).problems.map { problem in
                let kind = problem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? problem
                return String(kind.filter { !$0.isNumber })
            }
        )
    }

    /// Drops whatever subtrees can go, parents before children, until nothing more can.
    private func reduceTree(_ tree: FuzzNode, _ fails: (FuzzNode) -> Bool) -> FuzzNode {
        var best = tree
        var changed = true
        while changed {
            changed = false
            var nodes = best.allNodes()
            var index = 1
            while index < nodes.count {
                let located = nodes[index]
                var candidates = [best.removing(at: located.path)]
                switch located.node {
                case .mapping(let pairs) where !pairs.isEmpty:
                    candidates.append(best.replacing(at: located.path, with: .mapping([])))
                case .sequence(let items) where !items.isEmpty:
                    candidates.append(best.replacing(at: located.path, with: .sequence([])))
                default:
                    break
                }
                if let smaller = candidates.first(where: fails) {
                    // What followed the removed node now stands at `index`.
                    best = smaller
                    nodes = best.allNodes()
                    changed = true
                } else {
                    index += 1
                }
            }
        }
        return best
    }

    /// Delta debugging over lines: removes ever smaller runs of lines while the input still fails.
    private func reduceLines(_ bytes: [UInt8], _ fails: ([UInt8]) -> Bool) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        func joined(_ lines: [[UInt8]]) -> [UInt8] { Array(lines.joined(separator: [0x0A])) }
        var chunk = max(lines.count / 2, 1)
        while true {
            var start = 0
            var removedAny = false
            while start < lines.count {
                var candidate = lines
                candidate.removeSubrange(start..<min(start + chunk, lines.count))
                if fails(joined(candidate)) {
                    lines = candidate
                    removedAny = true
                } else {
                    start += chunk
                }
            }
            if chunk == 1 && !removedAny { break }
            chunk = max(chunk / 2, 1)
        }
        return joined(lines)
    }
}

extension FuzzNode {
    /// The tree without the node at `path` (its pair or item removed from the parent).
    func removing(at path: Path) -> FuzzNode {
        guard let last = path.last else { return self }
        var copy = self
        copy.modify(at: path.dropLast()) { parent in
            switch parent {
            case .mapping(var pairs) where pairs.indices.contains(last):
                pairs.remove(at: last)
                parent = .mapping(pairs)
            case .sequence(var items) where items.indices.contains(last):
                items.remove(at: last)
                parent = .sequence(items)
            default:
                break
            }
        }
        return copy
    }

    func replacing(at path: Path, with node: FuzzNode) -> FuzzNode {
        var copy = self
        copy.modify(at: path) { $0 = node }
        return copy
    }
}
