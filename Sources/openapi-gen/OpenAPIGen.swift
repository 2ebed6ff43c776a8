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

    @Option(
        help: ArgumentHelp(
            "A configuration file (openapi-gen.yaml): parts, access modifier, filter, name overrides, imports.",
            discussion: "Options given on the command line replace the file's values."))
    var config: String?

    @Option(help: "The access level of the generated declarations: public (a library's API), package or internal.")
    var accessModifier: AccessModifier?

    @Option(
        name: .customLong("generate"),
        help: "A part to write: types, server, client or docs (repeat for several; default: all of them).")
    var parts: [GeneratorConfiguration.Part] = []

    @Option(name: .customLong("filter-operation"), help: "Generate only this operationId (repeatable).")
    var operationFilter: [String] = []

    @Option(name: .customLong("filter-tag"), help: "Generate only the operations with this tag (repeatable).")
    var tagFilter: [String] = []

    @Option(name: .customLong("filter-path"), help: "Generate only the operations of this path (repeatable).")
    var pathFilter: [String] = []

    @Option(
        name: .customLong("name-override"),
        help: "NAME=SwiftName: a component schema or operationId's Swift name (repeatable).")
    var nameOverrides: [String] = []

    @Option(name: .customLong("additional-import"), help: "A module every file imports (repeatable).")
    var additionalImports: [String] = []

    @Flag(help: "Write nothing; exit 1 naming each file that differs from what the document produces.")
    var check = false

    @Flag(
        help:
            "Also write ExampleChecks.swift: the document's examples decoded through the generated types, and invalid variants of them refused (for testing generated code)."
    )
    var exampleChecks = false

    @Flag(
        help:
            "Write every file the generator can produce, those of parts left out as a comment only (for build systems that must know the outputs in advance)."
    )
    var everyFile = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: spec) else {
            printError("error: cannot read '\(spec)'")
            throw ExitCode(2)
        }
        let configuration = try readConfiguration()
        var result = OpenAPIGenerator.generate(
            spec: [UInt8](data),
            specPath: spec,
            outputPath: output,
            configuration: configuration,
            configurationPath: config,
            checkingExamples: exampleChecks,
            loadFile: { path in FileManager.default.contents(atPath: path).map { [UInt8]($0) } }
        )
        if everyFile, !result.hasErrors { result.files = OpenAPIGenerator.withPlaceholders(result.files) }
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
        if let config { return " --config \(config)" }
        guard let accessModifier, accessModifier != .package else { return "" }
        return " --access-modifier \(accessModifier.rawValue)"
    }

    /// The configuration file's settings, with the command line's on top.
    private func readConfiguration() throws -> GeneratorConfiguration {
        var configuration = GeneratorConfiguration()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                printError("error: cannot read '\(config)'")
                throw ExitCode(2)
            }
            var diagnostics = Diagnostics()
            let parsed = ConfigurationParser.parse([UInt8](data), file: config, diagnostics: &diagnostics)
            for diagnostic in diagnostics.sorted { printError(diagnostic.description) }
            guard let parsed else { throw ExitCode(1) }
            configuration = parsed
        }
        if let accessModifier { configuration.accessModifier = accessModifier }
        if !parts.isEmpty { configuration.parts = Set(parts) }
        if !operationFilter.isEmpty { configuration.filter.operationIDs = operationFilter }
        if !tagFilter.isEmpty { configuration.filter.tags = tagFilter }
        if !pathFilter.isEmpty { configuration.filter.paths = pathFilter }
        for override in nameOverrides {
            let pieces = override.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, !pieces[0].isEmpty, GeneratorConfiguration.isUsableName(pieces[1]) else {
                printError("error: --name-override '\(override)' is not NAME=SwiftIdentifier")
                throw ExitCode(1)
            }
            configuration.nameOverrides[pieces[0]] = pieces[1]
        }
        if !additionalImports.isEmpty { configuration.additionalImports = additionalImports }
        if let part = configuration.partLackingTypes {
            printError("error: the \(part.rawValue) part needs the types part")
            throw ExitCode(1)
        }
        return configuration
    }

    private func path(_ name: String) -> String {
        (output as NSString).appendingPathComponent(name)
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension AccessModifier: ExpressibleByArgument {}
extension GeneratorConfiguration.Part: ExpressibleByArgument {}
