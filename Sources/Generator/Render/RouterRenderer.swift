/// `APIRouter.swift`: routes a request by method and path segments (a plain `switch`, no regex or trie),
/// decodes and checks every input, calls the handler and encodes its output.
struct RouterRenderer {
    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.imports(plan.imports[.router], access: access)
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
            writer.line()
            renderResponseBeforeBody(into: &writer)
            if plan.hasCompoundSecurity {
                writer.line()
                renderAuthenticateAll(into: &writer)
            }
            for operation in plan.operations {
                writer.line()
                renderOperation(operation, expressions: &expressions, into: &writer)
            }
            for operation in plan.operations where operation.body != nil {
                writer.line()
                renderBodylessChecks(operation, into: &writer)
            }
        }
        renderDeprecatedCalls(into: &writer)
        expressions.renderPatterns(into: &writer)
        return writer.text
    }

    /// The router calls deprecated handler methods through a protocol whose requirements are not deprecated, so
    /// that its own calls compile without warnings (builds with warnings as errors included) while every other
    /// caller of those methods still gets one.
    private func renderDeprecatedCalls(into writer: inout CodeWriter) {
        let deprecated = plan.operations.filter(\.isDeprecated)
        guard !deprecated.isEmpty else { return }
        writer.line()
        writer.documentation([
            "The handler's deprecated methods, called by the router through requirements that are not deprecated."
        ])
        writer.block("private protocol DeprecatedOperations") { writer in
            for operation in deprecated {
                let (opener, parameters, closer) = operation.deprecatedCallSignature
                writer.wrappedLine(opener, parameters, closer)
            }
        }
        writer.line()
        writer.block("private struct DeprecatedOperationCalls: DeprecatedOperations") { writer in
            for (index, operation) in deprecated.enumerated() {
                if index > 0 { writer.line() }
                writer.line("@available(*, deprecated)")
                let (opener, parameters, closer) = operation.deprecatedCallSignature
                writer.wrappedBlock(opener, parameters, closer) { writer in
                    writer.line("try await handler.\(operation.methodName)(\(operation.handlerArguments))")
                }
            }
        }
    }

    /// `respond` finds the operation in a plain function and awaits it once. Dispatching with one `await` per
    /// operation inside `respond` made the compiler split that function at every one of them: for Box's 296
    /// operations, 185 s and 13.5 GB to compile this file (Stripe's did not finish).
    private func renderDispatch(into writer: inout CodeWriter) {
        writer.documentation([
            "Answers one request. Errors that are not `ProblemConvertible` are rethrown: the server logs them and",
            "answers `500` without details.",
        ])
        writer.block("\(access) func respond(to request: HTTPRequest) async throws -> HTTPResponse") { writer in
            writer.line("do {")
            writer.indent { writer in
                writer.switchBlock("switch try route(request)") { writer in
                    writer.line("case .operation(let operation):")
                    writer.line("    return try await operation(request)")
                    writer.line("case .options(let allowed):")
                    writer.line("    return RoutingProblem.options(allowed: allowed)")
                }
            }
            writer.line("} catch let error as any ProblemConvertible {")
            writer.line("    return HTTPResponse(problem: error.problem)")
            writer.line("}")
        }
        writer.line()
        writer.documentation(["What a request's method and path lead to."])
        writer.block("private enum Route") { writer in
            writer.line("case operation((HTTPRequest) async throws -> HTTPResponse)")
            writer.line("/// `OPTIONS` on a path whose operations do not declare it: the methods it allows.")
            writer.line("case options(allowed: [String])")
        }
        writer.line()
        writer.documentation([
            "The operation for `request`'s method and path; throws `404` for an unknown path, `405` for a method the",
            "path does not take.",
        ])
        writer.block("private func route(_ request: HTTPRequest) throws -> Route") { writer in
            writer.line("guard let segments = request.pathSegments else { throw RoutingProblem.notFound() }")
            writer.switchBlock("switch segments.count") { writer in
                for group in plan.routes {
                    writer.line("case \(group.segmentCount):")
                    writer.indent { writer in
                        for route in group.routes {
                            renderRoute(route.segments, route.operations, into: &writer)
                        }
                    }
                }
                writer.line("default:")
                writer.line("    break")
            }
            writer.line("throw RoutingProblem.notFound()")
        }
    }

    private func renderRoute(
        _ segments: [OperationPlan.Segment], _ operations: [OperationPlan], into writer: inout CodeWriter
    ) {
        let conditions = Self.conditions(segments)
        // HEAD is answered like GET, and OPTIONS — unless an operation declares it — by the methods themselves.
        let answersOptions = !operations.contains { $0.method == "OPTIONS" }
        let headLikeGet = !operations.contains { $0.method == "HEAD" }
        let allowed =
            operations.flatMap { $0.method == "GET" && headLikeGet ? ["GET", "HEAD"] : [$0.method] }
            + (answersOptions ? ["OPTIONS"] : [])
        let allowedList = allowed.map { "\"\($0)\"" }
        let body: (inout CodeWriter) -> Void = { writer in
            writer.switchBlock("switch request.method") { writer in
                for operation in operations {
                    let methods =
                        operation.method == "GET" && headLikeGet ? "\"GET\", \"HEAD\"" : "\"\(operation.method)\""
                    writer.line("case \(methods):")
                    let call =
                        operation.needsSegments
                        ? " { try await \(operation.routeMethodName)($0, segments) }" : "(\(operation.routeMethodName))"
                    writer.line("    return .operation\(call)")
                }
                if answersOptions {
                    writer.line("case \"OPTIONS\":")
                    writer.indent { writer in
                        writer.wrappedLine("return .options(allowed: [", allowedList, "])")
                    }
                }
                writer.line("default:")
                writer.indent { writer in
                    writer.wrappedLine(
                        "throw RoutingProblem.methodNotAllowed(allowed: [", allowedList, "])")
                }
            }
        }
        if conditions.isEmpty {
            body(&writer)
        } else {
            writer.wrappedBlock("if ", conditions, "", body)
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
                for group in plan.routes {
                    writer.line("case \(group.segmentCount):")
                    writer.indent { writer in
                        for route in group.routes {
                            let conditions = Self.conditions(route.segments)
                            let template = SwiftNaming.stringLiteral(route.operations[0].path)
                            if conditions.isEmpty {
                                writer.line("return \(template)")
                            } else {
                                writer.wrappedLine("if ", conditions, " { return \(template) }")
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

    /// What a server answers `Expect: 100-continue` with when the head alone decides (RFC 9110 §10.1.1): an
    /// unknown path, a missing or rejected credential, an unsupported `Content-Type`. Only the checks an
    /// operation makes before it reads the body run here, so a `nil` means the body is worth sending.
    private func renderResponseBeforeBody(into writer: inout CodeWriter) {
        writer.documentation([
            "The answer the head of `request` already decides, before its body is read (for `Expect: 100-continue`):",
            "`404` for an unknown path, `401` for a missing or rejected credential, `415` for a `Content-Type` the",
            "operation does not take; `nil` when the body is needed to answer.",
        ])
        writer.block("\(access) func responseBeforeBody(to request: HTTPRequest) async -> HTTPResponse?") { writer in
            writer.line("do {")
            writer.indent { writer in
                // One `await` after the switch, for the reason given at `renderDispatch`.
                writer.line("let checks: ((HTTPRequest) async throws -> Void)?")
                writer.switchBlock("switch (Self.routeTemplate(for: request), request.method)") { writer in
                    writer.line("case (nil, _):")
                    writer.line("    throw RoutingProblem.notFound()")
                    for operation in plan.operations where operation.body != nil {
                        let template = SwiftNaming.stringLiteral(operation.path)
                        writer.line("case (\(template), \(SwiftNaming.stringLiteral(operation.method))):")
                        writer.line("    checks = \(Self.bodylessChecksName(operation))")
                    }
                    writer.line("default:")
                    writer.line("    checks = nil")
                }
                writer.line("try await checks?(request)")
                writer.line("return nil")
            }
            writer.line("} catch let error as any ProblemConvertible {")
            writer.line("    return HTTPResponse(problem: error.problem)")
            writer.line("} catch {")
            writer.line("    return nil  // not the head's to decide: the full request meets it again")
            writer.line("}")
        }
    }

    private static func bodylessChecksName(_ operation: OperationPlan) -> String {
        "check" + operation.routeMethodName.dropFirst("route".count) + "BeforeBody"
    }

    /// The checks of `renderOperation` that need no body: the credential and the media type.
    private func renderBodylessChecks(_ operation: OperationPlan, into writer: inout CodeWriter) {
        guard let body = operation.body else { return }
        writer.documentation(["`\(operation.method) \(operation.path)` up to its body."])
        writer.block("private func \(Self.bodylessChecksName(operation))(_ request: HTTPRequest) async throws") {
            writer in
            renderSecurity(operation, into: &writer)
            if operation.security != nil { writer.line("_ = principal") }
            let accepted = body.mediaTypes.map {
                "(\(SwiftNaming.stringLiteral($0.mediaType)), .\($0.format.rawValue))"
            }
            writer.wrappedLine("try RequestBody.checkMediaType(request, accepting: [", accepted, "])")
        }
    }

    private func renderAuthenticateAll(into writer: inout CodeWriter) {
        writer.documentation([
            "One credential goes to `authenticate(_: Credential)`; the several of a requirement that names several",
            "schemes go to `authenticate(_: [Credential])`.",
        ])
        writer.block("private func authenticateAll(_ credentials: [Credential]) async throws -> Handler.Principal") {
            writer in
            writer.block("if credentials.count == 1") { writer in
                writer.line("return try await handler.authenticate(credentials[0])")
            }
            writer.line("return try await handler.authenticate(credentials)")
        }
    }

    /// Literal segments must match exactly; a parameter segment must not be empty (`/tasks/` is not `/tasks/{id}`).
    private static func conditions(_ segments: [OperationPlan.Segment]) -> [String] {
        segments.enumerated().map { index, segment in
            switch segment {
            case .literal(let text): "segments[\(index)] == \(SwiftNaming.stringLiteral(text))"
            case .parameter: "!segments[\(index)].isEmpty"
            case .affixed(let prefix, _, let suffix):
                "segments[\(index)].count > \(prefix.count + suffix.count)"
                    + (prefix.isEmpty ? "" : " && segments[\(index)].hasPrefix(\(SwiftNaming.stringLiteral(prefix)))")
                    + (suffix.isEmpty ? "" : " && segments[\(index)].hasSuffix(\(SwiftNaming.stringLiteral(suffix)))")
            }
        }
    }

    // MARK: Operations

    private func renderOperation(
        _ operation: OperationPlan,
        expressions: inout DecodeExpressions,
        into writer: inout CodeWriter
    ) {
        writer.documentation(["`\(operation.method) \(operation.path)`"])
        let parameters = ["_ request: HTTPRequest"] + (operation.needsSegments ? ["_ segments: [Substring]"] : [])
        let opener = "private func \(operation.routeMethodName)("
        writer.wrappedBlock(opener, parameters, ") async throws -> HTTPResponse") { writer in
            renderSecurity(operation, into: &writer)
            // Issues come from parameters, a body decoded by its schema, or a required body that is missing; an
            // optional binary body alone has none.
            let bodyHasIssues = operation.body.map { $0.isRequired || !$0.value.isBytes } ?? false
            let hasInput = !operation.allParameters.isEmpty || bodyHasIssues
            if hasInput {
                writer.line("var validator = Validator(coercesText: true)")
            }
            renderParameters(operation, expressions: &expressions, into: &writer)
            if let body = operation.body {
                renderBody(body, expressions: &expressions, into: &writer)
            }
            var unwrapped = operation.allParameters.filter { $0.presence.isUnwrappedAfterDecoding }.map {
                "let \($0.localName)"
            }
            if operation.body?.isRequired == true { unwrapped.append("let body") }
            if hasInput {
                writer.wrappedLine("guard ", ["validator.isValid"] + unwrapped, " else { throw validator.problem }")
            }
            var arguments: [String] = []
            for (group, typeName, parameters) in operation.parameterGroups {
                // Each group in a constant of its own, so that a long argument list wraps on its own lines.
                let constant = "input" + typeName
                let values = parameters.map { "\($0.swiftName.argumentLabel): \($0.localName)" }
                writer.wrappedLine("let \(constant) = \(operation.inputType).\(typeName)(", values, ")")
                arguments.append("\(group): \(constant)")
            }
            if operation.body != nil { arguments.append("body: body") }
            writer.wrappedLine("let input = \(operation.inputType)(", arguments, ")")
            if operation.isDeprecated {
                writer.line("let calls: any DeprecatedOperations = DeprecatedOperationCalls()")
                writer.line(
                    "return try await calls.\(operation.methodName)(handler, \(operation.handlerArguments)).response")
            } else {
                writer.line("return try await handler.\(operation.methodName)(\(operation.handlerArguments)).response")
            }
        }
    }

    /// The first alternative whose credentials are all present is authenticated; none present is a `401` unless
    /// the operation also allows anonymous calls.
    private func renderSecurity(_ operation: OperationPlan, into writer: inout CodeWriter) {
        guard let security = operation.security else { return }
        if security.isCompound {
            let alternatives = security.alternatives.map { alternative in
                "[" + alternative.map { "." + $0.runtimeExpression }.joined(separator: ", ")
                    + "]"
            }
            let authenticate = "authenticateAll(credentials)"
            if security.allowsAnonymous {
                writer.line("var principal: Handler.Principal?")
                writer.wrappedBlock(
                    "if let credentials = CredentialLookup.all(in: request, anyOf: [", alternatives, "])"
                ) {
                    writer in writer.line("principal = try await \(authenticate)")
                }
            } else {
                writer.wrappedLine(
                    "let credentials = try CredentialLookup.requireAll(in: request, anyOf: [", alternatives, "])")
                writer.line("let principal = try await \(authenticate)")
            }
            return
        }
        let sources = security.alternatives.map { "." + $0[0].runtimeExpression }
        if security.allowsAnonymous {
            writer.line("var principal: Handler.Principal?")
            writer.wrappedBlock("if let credential = CredentialLookup.first(in: request, from: [", sources, "])") {
                writer in
                writer.line("principal = try await handler.authenticate(credential)")
            }
        } else {
            writer.wrappedLine("let credential = try CredentialLookup.require(in: request, from: [", sources, "])")
            writer.line("let principal = try await handler.authenticate(credential)")
        }
    }

    private func renderParameters(
        _ operation: OperationPlan,
        expressions: inout DecodeExpressions,
        into writer: inout CodeWriter
    ) {
        if !operation.queryParameters.isEmpty {
            writer.line("let query = try RequestParameters.queryItems(of: request)")
        }
        for (index, segment) in operation.segments.enumerated() {
            guard let name = segment.parameterName,
                let parameter = operation.pathParameters.first(where: { $0.name == name })
            else { continue }
            var piece = "segments[\(index)]"
            if case .affixed(let prefix, _, let suffix) = segment {
                piece +=
                    (prefix.isEmpty ? "" : ".dropFirst(\(prefix.count))")
                    + (suffix.isEmpty ? "" : ".dropLast(\(suffix.count))")
            }
            let location = SwiftNaming.stringLiteral("path.\(name)")
            let json =
                parameter.serialization.map { styled in
                    DecodeCall("RequestParameters.path", [piece, SwiftNaming.stringLiteral(name)] + styled.arguments)
                        .inline
                } ?? "RequestParameters.path(\(piece))"
            writer.write(
                expressions.decode(parameter.value, json: json, location: location),
                prefix: "let \(parameter.localName) = ")
        }
        let groups: [(prefix: String, parameters: [ParameterPlan], source: (ParameterPlan) -> DecodeCall)] = [
            (
                "query", operation.queryParameters,
                { parameter in
                    let name = SwiftNaming.stringLiteral(parameter.name)
                    if let styled = parameter.serialization {
                        return DecodeCall("RequestParameters.query", ["query", name] + styled.arguments)
                    }
                    return DecodeCall(
                        parameter.isArray ? "RequestParameters.queryList" : "RequestParameters.query", ["query", name])
                }
            ),
            (
                "header", operation.headerParameters,
                { parameter in
                    let name = SwiftNaming.stringLiteral(parameter.name)
                    if let styled = parameter.serialization {
                        return DecodeCall("RequestParameters.header", ["request", name] + styled.unstyledArguments)
                    }
                    return DecodeCall(
                        parameter.isArray ? "RequestParameters.headerList" : "RequestParameters.header",
                        ["request", name])
                }
            ),
            (
                "cookie", operation.cookieParameters,
                { parameter in
                    let name = SwiftNaming.stringLiteral(parameter.name)
                    return DecodeCall(
                        "RequestParameters.cookie",
                        ["request", name] + (parameter.serialization?.unstyledArguments ?? []))
                }
            ),
        ]
        for group in groups {
            for parameter in group.parameters {
                let locationName = group.prefix == "header" ? parameter.name.lowercased() : parameter.name
                let location = SwiftNaming.stringLiteral("\(group.prefix).\(locationName)")
                let call = expressions.decode(parameter.value, json: "value", location: location)
                let source = group.source(parameter)
                let local = parameter.localName
                switch parameter.presence {
                case .defaulted(let fallback):
                    writer.line("var \(local): \(parameter.value.swiftType) = \(fallback.swiftExpression)")
                    // A value that fails its checks leaves an issue, so keeping the default then changes nothing.
                    writer.write(source, prefix: "if let value = ", suffix: " {")
                    writer.indent { writer in writer.write(call, prefix: "\(local) = ", suffix: " ?? \(local)") }
                    writer.line("}")
                case .required:
                    writer.line("var \(local): \(parameter.value.swiftType)?")
                    writer.write(source, prefix: "if let value = ", suffix: " {")
                    writer.indent { writer in writer.write(call, prefix: "\(local) = ") }
                    writer.line("} else {")
                    writer.line("    validator.missing(at: \(location))")
                    writer.line("}")
                default:
                    writer.line("var \(local): \(parameter.value.swiftType)?")
                    writer.write(source, prefix: "if let value = ", suffix: " {")
                    writer.indent { writer in writer.write(call, prefix: "\(local) = ") }
                    writer.line("}")
                }
            }
        }
    }

    private func renderBody(_ body: BodyPlan, expressions: inout DecodeExpressions, into writer: inout CodeWriter) {
        let accepted = body.mediaTypes.map { "(\(SwiftNaming.stringLiteral($0.mediaType)), .\($0.format.rawValue))" }
        writer.line("var body: \(body.value.swiftType)?")
        let acceptedList = "accepting: [" + accepted.joined(separator: ", ") + "]"
        var arguments = ["request", acceptedList]
        if let fields = body.fields, !(fields.binary + fields.arrays + fields.json).isEmpty {
            let sets = [("binary", fields.binary), ("arrays", fields.arrays), ("json", fields.json)].filter {
                !$0.1.isEmpty
            }
            arguments.append(
                "fields: .init("
                    + sets.map { "\($0.0): [" + $0.1.map(SwiftNaming.stringLiteral).joined(separator: ", ") + "]" }
                    .joined(separator: ", ") + ")")
        }
        writer.wrappedLine("if let content = try RequestBody.decode(", arguments, ") {")
        writer.indent { writer in
            if body.value.isBytes {
                writer.line("body = Data(content.bytes)")
            } else {
                writer.line("validator.coercesText = content.isForm")
                writer.write(
                    expressions.decode(body.value, json: "content.json", location: "\"body\""), prefix: "body = ")
            }
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

    /// Whether the route reads path parameters out of the segments.
    var needsSegments: Bool {
        segments.contains { segment in
            guard let name = segment.parameterName else { return false }
            return pathParameters.contains { $0.name == name }
        }
    }
}

extension ParameterSerialization {
    /// `style: .label`, `explode: false`, `shape: .array`
    var arguments: [String] { ["style: .\(style)"] + unstyledArguments }

    /// Headers and cookies have one style each.
    var unstyledArguments: [String] { ["explode: \(explode)", "shape: .\(shape)"] }
}

extension OperationPlan {
    /// `input`, and `principal: principal` for a secured operation: what the router passes to the handler method.
    fileprivate var handlerArguments: String { security == nil ? "input" : "input, principal: principal" }

    /// `func name<Handler: APIHandler>(_ handler: Handler, _ input: …, principal: …) async throws -> Output`, as
    /// opener, arguments and closer for `wrappedLine`.
    fileprivate var deprecatedCallSignature: (String, [String], String) {
        var parameters = ["_ handler: Handler", "_ input: \(inputType)"]
        if let security {
            parameters.append("principal: Handler.Principal" + (security.allowsAnonymous ? "?" : ""))
        }
        return ("func \(methodName)<Handler: APIHandler>(", parameters, ") async throws -> \(outputType)")
    }
}

extension SecurityPlan.Scheme {
    /// The runtime's `CredentialSource` for this scheme, e.g. `bearer(scheme: "oauth", scopes: ["read"])`.
    var runtimeExpression: String {
        var scheme = "scheme: " + SwiftNaming.stringLiteral(name)
        if !scopes.isEmpty {
            scheme += ", scopes: [" + scopes.map(SwiftNaming.stringLiteral).joined(separator: ", ") + "]"
        }
        switch source {
        case .bearer: return "bearer(\(scheme))"
        case .basic: return "basic(\(scheme))"
        case .header(let key): return "header(\(SwiftNaming.stringLiteral(key)), \(scheme))"
        case .query(let key): return "query(\(SwiftNaming.stringLiteral(key)), \(scheme))"
        case .cookie(let key): return "cookie(\(SwiftNaming.stringLiteral(key)), \(scheme))"
        }
    }
}
