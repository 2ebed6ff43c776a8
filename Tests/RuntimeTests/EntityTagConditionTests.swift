import APIRuntime
import Testing

/// RFC 9110 §8.8.3 entity tags and §13.1.1–2 comparison, as `If-Match` and `If-None-Match` use them.
@Suite struct EntityTagConditionTests {
    let current = EntityTagCondition.EntityTag(opaque: "3")

    @Test func parsesStrongAndWeakTagsAndRefusesAnythingElse() {
        #expect(EntityTagCondition.EntityTag(parsing: #""3""#) == .init(opaque: "3"))
        #expect(EntityTagCondition.EntityTag(parsing: #"W/"3""#) == .init(opaque: "3", isWeak: true))
        #expect(EntityTagCondition.EntityTag(parsing: #""""#) == .init(opaque: ""))
        for text in ["3", #""3"#, #"w/"3""#, #""a b""#, #""a"b""#, "W/", ""] {
            #expect(EntityTagCondition.EntityTag(parsing: text) == nil, "\(text)")
        }
        #expect(EntityTagCondition.EntityTag(opaque: "3", isWeak: true).headerValue == #"W/"3""#)
    }

    @Test func ifMatchComparesStrongly() {
        #expect(EntityTagCondition([#""3""#]).matchesStrongly(current))
        #expect(EntityTagCondition([#""1""#, #" "3" "#]).matchesStrongly(current))
        #expect(EntityTagCondition(["*"]).matchesStrongly(current))
        #expect(!EntityTagCondition([#"W/"3""#]).matchesStrongly(current))
        #expect(!EntityTagCondition([#""3""#]).matchesStrongly(.init(opaque: "3", isWeak: true)))
        #expect(!EntityTagCondition(["3", #""4""#]).matchesStrongly(current), "a malformed item matches nothing")
        #expect(!EntityTagCondition(["*", #""4""#]).matchesStrongly(current), "* stands alone or not at all")
        #expect(!EntityTagCondition([]).matchesStrongly(current))
    }

    @Test func ifNoneMatchComparesWeakly() {
        #expect(EntityTagCondition([#"W/"3""#]).matchesWeakly(current))
        #expect(EntityTagCondition([#""3""#]).matchesWeakly(.init(opaque: "3", isWeak: true)))
        #expect(EntityTagCondition(["*"]).matchesWeakly(current))
        #expect(!EntityTagCondition([#""4""#]).matchesWeakly(current))
    }
}
