/// `APIClient.swift`: a typed client of the same document. One `async throws` method per operation builds the
/// request from the operation's `Input` (parameters in their styles, the body by its media type, the operation's
/// security), sends it through a `ClientTransport` and its middleware, and reads the response back into the same
/// `Output` enum the handler returns: every documented response decoded and checked as the server checks its
/// input, any other status `.undocumented`.
struct ClientRenderer {
    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        // The router's imports, and Foundation always: the client names `Data` and `Date` where the router does
        // not (a binary response's body, a date header's local).
        var imports = plan.imports[.router] ?? []
        if !imports.contains(where: { $0.module == "Foundation" }) {
            imports.insert(ModuleImport(module: "Foundation", visible: false), at: 0)
        }
        writer.imports(imports, access: access)
        writer.documentation([
            "A client of \(plan.title): one method per operation, sent through `transport` and `middleware`.",
            "",
            "A documented response comes back as its `Output` case, decoded and checked; a body or header that",
            "breaks the document throws `ClientError.invalidResponse`; any other status is `.undocumented`.",
        ])
        var expressions = DecodeExpressions()
        writer.block("\(access) struct APIClient: Sendable") { writer in
            writer.line("/// The server's base URL, without a trailing slash: `https://api.example.com/v1`.")
            writer.line("\(access) let serverURL: String")
            writer.line("\(access) let transport: any ClientTransport")
            writer.line("/// Outermost first, as the server's middleware.")
            writer.line("\(access) let middleware: [any ClientMiddleware]")
            writer.line("/// Each security scheme's secret, by the scheme's name in the document.")
            writer.line("\(access) let credentials: ClientCredentials")
            writer.line()
            writer.wrappedBlock(
                "\(access) init(",
                [
                    "serverURL: String", "transport: any ClientTransport", "middleware: [any ClientMiddleware] = []",
                    "credentials: ClientCredentials = ClientCredentials()",
                ], ")"
            ) { writer in
                writer.line("self.serverURL = serverURL")
                writer.line("self.transport = transport")
                writer.line("self.middleware = middleware")
                writer.line("self.credentials = credentials")
            }
            for operation in plan.operations {
                writer.line()
                renderMethod(operation, into: &writer)
            }
            for flow in plan.passwordFlows {
                writer.line()
                // Named apart from every operation's method: `logIn`, or `logIn<Scheme>` beside another.
                let methods = Set(plan.operations.map(\.methodName))
                let plain = plan.passwordFlows.count == 1 && !methods.contains("logIn")
                let name = plain ? "logIn" : "logIn" + SwiftNaming.typeName(flow.scheme).trimmingBackticks
                renderLogIn(flow, named: methods.contains(name) ? name + "WithPassword" : name, into: &writer)
            }
            writer.line()
            renderSend(into: &writer)
        }
        for operation in plan.operations {
            writer.line()
            renderOutputInit(operation, expressions: &expressions, into: &writer)
        }
        expressions.renderPatterns(into: &writer)
        return writer.text
    }

    /// `logIn(username:password:)` for an OAuth 2.0 password flow: its token is kept for the scheme's operations.
    private func renderLogIn(
        _ flow: (scheme: String, tokenURL: String), named name: String, into writer: inout CodeWriter
    ) {
        let scheme = SwiftNaming.stringLiteral(flow.scheme)
        writer.documentation([
            "Logs in through the OAuth 2.0 password flow of `\(flow.scheme)` (`POST \(flow.tokenURL)`) and keeps the",
            "access token for every later request that scheme secures. Returns the token response's members.",
        ])
        writer.line("@discardableResult")
        writer.wrappedBlock(
            "\(access) func \(name)(", ["username: String", "password: String", "scope: String? = nil"],
            ") async throws -> [String: JSONValue]"
        ) { writer in
            writer.wrappedLine(
                "try await PasswordFlow.logIn(",
                [
                    "username: username", "password: password", "scope: scope",
                    "tokenURL: \(SwiftNaming.stringLiteral(flow.tokenURL))", "scheme: \(scheme)",
                    "credentials: credentials", "send: sendThroughMiddleware",
                ], ")")
        }
    }

    private func renderSend(into writer: inout CodeWriter) {
        writer.documentation(["The request through the middleware, outermost first, then the transport."])
        writer.block("private func sendThroughMiddleware(_ request: HTTPRequest) async throws -> HTTPResponse") {
            writer in
            writer.line("let transport = self.transport")
            writer.line("let serverURL = self.serverURL")
            writer.line("var next: @Sendable (HTTPRequest) async throws -> HTTPResponse = { request in")
            writer.line("    try await transport.send(request, serverURL: serverURL)")
            writer.line("}")
            writer.block("for step in middleware.reversed()") { writer in
                writer.line("let inner = next")
                writer.line("next = { try await step.intercept($0, next: inner) }")
            }
            writer.line("return try await next(request)")
        }
    }

    // MARK: Requests

    private func renderMethod(_ operation: OperationPlan, into writer: inout CodeWriter) {
        writer.documentation(operation.documentation)
        if operation.isDeprecated {
            writer.line("@available(*, deprecated, message: \"Deprecated in the API document.\")")
        }
        let input = operation.inputType + (operation.hasDefaultInput ? " = .init()" : "")
        writer.wrappedBlock(
            "\(access) func \(operation.methodName)(", ["_ input: \(input)"],
            ") async throws -> \(operation.outputType)"
        ) { writer in
            // Each `var` only where something is added to it: generated code builds with warnings as errors.
            let queryParameters = operation.queryParameters
            let cookieParameters = operation.cookieParameters
            let usesHeaders =
                operation.security != nil || operation.body != nil || !operation.headerParameters.isEmpty
                || !cookieParameters.isEmpty
            let usesQuery = operation.security != nil || !queryParameters.isEmpty
            let usesCookies = operation.security != nil || !cookieParameters.isEmpty
            if usesHeaders { writer.line("var headers = HTTPHeaders()") }
            if usesQuery { writer.line("var query = QueryString()") }
            if usesCookies { writer.line("var cookies: [String] = []") }
            if let security = operation.security {
                let alternatives = security.alternatives.map { alternative in
                    "[" + alternative.map { "." + $0.runtimeExpression }.joined(separator: ", ") + "]"
                }
                writer.wrappedLine("let security: [[CredentialSource]] = [", alternatives, "]")
                writer.wrappedLine(
                    "try credentials.apply(",
                    [
                        "security", "allowsAnonymous: \(security.allowsAnonymous)", "to: &headers", "query: &query",
                        "cookies: &cookies",
                    ], ")")
            }
            renderPath(operation, into: &writer)
            for (group, _, parameters) in operation.parameterGroups where group != "path" {
                for parameter in parameters {
                    renderParameter(parameter, group: group, into: &writer)
                }
            }
            if usesCookies {
                writer.line("if !cookies.isEmpty { headers.set(\"Cookie\", cookies.joined(separator: \"; \")) }")
            }
            if let plan = operation.body { renderBody(plan, into: &writer) }
            let target = usesQuery ? "query.encoded.isEmpty ? path : path + \"?\" + query.encoded" : "path"
            let arguments = [
                "method: \(SwiftNaming.stringLiteral(operation.method))", "target: \(target)",
                "headers: \(usesHeaders ? "headers" : "[:]")", "body: \(operation.body == nil ? "[]" : "body")",
            ]
            writer.wrappedLine("let request = HTTPRequest(", arguments, ")")
            writer.line("return try \(operation.outputType)(try await sendThroughMiddleware(request))")
        }
    }

    /// `path`: literal segments as written, parameters in their style (`"/tasks/"`, then the `id`).
    private func renderPath(_ operation: OperationPlan, into writer: inout CodeWriter) {
        var pieces: [(literal: String?, parameter: ParameterPlan?)] = []
        var literal = ""
        for segment in operation.segments {
            literal += "/"
            switch segment {
            case .literal(let text):
                literal += text
            case .parameter(let name), .affixed(_, let name, _):
                if case .affixed(let prefix, _, _) = segment { literal += prefix }
                pieces.append((literal, nil))
                literal = ""
                pieces.append((nil, operation.pathParameters.first { $0.name == name }))
                if case .affixed(_, _, let suffix) = segment { literal += suffix }
            }
        }
        if operation.segments.isEmpty { literal = "/" }
        if !literal.isEmpty { pieces.append((literal, nil)) }
        guard pieces.count > 1 else {
            writer.line("let path = \(SwiftNaming.stringLiteral(pieces.first?.literal ?? "/"))")
            return
        }
        writer.line("var path = \(SwiftNaming.stringLiteral(pieces[0].literal ?? ""))")
        for piece in pieces.dropFirst() {
            if let text = piece.literal { writer.line("path += \(SwiftNaming.stringLiteral(text))") }
            guard let parameter = piece.parameter else { continue }
            var arguments = [
                jsonAware(parameter, "input.path.\(parameter.swiftName)"),
                "name: \(SwiftNaming.stringLiteral(parameter.name))",
            ]
            if let styled = parameter.serialization, styled.shape != "json" {
                arguments += ["style: .\(styled.style)", "explode: \(styled.explode)"]
            }
            writer.wrappedLine("path += ClientParameters.path(", arguments, ")")
        }
    }

    /// A parameter declared with JSON `content` travels as its JSON text.
    private func jsonAware(_ parameter: ParameterPlan, _ value: String) -> String {
        parameter.serialization?.shape == "json" ? "ClientParameters.json(\(value))" : value
    }

    private func renderParameter(_ parameter: ParameterPlan, group: String, into writer: inout CodeWriter) {
        let optional = parameter.presence == .optional
        let value = jsonAware(parameter, optional ? "value" : "input.\(group).\(parameter.swiftName)")
        let name = SwiftNaming.stringLiteral(parameter.name)
        let styled = parameter.serialization.flatMap { $0.shape == "json" ? nil : $0 }
        let write: (inout CodeWriter) -> Void = { writer in
            switch group {
            case "query":
                let style = styled.map { ["style: .\($0.style)", "explode: \($0.explode)"] } ?? []
                writer.wrappedLine("ClientParameters.query(", ["&query", name, value] + style, ")")
            case "headers":
                let explode = styled.map { ["explode: \($0.explode)"] } ?? []
                writer.wrappedLine("headers.set(\(name), ClientParameters.header(", [value] + explode, "))")
            default:
                writer.wrappedLine("cookies.append(ClientParameters.cookie(", [name, value], "))")
            }
        }
        if optional {
            writer.block("if let value = input.\(group).\(parameter.swiftName)", write)
        } else {
            write(&writer)
        }
    }

    /// `let body` from the input's body by its first media type (an optional body: empty when absent).
    private func renderBody(_ body: BodyPlan, into writer: inout CodeWriter) {
        guard let (mediaType, format) = body.mediaTypes.first else { return }
        let value = body.isRequired ? "input.body" : "value"
        let contentType = SwiftNaming.stringLiteral(mediaType)
        var statements = ["headers.set(\"Content-Type\", \(contentType))"]
        let bytes: String
        switch format {
        case .json:
            bytes = "JSONWriter.encode(\(value), forRequest: true)"
        case .form:
            bytes = "FormEncoding.encode(\(value), forRequest: true) ?? JSONWriter.encode(\(value), forRequest: true)"
        case .multipart:
            let binary = (body.fields?.binary ?? []).map(SwiftNaming.stringLiteral)
            statements = [
                "let multipart = MultipartEncoding.encode(\(value), binaryFields: [" + binary.joined(separator: ", ")
                    + "])",
                "headers.set(\"Content-Type\", multipart.contentType)",
            ]
            bytes = "multipart.body"
        case .text:
            bytes = "Array(\(value).utf8)"
        case .binary:
            bytes = "Array(\(value))"
        }
        if body.isRequired {
            statements.forEach { writer.line($0) }
            writer.line("let body = \(bytes)")
        } else {
            writer.line("var body: [UInt8] = []")
            writer.block("if let value = input.body") { writer in
                statements.forEach { writer.line($0) }
                writer.line("body = \(bytes)")
            }
        }
    }

    // MARK: Responses

    private func renderOutputInit(
        _ operation: OperationPlan, expressions: inout DecodeExpressions, into writer: inout CodeWriter
    ) {
        writer.block("extension \(operation.outputType)") { writer in
            writer.documentation([
                "The output a response of `\(operation.method) \(operation.path)` stands for, its body and headers",
                "checked as the document says.",
            ])
            writer.block("\(access) init(_ response: HTTPResponse) throws") { writer in
                writer.switchBlock("switch response.status") { writer in
                    let ordered =
                        operation.responses.filter { if case .code = $0.status { true } else { false } }
                        + operation.responses.filter { if case .range = $0.status { true } else { false } }
                        + operation.responses.filter { if case .default = $0.status { true } else { false } }
                    for response in ordered {
                        switch response.status {
                        case .code(let code): writer.line("case \(code):")
                        case .range(let digit): writer.line("case \(digit * 100)..<\(digit * 100 + 100):")
                        case .default: writer.line("default:")
                        }
                        writer.indent { writer in renderDecoding(response, expressions: &expressions, into: &writer) }
                    }
                    if operation.hasUndocumentedCase {
                        writer.line("default:")
                        writer.line("    self = .undocumented(response)")
                    }
                }
            }
        }
    }

    private func renderDecoding(
        _ response: ResponsePlan, expressions: inout DecodeExpressions, into writer: inout CodeWriter
    ) {
        var values: [String] = []
        if response.carriesStatus { values.append("status: response.status") }
        let needsValidator: Bool = {
            if case .json? = response.body { return true }
            return !response.headers.isEmpty
        }()
        // A form's fields are text, like headers.
        let jsonBody: Bool = {
            if case .json? = response.body { return response.formFields == nil }
            return false
        }()
        // Headers are text, converted by their schemas; a JSON body is not.
        if needsValidator {
            let coerces = jsonBody ? "" : "coercesText: true, "
            writer.line("var validator = Validator(\(coerces)readsResponse: true)")
        }
        var unwrapped: [String] = []
        switch response.body {
        case .json(let kind, _)?:
            if let fields = response.formFields {
                let arrays = fields.arrays.map(SwiftNaming.stringLiteral).joined(separator: ", ")
                let json = fields.json.map(SwiftNaming.stringLiteral).joined(separator: ", ")
                writer.line("let json = try ClientDecoding.form(response, arrays: [\(arrays)], json: [\(json)])")
            } else {
                writer.line("let json = try ClientDecoding.json(response)")
            }
            writer.write(expressions.decode(kind, json: "json", location: "\"body\""), prefix: "let body = ")
            unwrapped.append("let body")
            values.append("body")
        case .problem?: values.append("ClientDecoding.problem(response)")
        case .text?: values.append("try ClientDecoding.text(response)")
        case .binary?: values.append("Data(response.body)")
        case nil: break
        }
        if jsonBody, !response.headers.isEmpty { writer.line("validator.coercesText = true") }
        for header in response.headers {
            let literal = SwiftNaming.stringLiteral(header.name)
            let location = SwiftNaming.stringLiteral("header." + header.name.lowercased())
            writer.line("var \(header.localName): \(header.value.swiftType)?")
            writer.line("if let text = ClientDecoding.header(response, \(literal)) {")
            writer.indent { writer in
                writer.write(
                    expressions.decode(header.value, json: "text", location: location), prefix: "\(header.localName) = "
                )
            }
            if header.isRequired {
                writer.line("} else {")
                writer.line("    validator.missing(at: \(location))")
                unwrapped.append("let \(header.localName)")
            }
            writer.line("}")
            values.append("\(header.swiftName.argumentLabel): \(header.localName)")
        }
        if needsValidator {
            writer.line("try ClientDecoding.check(validator, response)")
            if !unwrapped.isEmpty {
                writer.wrappedLine(
                    "guard ", unwrapped,
                    " else { throw ClientError.invalidResponse(status: response.status, detail: \"incomplete\") }")
            }
        }
        let caseName = response.caseName.trimmingBackticks
        writer.line(
            values.isEmpty ? "self = .\(caseName)" : "self = .\(caseName)(" + values.joined(separator: ", ") + ")")
    }
}

extension OperationPlan {
    /// Whether every member of `Input` has a default, so the client method can be called without one.
    var hasDefaultInput: Bool {
        allParameters.allSatisfy(\.hasDefault) && (body.map { !$0.isRequired } ?? true)
    }

    /// An operation without a `default` response has an `undocumented` case for every other status.
    var hasUndocumentedCase: Bool {
        !responses.contains { if case .default = $0.status { true } else { false } }
    }
}
