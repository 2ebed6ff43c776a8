import APIRuntime
import Testing

/// The scan that matches simple patterns agrees with the regex engine that matches everything else.
@Suite struct PatternTests {
    static let patterns = [
        #"^[^\x00]*$"#, #"^[^\x00-\x1F]+$"#, "^[a-z0-9_]+$", "^[A-Z]*$", "^password$", #"^[^\u0000]*$"#,
        #"^[\-a]+$"#, #"^\d{3}$"#, "ab+c", #"^[^\x00]*"#,
    ]
    static let inputs = [
        "", "a", "abc", "ABC", "a\u{0}b", "\u{0}", "tab\there", "new\nline", "password", "Password", "passwordx",
        "snake_case_1", "ü📝", "123", "1234", "-a-", "abbbc", "ac", "abc\n", "password\n",
    ]

    @Test(arguments: patterns)
    func agreesWithTheRegexEngine(_ source: String) throws {
        let pattern = Pattern(source)
        let regex = try Regex(source)
        for input in Self.inputs {
            let expected = (try regex.firstMatch(in: input)) != nil
            #expect(pattern.matches(input) == expected, "\(source) on \(input.debugDescription)")
        }
    }

    /// ECMA-262 compares scalars: `é` spelled with a combining accent is not the precomposed one.
    @Test func anExactPatternComparesScalars() {
        #expect(Pattern("^\u{E9}$").matches("\u{E9}"))
        #expect(!Pattern("^\u{E9}$").matches("e\u{301}"))
    }

    @Test func theNULRuleRejectsOnlyStringsWithNUL() {
        let rule = Pattern(#"^[^\x00]*$"#)
        #expect(rule.matches(""))
        #expect(rule.matches("any text at all, \u{1F4DD}\n"))
        #expect(!rule.matches("a\u{0}"))
    }

    /// Each match borrows a compiled copy of its own, so matches on many threads at once all answer correctly.
    @Test func aRegexPatternMatchesCorrectlyFromManyTasksAtOnce() async {
        let pattern = Pattern(#"^(?:[a-z]+-[0-9]{2,4}|"[^"]*")$"#)
        let answers = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    (0..<200).allSatisfy { round in
                        let shouldMatch = (index + round) % 2 == 0
                        let input = shouldMatch ? "key-\(100 + round)" : "key-\(round)x"
                        return pattern.matches(input) == shouldMatch
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 64 && answers.allSatisfy { $0 })
    }
}
