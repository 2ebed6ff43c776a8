/// `Schemas.swift`: one type per component schema, with JSON decoding that checks every constraint.
struct SchemasRenderer {
    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.imports(plan.imports[.schemas], access: access)
        writer.documentation(["The schemas under `components/schemas`, one type each."])
        writer.line("\(access) enum Schemas {}")
        var types = TypeRenderer(access: access)
        if !plan.types.isEmpty {
            writer.line()
            writer.block("extension Schemas") { writer in
                for (index, declaration) in plan.types.enumerated() {
                    if index > 0 { writer.line() }
                    types.declare(declaration, into: &writer)
                }
            }
        }
        for declaration in plan.types {
            types.conformances(declaration, into: &writer)
        }
        types.expressions.renderPatterns(into: &writer)
        return writer.text
    }
}
