/// The whole pipeline, pure: the bytes of a document in, Swift files and diagnostics out.
package enum OpenAPIGenerator {
    package struct File: Sendable, Equatable {
        package var name: String
        package var contents: String
    }

    package struct Result: Sendable {
        /// Empty when any diagnostic is an error: a broken document never yields Swift that does not compile.
        package var files: [File]
        /// Every problem found, sorted by position.
        package var diagnostics: [Diagnostic]

        package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Runs every stage.
    /// - Parameters:
    ///   - specPath: the document's path as it should appear in diagnostics and file headers.
    ///   - outputPath: the output folder as it should appear in the headers' regenerate command.
    ///   - configuration: the parts, access level, operations, names and imports (`openapi-gen.yaml`).
    ///   - configurationPath: where the configuration came from, for the headers' regenerate command.
    ///   - checkingExamples: also write `ExampleChecks.swift`, the document's examples run through the types (every
    ///     component type then decodes and writes JSON).
    ///   - loadFile: reads another local file a `$ref` names, by its path relative to the current folder; without
    ///     it, such references are errors.
    package static func generate(
        spec bytes: [UInt8],
        specPath: String,
        outputPath: String,
        configuration: GeneratorConfiguration = GeneratorConfiguration(),
        configurationPath: String? = nil,
        checkingExamples: Bool = false,
        loadFile: (@Sendable (String) -> [UInt8]?)? = nil
    ) -> Result {
        var diagnostics = Diagnostics()
        guard let parsed = YAMLParser.parse(bytes, file: specPath, diagnostics: &diagnostics) else {
            return Result(files: [], diagnostics: diagnostics.sorted)
        }
        let root = ExternalReferences.bundle(
            parsed, file: specPath, load: loadFile ?? { _ in nil }, diagnostics: &diagnostics)
        guard var document = ModelBuilder.build(root, diagnostics: &diagnostics) else {
            return Result(files: [], diagnostics: diagnostics.sorted)
        }
        configuration.warnAboutUnmatchedEntries(in: document, diagnostics: &diagnostics)
        document.operations = document.operations.filter(configuration.filter.keeps)
        var plan = Translator.translate(
            document, accessModifier: configuration.accessModifier, nameOverrides: configuration.nameOverrides,
            generatesClient: configuration.parts.contains(.client),
            checkingExamples: checkingExamples, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors else { return Result(files: [], diagnostics: diagnostics.sorted) }
        for file in GeneratedFile.allCases {
            plan.imports[file, default: []] += configuration.additionalImports.map {
                ModuleImport(module: $0, visible: false)
            }
        }
        let header = FileHeader(
            specPath: specPath, outputPath: outputPath, accessModifier: configuration.accessModifier,
            configurationPath: configurationPath)
        let parts = configuration.parts
        var files: [File] = []
        if parts.contains(.client) {
            files.append(File(name: "APIClient.swift", contents: ClientRenderer(plan: plan).render(header: header)))
        }
        if parts.contains(.server) {
            files.append(File(name: "APIHandler.swift", contents: HandlerRenderer(plan: plan).render(header: header)))
            files.append(File(name: "APIRouter.swift", contents: RouterRenderer(plan: plan).render(header: header)))
        }
        if parts.contains(.docs) {
            let yaml = String(decoding: bytes, as: UTF8.self)
            let spec = SpecRenderer(
                yaml: yaml, access: plan.accessModifier.rawValue, root: root, imports: plan.imports[.spec])
            files.append(File(name: "DocsPage.swift", contents: DocsRenderer(plan: plan).render(header: header)))
            files.append(File(name: "OpenAPISpec.swift", contents: spec.render(header: header)))
        }
        if parts.contains(.types) {
            files.append(
                File(name: "Operations.swift", contents: OperationsRenderer(plan: plan).render(header: header)))
            files.append(File(name: "Schemas.swift", contents: SchemasRenderer(plan: plan).render(header: header)))
            if checkingExamples {
                files.append(
                    File(
                        name: "ExampleChecks.swift", contents: ExampleChecksRenderer(plan: plan).render(header: header))
                )
            }
        }
        return Result(files: files, diagnostics: diagnostics.sorted)
    }

    /// `files` and, for each file of a part left out, a placeholder holding only a comment: for build systems
    /// (the SwiftPM plugin) that must name every output before the generator runs.
    package static func withPlaceholders(_ files: [File]) -> [File] {
        let present = Set(files.map(\.name))
        return files
            + GeneratedFile.allCases.filter { !present.contains($0.rawValue) }.map { file in
                File(
                    name: file.rawValue,
                    contents: "// Generated by openapi-gen: empty, because the configuration leaves out its part.\n")
            }
    }
}
