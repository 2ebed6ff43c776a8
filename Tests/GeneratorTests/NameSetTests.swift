import Testing

@testable import Generator

@Suite struct NameSetTests {
    @Test func collidingNamesGetTheSmallestFreeSuffix() {
        var names: NameSet = ["task2"]
        #expect(names.claim("task") == "task")
        #expect(names.claim("task") == "task3")
        #expect(names.claim("task") == "task4")
        #expect(names.claim("`default`") == "`default`")
        #expect(names.claim("default") == "default2")
        names.remove("task3")
        #expect(names.contains("task4") && !names.contains("task3"))
    }

    /// 20,000 names that all collide: linear, so this stays instant (the fuzzer found the quadratic version).
    @Test func manyCollisionsStayLinear() {
        var names: NameSet = []
        let claimed = (0..<20_000).map { _ in names.claim("value") }
        #expect(Set(claimed).count == 20_000)
        #expect(claimed.last == "value20000")
    }

    @Test func swiftNamingFollowsTheGuidelines() {
        #expect(SwiftNaming.memberName("user_id") == "userID")
        #expect(SwiftNaming.memberName("WWW-Authenticate") == "wwwAuthenticate")
        #expect(SwiftNaming.memberName("in_progress") == "inProgress")
        #expect(SwiftNaming.memberName("default") == "`default`")
        #expect(SwiftNaming.memberName("self") == "self_")
        #expect(SwiftNaming.typeName("task-list") == "TaskList")
        #expect(SwiftNaming.typeName("2fa_code") == "_2faCode")
        #expect(SwiftNaming.enumCaseName("-created_at") == "minusCreatedAt")
        #expect(SwiftNaming.enumCaseName("created_at") == "createdAt")
        #expect(SwiftNaming.enumCaseName("+1") == "plus1")
        #expect(SwiftNaming.enumCaseName("-") == "empty")
        #expect(SwiftNaming.stringLiteral("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u{1}""#)
    }
}
