/// `APIRouter.swift`: routes a request by method and path segments (a plain `switch`, no regex or trie),
/// decodes and checks every input, calls the handler and encodes its output.
struct RouterRenderer {
    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        let decodesDates = plan.operations.contains { operation in
            operation.allParameters.contains { $0.value.usesFoundation } || operation.body?.value.usesFoundation == true
        }
        if decodesDates { writer.line("import Foundation") }
        writer.line("\(access) import APIRuntime")
        writer.line()
        writer.documentation([
            "Dispatches requests to an `APIHandler`.",
            "",
            "Unknown paths are `404`, known paths with another method `405` with `Allow`, unparsable or invalid input",
            "`422` listing every violation, malformed JSON `400`, an unsupported `Content-Type` `415`.",
        ])
        var expressions = DecodeExpressions()
        writer.block("\(access) struct APIRouter<Handler: APIHandler>: Sendable") { writer in
            writer.line("\(access) let handler: Handler")
            writer.line()
            writer.block("\(access) init(handler: Handler)") { writer in
                writer.line("self.handler = handler")
            }
            writer.line()
            renderDispatch(into: &writer)
            writer.line()
            renderRouteTemplate(into: &writer)
            for operation in plan.operations {
                writer.line()
                renderOperation(operation, expressions: &expressions, into: &writer)
            }
        }
        expressions.renderPatterns(into: &writer)
        return writer.text
    }

    /// Routes grouped by segment count; within a group, literal segments win over parameters.
    private var routes: [(segmentCount: Int, paths: [(segments: [OperationPlan.Segment], operations: [OperationPlan])])] {
        var byPath: [(path: String, segments: [OperationPlan.Segment], operations: [OperationPlan])] = []
        for operation in plan.operations {
            if let index = byPath.firstIndex(where: { $0.path == operation.path }) {
                byPath[index].operations.append(operation)
            } else {
                byPath.append((operation.path, operation.segments, [operation]))
            }
        }
        let counts = Set(byPath.map(\.segments.count)).sorted()
        return counts.map { count in
            let paths = byPath.filter { $0.segments.count == count }
                .enumerated()
                .sorted { lhs, rhs in
                    let left = lhs.element.segments.map(\.isParameter)
                    let right = rhs.element.segments.map(\.isParameter)
                    return left.lexicographicallyPrecedes(right) { !$0 && $1 } || (left == right && lhs.offset < rhs.offset)
                }
                .map { ($0.element.segments, $0.element.operations) }
            return (count, paths)
        }
    }

    private func renderDispatch(into writer: inout CodeWriter) {
        writer.documentation([
            "Answers one request. Errors that are not `ProblemConvertible` are rethrown: the server logs them and",
            "answers `500` without details.",
        ])
        writer.block("\(access) func respond(to request: HTTPRequest) async throws -> HTTPResponse") { writer in
            writer.line("do {")
            writer.indent { writer in
                writer.line("guard let segments = request.pathSegments else { throw RouterSupport.notFound() }")
                writer.switchBlock("switch segments.count") { writer in
                    for group in routes {
                        writer.line("case \(group.segmentCount):")
                        writer.indent { writer in
                            for route in group.paths {
                                renderRoute(route.segments, route.operations, into: &writer)
                            }
                        }
                    }
                    writer.line("default:")
                    writer.line("    break")
                }
                writer.line("throw RouterSupport.notFound()")
            }
            writer.line("} catch let error as any ProblemConvertible {")
            writer.line("    return HTTPResponse(problem: error.problem)")
            writer.line("}")
        }
    }

    private func renderRoute(_ segments: [OperationPlan.Segment], _ operations: [OperationPlan], into writer: inout CodeWriter) {
        let conditions = Self.conditions(segments)
        let allowed = operations.flatMap { $0.method == "GET" ? ["GET", "HEAD"] : [$0.method] }
        let body: (inout CodeWriter) -> Void = { writer in
            writer.switchBlock("switch request.method") { writer in
                for operation in operations {
                    let methods = operation.method == "GET" ? "\"GET\", \"HEAD\"" : "\"\(operation.method)\""
                    writer.line("case \(methods):")
                    writer.line("    return try await \(operation.routeMethodName)(request, segments)")
                }
                writer.line("default:")
                writer.line("    throw RouterSupport.methodNotAllowed(allowed: [\(allowed.map { "\"\($0)\"" }.joined(separator: ", "))])")
            }
        }
        if conditions.isEmpty {
            body(&writer)
        } else {
            writer.block("if " + conditions.joined(separator: ", "), body)
        }
    }

    private func renderRouteTemplate(into writer: inout CodeWriter) {
        writer.documentation([
            "The path template of the operation a request is routed to (`/tasks/{id}`), for logs and metrics;",
            "`nil` when no route matches.",
        ])
        writer.block("\(access) static func routeTemplate(for request: HTTPRequest) -> String?") { writer in
            writer.line("guard let segments = request.pathSegments else { return nil }")
            writer.switchBlock("switch segments.count") { writer in
                for group in routes {
                    writer.line("case \(group.segmentCount):")
                    writer.indent { writer in
                        for route in group.paths {
                            let conditions = Self.conditions(route.segments)
                            let template = SwiftNaming.stringLiteral(route.operations[0].path)
                            if conditions.isEmpty {
                                writer.line("return \(template)")
                            } else {
                                writer.line("if " + conditions.joined(separator: ", ") + " { return \(template) }")
                            }
                        }
                    }
                }
                writer.line("default:")
                writer.line("    break")
            }
            writer.line("return nil")
        }
    }

    /// Literal segments must match exactly; a parameter segment must not be empty (`/tasks/` is not `/tasks/{id}`).
    private static func conditions(_ segments: [OperationPlan.Segment]) -> [String] {
        segments.enumerated().map { index, segment in
            switch segment {
            case .literal(let text): "segments[\(index)] == \(SwiftNaming.stringLiteral(text))"
            case .parameter: "!segments[\(index)].isEmpty"
            }
        }
    }

    // MARK: Operations

    private func renderOperation(_ operation: OperationPlan, expressions: inout DecodeExpressions, into writer: inout CodeWriter) {
        writer.documentation(["`\(operation.method) \(operation.path)`"])
        let signature = "private func \(operation.routeMethodName)(_ request: HTTPRequest, _ segments: [Substring]) async throws -> HTTPResponse"
        writer.block(signature) { writer in
            renderSecurity(operation, into: &writer)
            let hasInput = !operation.allParameters.isEmpty || operation.body != nil
            if hasInput {
                writer.line("var validator = Validator(coercesText: true)")
            } else {
                writer.line("_ = segments")
            }
            renderParameters(operation, expressions: &expressions, into: &writer)
            if let body = operation.body {
                renderBody(body, expressions: &expressions, into: &writer)
            }
            var unwrapped = operation.allParameters.filter { $0.presence.isUnwrappedAfterDecoding }.map { "let \($0.localName)" }
            if operation.body?.isRequired == true { unwrapped.append("let body") }
            if hasInput {
                writer.line("guard " + (["validator.isValid"] + unwrapped).joined(separator: ", ") + " else { throw validator.problem }")
            }
            var arguments: [String] = []
            for (group, typeName, parameters) in operation.parameterGroups {
                let values = parameters.map { "\($0.swiftName.argumentLabel): \($0.localName)" }.joined(separator: ", ")
                arguments.append("\(group): \(operation.inputType).\(typeName)(\(values))")
            }
            if operation.body != nil { arguments.append("body: body") }
            writer.line("let input = \(operation.inputType)(" + arguments.joined(separator: ", ") + ")")
            let principal = operation.security == nil ? "" : ", principal: principal"
            writer.line("return try await handler.\(operation.methodName)(input\(principal)).response")
        }
    }

    private func renderSecurity(_ operation: OperationPlan, into writer: inout CodeWriter) {
        guard let security = operation.security else { return }
        let sources = security.sources.map { "." + $0.source.runtimeExpression(scheme: $0.scheme) }.joined(separator: ", ")
        if security.allowsAnonymous {
            writer.line("var principal: Handler.Principal?")
            writer.block("if let credential = RouterSupport.credential(in: request, from: [\(sources)])") { writer in
                writer.line("principal = try await handler.authenticate(credential)")
            }
        } else {
            writer.line("let credential = try RouterSupport.requireCredential(in: request, from: [\(sources)])")
            writer.line("let principal = try await handler.authenticate(credential)")
        }
    }

    private func renderParameters(_ operation: OperationPlan, expressions: inout DecodeExpressions, into writer: inout CodeWriter) {
        if !operation.queryParameters.isEmpty {
            writer.line("let query = try RouterSupport.queryItems(of: request)")
        }
        for (index, segment) in operation.segments.enumerated() {
            guard case .parameter(let name) = segment,
                let parameter = operation.pathParameters.first(where: { $0.name == name })
            else { continue }
            let location = SwiftNaming.stringLiteral("path.\(name)")
            let expression = expressions.decode(parameter.value, json: "RouterSupport.pathValue(segments[\(index)])", location: location)
            writer.line("let \(parameter.localName) = \(expression)")
        }
        let groups: [(prefix: String, parameters: [ParameterPlan], source: (ParameterPlan) -> String)] = [
            ("query", operation.queryParameters, { parameter in
                let name = SwiftNaming.stringLiteral(parameter.name)
                return parameter.isArray ? "RouterSupport.queryValues(query, \(name))" : "RouterSupport.queryValue(query, \(name))"
            }),
            ("header", operation.headerParameters, { parameter in
                let name = SwiftNaming.stringLiteral(parameter.name)
                return parameter.isArray
                    ? "RouterSupport.headerValues(request, \(name))" : "RouterSupport.headerValue(request, \(name))"
            }),
            ("cookie", operation.cookieParameters, { parameter in
                "RouterSupport.cookieValue(request, \(SwiftNaming.stringLiteral(parameter.name)))"
            }),
        ]
        for group in groups {
            for parameter in group.parameters {
                let locationName = group.prefix == "header" ? parameter.name.lowercased() : parameter.name
                let location = SwiftNaming.stringLiteral("\(group.prefix).\(locationName)")
                let expression = expressions.decode(parameter.value, json: "value", location: location)
                let source = group.source(parameter)
                let local = parameter.localName
                switch parameter.presence {
                case .defaulted(let fallback):
                    writer.line("var \(local): \(parameter.value.swiftType) = \(fallback)")
                    writer.line("if let value = \(source), let decoded = \(expression) { \(local) = decoded }")
                case .required:
                    writer.line("var \(local): \(parameter.value.swiftType)?")
                    writer.line("if let value = \(source) { \(local) = \(expression) } else { validator.missing(at: \(location)) }")
                default:
                    writer.line("var \(local): \(parameter.value.swiftType)?")
                    writer.line("if let value = \(source) { \(local) = \(expression) }")
                }
            }
        }
    }

    private func renderBody(_ body: BodyPlan, expressions: inout DecodeExpressions, into writer: inout CodeWriter) {
        let accepted = body.mediaTypes.map { "(\(SwiftNaming.stringLiteral($0.mediaType)), .\($0.format.rawValue))" }
        writer.line("var body: \(body.value.swiftType)?")
        writer.line("if let content = try RouterSupport.body(of: request, accepting: [\(accepted.joined(separator: ", "))]) {")
        writer.indent { writer in
            writer.line("validator.coercesText = content.isForm")
            writer.line("body = " + expressions.decode(body.value, json: "content.json", location: "\"body\""))
        }
        if body.isRequired {
            writer.line("} else {")
            writer.line("    validator.missing(at: \"body\")")
        }
        writer.line("}")
    }
}

extension OperationPlan {
    /// The router's own method for the operation; the prefix keeps it clear of the names the router uses
    /// (`request`, `segments`, `handler`, …), whatever the `operationId`.
    var routeMethodName: String { "route" + typeName.trimmingBackticks }
}

extension OperationPlan.Segment {
    var isParameter: Bool {
        if case .parameter = self { return true }
        return false
    }
}

extension ParameterPlan {
    /// `_` + the name, so no parameter collides with the router's own variables (`request`, `body`, `query`, …).
    var localName: String { "_" + swiftName.trimmingBackticks }
}

extension SecurityPlan.Source {
    func runtimeExpression(scheme: String) -> String {
        let name = SwiftNaming.stringLiteral(scheme)
        switch self {
        case .bearer: return "bearer(scheme: \(name))"
        case .basic: return "basic(scheme: \(name))"
        case .header(let key): return "header(\(SwiftNaming.stringLiteral(key)), scheme: \(name))"
        case .query(let key): return "query(\(SwiftNaming.stringLiteral(key)), scheme: \(name))"
        case .cookie(let key): return "cookie(\(SwiftNaming.stringLiteral(key)), scheme: \(name))"
        }
    }
}
