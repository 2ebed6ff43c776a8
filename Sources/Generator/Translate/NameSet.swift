/// Swift names already taken in one scope, handing out unique ones: `name`, then `name2`, `name3`, …
///
/// It remembers the next free suffix of every base name, so claiming n colliding names costs O(n), not O(n²).
struct NameSet: ExpressibleByArrayLiteral {
    private var taken: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    init(arrayLiteral names: String...) {
        taken = Set(names)
    }

    /// A scope of type names, where a type named like one the generated code spells unqualified (`String`,
    /// `Date`, `Validator`, …) would shadow it for every declaration in the scope: those names are taken.
    static func types(_ names: String...) -> NameSet {
        var set = NameSet()
        set.taken = Set(names).union(SwiftNaming.typesSpelledUnqualified)
        return set
    }

    func contains(_ name: String) -> Bool { taken.contains(name.trimmingBackticks) }

    mutating func remove(_ name: String) {
        taken.remove(name.trimmingBackticks)
    }

    /// `name` if free, else `name` with the smallest free numeric suffix; the result is taken from then on.
    mutating func claim(_ name: String) -> String {
        let bare = name.trimmingBackticks
        guard taken.contains(bare) else {
            taken.insert(bare)
            return name
        }
        var suffix = nextSuffix[bare] ?? 2
        while taken.contains(bare + "\(suffix)") { suffix += 1 }
        nextSuffix[bare] = suffix + 1
        taken.insert(bare + "\(suffix)")
        return bare + "\(suffix)"
    }
}
