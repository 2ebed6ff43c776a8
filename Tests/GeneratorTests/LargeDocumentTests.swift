import Foundation
import Generator
import Testing

/// Two large documents companies publish (Tests/LargeSpecs): each generates without errors, the same way twice.
/// The time it takes is printed, not asserted; `make check-large-specs` also compiles the output.
@Suite struct LargeDocumentTests {
    @Test(arguments: ["stripe-spec3.yaml", "box-openapi.json"])
    func largePublicDocumentGenerates(_ name: String) throws {
        let url = GoldenTests.repositoryRoot.appendingPathComponent("Tests/LargeSpecs/\(name)")
        let bytes = try [UInt8](Data(contentsOf: url))
        let clock = ContinuousClock()
        let start = clock.now
        let result = OpenAPIGenerator.generate(
            spec: bytes, specPath: name, outputPath: "Out", configuration: .init(accessModifier: .public),
            checkingExamples: true)
        let elapsed = clock.now - start
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.prefix(10).map(\.description))")
        #expect(result.files.map(\.name).contains("Schemas.swift"))
        let again = OpenAPIGenerator.generate(
            spec: bytes, specPath: name, outputPath: "Out", configuration: .init(accessModifier: .public),
            checkingExamples: true)
        #expect(again.files == result.files)
        let size = result.files.map(\.contents.utf8.count).reduce(0, +)
        print("\(name): \(size) bytes of Swift, \(result.diagnostics.count) warnings, in \(elapsed) (debug build)")
    }
}
