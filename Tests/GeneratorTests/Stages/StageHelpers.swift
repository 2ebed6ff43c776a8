import Testing

@testable import Generator

/// Runs the generator's stages one at a time on a YAML snippet, so each stage can be tested on its own.
enum Stages {
    /// A document with `paths` and `schemas` fragments (indented as under `paths:` and `components/schemas:`).
    static func yaml(paths: String = "", schemas: String = "", securitySchemes: String = "") -> String {
        var text =
            "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths:\n" + (paths.isEmpty ? "  {}\n" : paths + "\n")
        text += "components:\n  schemas:\n" + (schemas.isEmpty ? "    {}\n" : schemas + "\n")
        if !securitySchemes.isEmpty { text += "  securitySchemes:\n" + securitySchemes + "\n" }
        return text
    }

    /// YAML → model; records an issue for every diagnostic unless they are expected by the caller.
    static func model(_ yaml: String, diagnostics: inout Diagnostics) throws -> OpenAPIDocument {
        let root = try #require(YAMLParser.parse(Array(yaml.utf8), file: "openapi.yaml", diagnostics: &diagnostics))
        return try #require(ModelBuilder.build(root, diagnostics: &diagnostics))
    }

    static func model(_ yaml: String) throws -> OpenAPIDocument {
        var diagnostics = Diagnostics()
        let document = try model(yaml, diagnostics: &diagnostics)
        #expect(diagnostics.sorted.map(\.description) == [])
        return document
    }

    /// Model → plan, with the diagnostics translation reported.
    static func plan(_ yaml: String, access: AccessModifier = .package) throws -> (GenerationPlan, [String]) {
        var diagnostics = Diagnostics()
        let document = try model(yaml, diagnostics: &diagnostics)
        let plan = Translator.translate(document, accessModifier: access, diagnostics: &diagnostics)
        return (plan, diagnostics.sorted.map(\.description))
    }
}

extension GenerationPlan {
    /// The top-level component declaration named `name`.
    func type(_ name: String) -> TypeDeclaration? {
        types.first { $0.qualifiedName == "Schemas.\(name)" }
    }

    func operation(_ id: String) -> OperationPlan? {
        operations.first { $0.operationID == id }
    }
}

extension TypeDeclaration {
    var coding: CodingRoles? {
        switch self {
        case .structure(let plan): plan.coding
        case .enumeration(let plan): plan.coding
        case .union(let plan): plan.coding
        case .alias: nil
        }
    }

    var structure: StructPlan? {
        if case .structure(let plan) = self { return plan }
        return nil
    }
}
