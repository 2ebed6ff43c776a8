import ArgumentParser
import Foundation
import Generator

@main
struct OpenAPIGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi-gen",
        abstract: "Generates Swift server code from an OpenAPI document.",
        subcommands: [Generate.self]
    )
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes the generated files, or with --check verifies that they are up to date.",
        discussion:
            "Exit status: 0 success, 1 diagnostics with errors or stale files, 2 unreadable input or unwritable output."
    )

    @Argument(help: "The OpenAPI document (YAML or JSON).")
    var spec: String

    @Option(help: "The folder the Swift files go to.")
    var output: String

    @Option(help: "The access level of the generated declarations: public (a library's API), package or internal.")
    var accessModifier: AccessModifier = .package

    @Flag(help: "Write nothing; exit 1 naming each file that differs from what the document produces.")
    var check = false

    @Flag(
        help:
            "Also write ExampleChecks.swift: the document's examples decoded through the generated types, and invalid variants of them refused (for testing generated code)."
    )
    var exampleChecks = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: spec) else {
            printError("error: cannot read '\(spec)'")
            throw ExitCode(2)
        }
        let result = OpenAPIGenerator.generate(
            spec: [UInt8](data),
            specPath: spec,
            outputPath: output,
            accessModifier: accessModifier,
            checkingExamples: exampleChecks,
            loadFile: { path in FileManager.default.contents(atPath: path).map { [UInt8]($0) } }
        )
        for diagnostic in result.diagnostics { printError(diagnostic.description) }
        if result.hasErrors { throw ExitCode(1) }
        let expected = Dictionary(uniqueKeysWithValues: result.files.map { ($0.name, Data($0.contents.utf8)) })
        let present =
            (try? FileManager.default.contentsOfDirectory(atPath: output))?.filter { $0.hasSuffix(".swift") } ?? []
        let stale = expected.keys.sorted().filter { FileManager.default.contents(atPath: path($0)) != expected[$0] }
        let extra = present.filter { expected[$0] == nil }.sorted()
        if check {
            for name in stale {
                printError(
                    "\(path(name)): error: out of date; run: swift run openapi-gen generate \(spec) --output \(output)\(accessArgument)"
                )
            }
            for name in extra { printError("\(path(name)): error: not produced by the generator; delete it") }
            if !stale.isEmpty || !extra.isEmpty { throw ExitCode(1) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for name in stale { try expected[name]?.write(to: URL(fileURLWithPath: path(name))) }
            for name in extra { try FileManager.default.removeItem(atPath: path(name)) }
        } catch {
            printError("error: cannot write to '\(output)': \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }

    private var accessArgument: String {
        accessModifier == .package ? "" : " --access-modifier \(accessModifier.rawValue)"
    }

    private func path(_ name: String) -> String {
        (output as NSString).appendingPathComponent(name)
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension AccessModifier: ExpressibleByArgument {}
