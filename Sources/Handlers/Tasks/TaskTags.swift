/// A task's tags as the API stores them: de-duplicated case-insensitively, keeping the first spelling and the order.
/// `keys` are the same tags lower-cased, which the `tag` filter compares against.
struct TaskTags: Sendable, Hashable {
    let spellings: [String]
    let keys: [String]

    /// `tags` as the generated decoder left them: each trimmed and 1–50 characters long, at most 20.
    init(_ tags: [String]) {
        var spellings: [String] = []
        var keys: [String] = []
        for tag in tags {
            let key = Self.key(tag)
            guard !keys.contains(key) else { continue }
            spellings.append(tag)
            keys.append(key)
        }
        self.spellings = spellings
        self.keys = keys
    }

    /// What a tag is compared by: Unicode lower-casing, so `Work`, `WORK` and `work` are one tag.
    static func key(_ tag: String) -> String {
        tag.lowercased()
    }
}
