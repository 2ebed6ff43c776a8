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
    ///   - accessModifier: the access level of the generated declarations.
    ///   - checkingExamples: also write `ExampleChecks.swift`, the document's examples run through the types (every
    ///     component type then decodes and writes JSON).
    ///   - loadFile: reads another local file a `$ref` names, by its path relative to the current folder; without
    ///     it, such references are errors.
    package static func generate(
        spec bytes: [UInt8],
        specPath: String,
        outputPath: String,
        accessModifier: AccessModifier = .package,
        checkingExamples: Bool = false,
        loadFile: (@Sendable (String) -> [UInt8]?)? = nil
    ) -> Result {
        var diagnostics = Diagnostics()
        guard let parsed = YAMLParser.parse(bytes, file: specPath, diagnostics: &diagnostics) else {
            return Result(files: [], diagnostics: diagnostics.sorted)
        }
        let root = ExternalReferences.bundle(
            parsed, file: specPath, load: loadFile ?? { _ in nil }, diagnostics: &diagnostics)
        guard let document = ModelBuilder.build(root, diagnostics: &diagnostics) else {
            return Result(files: [], diagnostics: diagnostics.sorted)
        }
        let plan = Translator.translate(
            document, accessModifier: accessModifier, checkingExamples: checkingExamples, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors else { return Result(files: [], diagnostics: diagnostics.sorted) }
        let header = FileHeader(specPath: specPath, outputPath: outputPath, accessModifier: accessModifier)
        let yaml = String(decoding: bytes, as: UTF8.self)
        let spec = SpecRenderer(yaml: yaml, access: plan.accessModifier.rawValue, root: root)
        var files = [
            File(name: "APIHandler.swift", contents: HandlerRenderer(plan: plan).render(header: header)),
            File(name: "APIRouter.swift", contents: RouterRenderer(plan: plan).render(header: header)),
            File(name: "DocsPage.swift", contents: DocsRenderer(plan: plan).render(header: header)),
            File(name: "OpenAPISpec.swift", contents: spec.render(header: header)),
            File(name: "Operations.swift", contents: OperationsRenderer(plan: plan).render(header: header)),
            File(name: "Schemas.swift", contents: SchemasRenderer(plan: plan).render(header: header)),
        ]
        if checkingExamples {
            files.append(
                File(name: "ExampleChecks.swift", contents: ExampleChecksRenderer(plan: plan).render(header: header)))
        }
        return Result(files: files, diagnostics: diagnostics.sorted)
    }
}
