import Testing

@testable import Generator

/// The render stage's Markdown wrapping: lines within the width, nothing Markdown would read differently.
@Suite struct DocumentationWrappingTests {
    @Test func wrapsAtSpacesWithinTheWidth() {
        let lines = DocumentationWrapping.wrap("one two three four five six", width: 10)
        #expect(lines == ["one two", "three four", "five six"])
    }

    @Test func aRunOfSpacesAtABreakLeavesNoTrailingSpace() {
        // The fuzzer found this: two spaces where the line breaks ended the line in a space.
        let lines = DocumentationWrapping.wrap("alpha beta  gamma delta", width: 11)
        #expect(lines.allSatisfy { $0.last != " " }, "\(lines)")
        #expect(lines.joined(separator: " ").split(separator: " ") == ["alpha", "beta", "gamma", "delta"])
    }

    @Test func continuationsStayInsideTheirListItemAndNeverOpenABlock() {
        let lines = DocumentationWrapping.wrap("- a list item that goes on - and on", width: 20)
        #expect(lines.first?.hasPrefix("- ") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("  - ") }, "\(lines)")
    }
}
