/// `Operations.swift`: each operation's typed `Input`, its `Output` enum with one case per documented response,
/// and how an output becomes an HTTP response.
struct OperationsRenderer {
    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.imports(plan.imports[.operations], access: access)
        writer.documentation(["The operations of the API, one namespace each, named after their `operationId`."])
        writer.line("\(access) enum Operations {}")
        var types = TypeRenderer(access: access)
        for operation in plan.operations {
            writer.line()
            writer.block("extension Operations") { writer in
                declare(operation, into: &writer)
            }
        }
        for operation in plan.operations {
            for nested in operation.nested { types.conformances(nested, into: &writer) }
            writer.line()
            renderResponse(operation, into: &writer)
        }
        types.expressions.renderPatterns(into: &writer)
        return writer.text
    }

    private func declare(_ operation: OperationPlan, into writer: inout CodeWriter) {
        writer.documentation(operation.documentation)
        writer.block("\(access) enum \(operation.typeName)") { writer in
            declareInput(operation, into: &writer)
            writer.line()
            declareOutput(operation, into: &writer)
            let types = TypeRenderer(access: access)
            for nested in operation.nested {
                writer.line()
                types.declare(nested, into: &writer)
            }
        }
    }

    private func declareInput(_ operation: OperationPlan, into writer: inout CodeWriter) {
        writer.block("\(access) struct Input: Sendable") { writer in
            var members: [(name: String, type: String, defaultValue: String?)] = []
            for (group, typeName, parameters) in operation.parameterGroups {
                declareParameterGroup(typeName, parameters, into: &writer)
                writer.line("\(access) var \(group): \(typeName)")
                writer.line()
                members.append((group, typeName, parameters.allSatisfy(\.hasDefault) ? ".init()" : nil))
            }
            if let body = operation.body {
                writer.documentation(body.documentation)
                writer.line("\(access) var body: \(body.swiftType)")
                writer.line()
                members.append(("body", body.swiftType, body.isRequired ? nil : "nil"))
            }
            let parameters = members.map { "\($0.name): \($0.type)" + ($0.defaultValue.map { " = \($0)" } ?? "") }
            if members.isEmpty {
                writer.line("\(access) init() {}")
            } else {
                writer.wrappedBlock("\(access) init(", parameters, ")") { writer in
                    for member in members { writer.line("self.\(member.name) = \(member.name)") }
                }
            }
        }
    }

    private func declareParameterGroup(_ typeName: String, _ parameters: [ParameterPlan], into writer: inout CodeWriter)
    {
        writer.block("\(access) struct \(typeName): Sendable, Hashable") { writer in
            for parameter in parameters {
                writer.documentation(parameter.documentation)
                writer.line("\(access) var \(parameter.swiftName): \(parameter.swiftType)")
            }
            writer.line()
            let arguments = parameters.map { parameter in
                "\(parameter.swiftName): \(parameter.swiftType)"
                    + (parameter.presence.defaultArgument.map { " = \($0)" } ?? "")
            }
            writer.wrappedBlock("\(access) init(", arguments, ")") { writer in
                for parameter in parameters {
                    writer.line("self.\(parameter.swiftName.trimmingBackticks) = \(parameter.swiftName)")
                }
            }
        }
    }

    private func declareOutput(_ operation: OperationPlan, into writer: inout CodeWriter) {
        writer.block("\(access) enum Output: Sendable") { writer in
            for response in operation.responses {
                writer.documentation(response.documentation)
                let values = response.associatedValues
                if values.isEmpty {
                    writer.line("case \(response.caseName)")
                } else {
                    writer.wrappedLine("case \(response.caseName)(", values, ")")
                }
            }
            if operation.hasUndocumentedCase {
                writer.documentation([
                    "A status the document does not list for this operation, as a client received it; a handler that",
                    "returns one sends it as it is.",
                ])
                writer.line("case undocumented(HTTPResponse)")
            }
        }
    }

    private func renderResponse(_ operation: OperationPlan, into writer: inout CodeWriter) {
        writer.block("extension Operations.\(operation.typeName).Output") { writer in
            writer.documentation(["The HTTP response for this output."])
            writer.block("\(access) var response: HTTPResponse") { writer in
                writer.switchBlock("switch self") { writer in
                    for response in operation.responses {
                        renderCase(response, into: &writer)
                    }
                    if operation.hasUndocumentedCase {
                        writer.line("case .undocumented(let response):")
                        writer.line("    return response")
                    }
                }
            }
        }
    }

    private func renderCase(_ response: ResponsePlan, into writer: inout CodeWriter) {
        var bindings: [String] = []
        if response.carriesStatus { bindings.append("let status") }
        if response.body != nil { bindings.append("let body") }
        bindings += response.headers.map { "let \($0.localName)" }
        let status: String
        switch response.status {
        case .code(let code): status = "\(code)"
        case .range, .default: status = "status"
        }
        if bindings.isEmpty {
            writer.line("case .\(response.caseName.trimmingBackticks):")
        } else {
            writer.wrappedLine("case .\(response.caseName.trimmingBackticks)(", bindings, "):")
        }
        writer.indent { writer in
            if !response.headers.isEmpty {
                writer.line("var headers = HTTPHeaders()")
                for header in response.headers {
                    let value = header.stringExpression(header.localName)
                    let literal = SwiftNaming.stringLiteral(header.name)
                    if header.isRequired {
                        writer.line("headers.add(\(literal), \(value))")
                    } else {
                        writer.line("if let \(header.localName) { headers.add(\(literal), \(value)) }")
                    }
                }
            }
            let headerArgument = response.headers.isEmpty ? [] : ["headers: headers"]
            switch response.body {
            case nil:
                writer.wrappedLine("return HTTPResponse(", ["status: \(status)"] + headerArgument, ")")
            case .problem?:
                writer.wrappedLine(
                    "return HTTPResponse(", ["problem: body.with(status: \(status))"] + headerArgument, ")")
            case .json(_, let contentType)?:
                let label = Translator.mediaFormat(contentType) == .form ? "form" : "json"
                let arguments = [
                    "status: \(status)", "\(label): body", "contentType: \(SwiftNaming.stringLiteral(contentType))",
                ]
                writer.wrappedLine("return HTTPResponse(", arguments + headerArgument, ")")
            case .text(let contentType)?:
                let arguments = [
                    "status: \(status)", "text: body", "contentType: \(SwiftNaming.stringLiteral(contentType))",
                ]
                writer.wrappedLine("return HTTPResponse(", arguments + headerArgument, ")")
            case .binary(let contentType)?:
                let arguments = [
                    "status: \(status)", "bytes: Array(body)",
                    "contentType: \(SwiftNaming.stringLiteral(contentType))",
                ]
                writer.wrappedLine("return HTTPResponse(", arguments + headerArgument, ")")
            }
        }
    }
}

extension OperationPlan {
    /// `path`, `query`, `headers` and `cookies` members of `Input`, each with its struct and parameters.
    var parameterGroups: [(member: String, typeName: String, parameters: [ParameterPlan])] {
        [
            ("path", "Path", pathParameters), ("query", "Query", queryParameters),
            ("headers", "Headers", headerParameters), ("cookies", "Cookies", cookieParameters),
        ].filter { !$0.2.isEmpty }
    }
}

extension ParameterPlan {
    var hasDefault: Bool {
        switch presence {
        case .defaulted, .optional: true
        default: false
        }
    }
}

extension ResponsePlan {
    var associatedValues: [String] {
        var values: [String] = []
        if carriesStatus { values.append("status: Int") }
        switch body {
        case .json(let value, _)?: values.append(value.swiftType)
        case .problem?: values.append("Problem")
        case .text?: values.append("String")
        case .binary?: values.append("Data")
        case nil: break
        }
        values += headers.map { "\($0.swiftName): \($0.value.swiftType)" + ($0.isRequired ? "" : "?") }
        return values
    }
}

extension HeaderPlan {
    var localName: String { "_" + swiftName.trimmingBackticks }

    /// An expression turning the header's value into its field text.
    func stringExpression(_ name: String) -> String {
        switch value {
        case .string: name
        case .dateTime: "RFC3339.format(\(name))"
        case .named: "\(name).rawValue"
        default: "String(\(name))"
        }
    }
}
