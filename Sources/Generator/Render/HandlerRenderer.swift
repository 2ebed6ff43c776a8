/// `APIHandler.swift`: the protocol a server implements, one method per operation.
struct HandlerRenderer {
    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.imports(plan.imports[.handler], access: access)
        writer.documentation([
            "Implements every operation of \(plan.title).",
            "",
            "The generated `APIRouter` decodes and checks each request before calling a method, so a method sees only",
            "valid input, and returns an `Output` with one case per documented response.",
        ])
        writer.block("\(access) protocol APIHandler: Sendable") { writer in
            if plan.hasSecurity {
                writer.documentation(["Who a secured operation runs for, as `authenticate` establishes it."])
                writer.line("associatedtype Principal: Sendable")
                writer.line()
                writer.documentation([
                    "Turns a credential into a principal, or throws a `ProblemConvertible` error (usually a `401`)."
                ])
                writer.line("func authenticate(_ credential: Credential) async throws -> Principal")
            }
            if plan.hasCompoundSecurity {
                writer.line()
                writer.documentation([
                    "Turns the credentials of a requirement that names several schemes, all present, into a principal."
                ])
                writer.line("func authenticate(_ credentials: [Credential]) async throws -> Principal")
            }
            for operation in plan.operations {
                writer.line()
                writer.documentation(operation.documentation)
                if operation.isDeprecated { writer.line(OperationPlan.deprecatedAttribute) }
                let opener = "func \(operation.methodName)("
                writer.wrappedLine(opener, operation.handlerParameters, ") async throws -> \(operation.outputType)")
            }
        }
        return writer.text
    }
}

extension OperationPlan {
    static let deprecatedAttribute = #"@available(*, deprecated, message: "Deprecated in the API document.")"#

    var inputType: String { "Operations.\(typeName).Input" }
    var outputType: String { "Operations.\(typeName).Output" }

    var handlerParameters: [String] {
        var parameters = ["_ input: \(inputType)"]
        if let security {
            parameters.append("principal: Principal" + (security.allowsAnonymous ? "?" : ""))
        }
        return parameters
    }
}
