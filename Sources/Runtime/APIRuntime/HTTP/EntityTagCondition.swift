/// An `If-Match` or `If-None-Match` precondition (RFC 9110 §13.1.1–2): `*`, or a list of entity tags.
///
/// Built from the header's list items as the generated router splits them at commas. An item that is not an
/// entity tag (`"…"` or `W/"…"` of `etagc` characters) matches nothing, so a malformed header can make a
/// precondition fail but never pass.
public struct EntityTagCondition: Sendable, Hashable {
    /// One entity tag (RFC 9110 §8.8.3): its opaque text between the quotes, and whether it is weak (`W/`).
    public struct EntityTag: Sendable, Hashable {
        public var opaque: String
        public var isWeak: Bool

        public init(opaque: String, isWeak: Bool = false) {
            self.opaque = opaque
            self.isWeak = isWeak
        }

        /// `"opaque"` or `W/"opaque"`, or `nil` when `text` is neither.
        public init?(parsing text: some StringProtocol) {
            var text = Substring(text)
            isWeak = text.hasPrefix("W/")
            if isWeak { text = text.dropFirst(2) }
            guard text.count >= 2, text.first == "\"", text.last == "\"" else { return nil }
            let opaque = text.dropFirst().dropLast()
            // etagc = %x21 / %x23-7E / obs-text: no space, no quote, no control character.
            guard
                opaque.unicodeScalars.allSatisfy({
                    $0 == "\u{21}" || ("\u{23}"..."\u{7E}").contains($0) || $0.value >= 0x80
                })
            else { return nil }
            self.opaque = String(opaque)
        }

        /// The header form, `"opaque"` or `W/"opaque"`.
        public var headerValue: String { (isWeak ? "W/" : "") + "\"" + opaque + "\"" }
    }

    /// `true` for `*`: any current representation matches.
    public let matchesAny: Bool
    /// The tags listed; those that did not parse are left out.
    public let tags: [EntityTag]

    /// The condition the list items of one header state.
    public init(_ items: [String]) {
        let trimmed = items.map { $0.trimmingASCIISpaces() }.filter { !$0.isEmpty }
        matchesAny = trimmed == ["*"]
        tags = matchesAny ? [] : trimmed.compactMap { EntityTag(parsing: $0) }
    }

    /// `If-Match`'s test: strong comparison, so a weak tag on either side never matches.
    public func matchesStrongly(_ current: EntityTag) -> Bool {
        matchesAny || (!current.isWeak && tags.contains { !$0.isWeak && $0.opaque == current.opaque })
    }

    /// `If-None-Match`'s test: weak comparison, the opaque texts alone.
    public func matchesWeakly(_ current: EntityTag) -> Bool {
        matchesAny || tags.contains { $0.opaque == current.opaque }
    }
}
