import Foundation

/// Operations: their inputs, outputs, routes and security.
extension Translator {
    mutating func makeOperation(
        _ operation: Operation,
        methodNames: inout NameSet,
        typeNames: inout NameSet
    ) -> OperationPlan {
        let swiftBase = nameOverrides[operation.operationID] ?? operation.operationID
        let typeName = SwiftNaming.unique(SwiftNaming.typeName(swiftBase), in: &typeNames)
        let owner = "Operations.\(typeName)"
        var nested: [TypeDeclaration] = []
        var usedNestedNames = NameSet.types("Input", "Output", "Path", "Query", "Headers", "Cookies")
        var parameters: [Parameter.Location: [ParameterPlan]] = [:]
        var usedParameterNames: [Parameter.Location: NameSet] = [:]
        // One router method decodes every group, so a path and a query parameter of one name need two locals.
        var usedLocalNames: NameSet = []
        for parameter in operation.parameters {
            // OpenAPI: these header parameters are ignored; the media types and security schemes describe them.
            if parameter.location == .header,
                ["accept", "content-type", "authorization"].contains(parameter.name.lowercased())
            {
                continue
            }
            let value = valueKind(
                parameter.schema, owner: owner, suggestedName: SwiftNaming.typeName(parameter.name),
                nested: &nested, used: &usedNestedNames
            )
            let shape = parameter.isJSON ? "json" : parameterShape(parameter.schema, parameter)
            var presence = Presence.optional
            if parameter.isRequired {
                presence = .required
            } else if let fallback = parameter.schema.defaultValue ?? resolvedSchema(parameter.schema).defaultValue,
                let resolved = resolveDefault(fallback, for: value)
            {
                presence = .defaulted(resolved)
            }
            let swiftName = SwiftNaming.unique(
                SwiftNaming.memberName(parameter.name), in: &usedParameterNames[parameter.location, default: []]
            )
            parameters[parameter.location, default: []].append(
                ParameterPlan(
                    name: parameter.name,
                    swiftName: swiftName,
                    localName: usedLocalNames.claim("_" + swiftName.trimmingBackticks),
                    value: value,
                    presence: presence,
                    documentation: Self.documentation(parameter.description, pointer: nil),
                    serialization: Self.serialization(parameter, shape: shape)
                )
            )
        }
        let body = operation.requestBody.flatMap { bodyPlan($0, owner: owner, nested: &nested, used: &usedNestedNames) }
        var usedCases: NameSet = []
        let responses = operation.responses.map { response in
            responsePlan(response, owner: owner, nested: &nested, used: &usedNestedNames, usedCases: &usedCases)
        }
        return OperationPlan(
            typeName: typeName,
            methodName: SwiftNaming.unique(SwiftNaming.memberName(swiftBase), in: &methodNames),
            operationID: operation.operationID,
            method: operation.method.token,
            path: operation.path,
            segments: segments(of: operation),
            documentation: Self.operationDocumentation(operation),
            pathParameters: parameters[.path] ?? [],
            queryParameters: parameters[.query] ?? [],
            headerParameters: parameters[.header] ?? [],
            cookieParameters: parameters[.cookie] ?? [],
            body: body,
            responses: responses,
            security: securityPlan(operation.security),
            isDeprecated: operation.isDeprecated,
            nested: nested
        )
    }

    /// `scalar`, `array`, `object`, `scalarOrObject` for a union with an object among other members, or `json`
    /// for an array of objects or arrays outside `deepObject`: no style writes those, so the value is read as
    /// JSON text (`filters=[{"scope":"global"}]`), as APIs that take them do.
    private mutating func parameterShape(_ schema: Schema, _ parameter: Parameter) -> String {
        let shape = parameterShape(schema)
        guard shape == "array", parameter.style != .deepObject, let items = resolvedSchema(schema).items,
            parameterShape(items) != "scalar"
        else { return shape }
        diagnostics.warning(
            "no style writes an array of objects or arrays: parameter '\(parameter.name)' is read as JSON text",
            at: parameter.sourceLocation)
        return "json"
    }

    private func parameterShape(_ schema: Schema) -> String {
        let resolved = resolvedSchema(schema)
        func isObject(_ schema: Schema) -> Bool {
            [.structure, .composition].contains(schema.declarationKind) || schema.type == .object
        }
        if resolved.declarationKind == .union {
            let members = (resolved.oneOf.isEmpty ? resolved.anyOf : resolved.oneOf).map(resolvedSchema)
            if members.allSatisfy(isObject) { return "object" }
            return members.contains(where: isObject) ? "scalarOrObject" : "scalar"
        }
        if isObject(resolved) { return "object" }
        return resolved.type == .array || resolved.items != nil ? "array" : "scalar"
    }

    /// `nil` where the plain readers already do what the style says.
    private static func serialization(_ parameter: Parameter, shape: String) -> ParameterSerialization? {
        let plain: Bool
        switch (parameter.location, shape) {
        case (_, "scalar"): plain = parameter.style != .label && parameter.style != .matrix
        case (.query, "array"): plain = parameter.style == .form && parameter.explode
        case (.header, "array"): plain = true
        default: plain = false
        }
        guard !plain else { return nil }
        return ParameterSerialization(style: parameter.style.rawValue, explode: parameter.explode, shape: shape)
    }

    private func isComponentEnum(_ qualified: String) -> Bool {
        guard let name = componentNames[qualified], let schema = schemasByName[name] else { return false }
        return effectiveSchema(schema).enumValues != nil
    }

    private mutating func segments(of operation: Operation) -> [OperationPlan.Segment] {
        operation.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { segment in
            let inner = segment.dropFirst().dropLast()
            if segment.hasPrefix("{"), segment.hasSuffix("}"), !inner.isEmpty, !inner.contains("{"),
                !inner.contains("}")
            {
                return .parameter(String(inner))
            }
            // `thumbnail.{extension}`: one parameter between literal text.
            if let open = segment.firstIndex(of: "{"), let close = segment[open...].firstIndex(of: "}"),
                !segment[segment.index(after: close)...].contains("{"), !segment[..<open].contains("}"),
                !segment[segment.index(after: close)...].contains("}"), segment.index(after: open) < close,
                !segment[segment.index(after: open)..<close].contains("{")
            {
                return .affixed(
                    prefix: String(segment[..<open]), name: String(segment[segment.index(after: open)..<close]),
                    suffix: String(segment[segment.index(after: close)...]))
            }
            if segment.contains("{") || segment.contains("}") {
                diagnostics.error(
                    "path segment '\(segment)' is not text with at most one '{parameter}' in it",
                    at: operation.location
                )
            }
            return .literal(String(segment))
        }
    }

    private static func operationDocumentation(_ operation: Operation) -> [String] {
        var text = [operation.summary, operation.description].compactMap { $0 }.joined(separator: "\n\n")
        if text.isEmpty { text = "`\(operation.method.token) \(operation.path)`" }
        return documentation(text, pointer: operation.pointer)
    }

    // MARK: Bodies

    /// The media types the generator can handle. The others are ignored with a warning when a supported one is
    /// left, and are an error when none is.
    private mutating func supportedContents(_ contents: [MediaContent], of kind: String) -> [MediaContent] {
        let supported = contents.filter { Self.mediaFormat($0.mediaType) != nil }
        for content in contents where Self.mediaFormat(content.mediaType) == nil {
            if supported.isEmpty {
                diagnostics.error("\(kind) media type '\(content.mediaType)' is not supported", at: content.location)
            } else {
                diagnostics.warning(
                    "\(kind) media type '\(content.mediaType)' is not supported; ignored", at: content.location)
            }
        }
        return supported
    }

    /// Media types whose bodies are bytes to the generated code, besides images, audio, video and fonts.
    private static let binaryMediaTypes: Set<String> = [
        "application/octet-stream", "application/pdf", "application/zip", "application/gzip", "*/*",
    ]

    static func mediaFormat(_ mediaType: String) -> BodyPlan.Format? {
        let type = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? mediaType
        if type == "application/json" || type.hasSuffix("+json") { return .json }
        if type == "application/x-www-form-urlencoded" { return .form }
        if type == "multipart/form-data" { return .multipart }
        if type.hasPrefix("text/") || type == "application/yaml" || type == "application/x-yaml" { return .text }
        if binaryMediaTypes.contains(type) || ["image/", "audio/", "video/", "font/"].contains(where: type.hasPrefix) {
            return .binary
        }
        return nil
    }

    private mutating func bodyPlan(
        _ body: RequestBody,
        owner: String,
        nested: inout [TypeDeclaration],
        used: inout NameSet
    ) -> BodyPlan? {
        var supported = supportedContents(body.contents, of: "request")
        guard let first = supported.first else { return nil }
        // Bytes and parsed bodies cannot share one Swift type: the first media type decides which it is.
        let isBinary = Self.mediaFormat(first.mediaType) == .binary
        supported = supported.filter { content in
            guard (Self.mediaFormat(content.mediaType) == .binary) != isBinary else { return true }
            diagnostics.warning(
                "request media type '\(content.mediaType)' is ignored: '\(first.mediaType)' comes first and is "
                    + (isBinary ? "bytes" : "parsed"),
                at: content.location)
            return false
        }
        for content in supported.dropFirst()
        where !isBinary && content.schema?.signature != first.schema?.signature {
            diagnostics.warning(
                "media types of one request body have different schemas; '\(first.mediaType)''s is used for all",
                at: content.location
            )
        }
        let schema = first.schema ?? Schema(location: first.location, pointer: "")
        let value =
            isBinary ? .bytes : valueKind(schema, owner: owner, suggestedName: "Body", nested: &nested, used: &used)
        let mediaTypes = supported.compactMap { content in
            Self.mediaFormat(content.mediaType).map { (content.mediaType, $0) }
        }
        for (mediaType, format) in mediaTypes {
            switch (format, value) {
            // A form of any fields (`type: object` alone, or typed `additionalProperties`) is an object too.
            case (.form, .named), (.multipart, .named), (.form, .any), (.multipart, .any), (.form, .dictionary),
                (.multipart, .dictionary), (.json, _), (.text, .string), (.binary, _):
                break
            case (.multipart, _):
                diagnostics.error("a '\(mediaType)' body must be an object schema", at: first.location)
            case (.form, _):
                diagnostics.error("a '\(mediaType)' body must be an object schema", at: first.location)
            case (.text, _):
                diagnostics.error("a '\(mediaType)' body must be a string schema", at: first.location)
            case (_, _):
                diagnostics.error("a '\(mediaType)' body cannot be read as bytes", at: first.location)
            }
        }
        var plan = BodyPlan(
            value: value,
            isRequired: body.isRequired,
            mediaTypes: mediaTypes,
            documentation: Self.documentation(body.description, pointer: nil)
        )
        if mediaTypes.contains(where: { $0.1 == .multipart || $0.1 == .form }) { plan.fields = formFields(schema) }
        return plan
    }

    /// Which fields of a form or parts of a multipart body hold bytes (files), arrays (repeated fields) and objects
    /// (JSON parts).
    private func formFields(_ schema: Schema) -> (binary: [String], arrays: [String], json: [String]) {
        var fields: (binary: [String], arrays: [String], json: [String]) = ([], [], [])
        for property in resolvedSchema(schema).properties {
            var member = resolvedSchema(property.schema)
            if member.type == .array, let items = member.items {
                fields.arrays.append(property.name)
                member = resolvedSchema(items)
            }
            if member.isBytes { fields.binary.append(property.name) }
            if member.type == .object || [.structure, .union, .composition].contains(member.declarationKind) {
                fields.json.append(property.name)
            }
        }
        return fields
    }

    // MARK: Responses

    private mutating func responsePlan(
        _ response: Response,
        owner: String,
        nested: inout [TypeDeclaration],
        used: inout NameSet,
        usedCases: inout NameSet
    ) -> ResponsePlan {
        let status: ResponsePlan.Status
        let baseName: String
        switch response.status {
        case .code(let code):
            status = .code(code)
            baseName = Self.caseName(forStatus: code)
        case .range(let digit):
            status = .range(digit)
            baseName = "status\(digit)XX"
        case .default:
            status = .default
            baseName = "`default`"
        }
        let caseName = SwiftNaming.unique(baseName, in: &usedCases)
        var readBack: (arrays: [String], json: [String])?
        var body: ResponsePlan.Body?
        let supported = supportedContents(response.contents, of: "response")
        for other in supported.dropFirst() {
            diagnostics.warning(
                "response media type '\(other.mediaType)' is not generated: the handler answers with "
                    + "'\(supported[0].mediaType)', the first",
                at: other.location)
        }
        if let content = supported.first {
            switch Self.mediaFormat(content.mediaType) {
            case .json? where content.mediaType == "application/problem+json":
                // The runtime's `Problem` carries these bodies; a component schema describing them is mapped onto it.
                if let reference = content.schema?.reference { problemSchemaNames.insert(reference) }
                body = .problem(contentType: content.mediaType)
            case .json?, .form?:
                let schema = content.schema ?? Schema(location: content.location, pointer: "")
                let types = resolvedSchema(schema).types
                if Self.mediaFormat(content.mediaType) == .form, !types.isEmpty, !types.contains(.object) {
                    diagnostics.warning(
                        "a form response that is not an object is sent as JSON: give it 'type: object'",
                        at: content.location)
                }
                let typeName = SwiftNaming.typeName(caseName.trimmingBackticks) + "Body"
                let value = valueKind(schema, owner: owner, suggestedName: typeName, nested: &nested, used: &used)
                body = .json(value, contentType: content.mediaType)
                if Self.mediaFormat(content.mediaType) == .form {
                    let fields = formFields(schema)
                    readBack = (fields.arrays, fields.json)
                }
            case .text?, nil:
                body = .text(contentType: content.mediaType)
            case .binary?, .multipart?:
                // A multipart response is sent as the handler encodes it.
                body = .binary(contentType: content.mediaType)
            }
        }
        var usedHeaderNames: NameSet = ["body", "status"]
        let headers = response.headers.map { header in
            var value = valueKind(
                header.schema, owner: owner, suggestedName: SwiftNaming.typeName(header.name), nested: &nested,
                used: &used)
            switch value {
            case .dictionary, .any, .array, .bytes:
                diagnostics.warning("header '\(header.name)' is sent as a string", at: header.location)
                value = .string(.init())
            case .named(let name) where enumCases[name] == nil && !isComponentEnum(name):
                // A struct or union has no one-line spelling the handler could be held to.
                diagnostics.warning("header '\(header.name)' is sent as a string", at: header.location)
                value = .string(.init())
            default:
                break
            }
            return HeaderPlan(
                name: header.name,
                swiftName: SwiftNaming.unique(SwiftNaming.memberName(header.name), in: &usedHeaderNames),
                value: value,
                isRequired: header.isRequired
            )
        }
        return ResponsePlan(
            caseName: caseName,
            status: status,
            body: body,
            formFields: readBack,
            headers: headers,
            documentation: Self.documentation(response.description, pointer: nil)
        )
    }

    static func caseName(forStatus code: Int) -> String {
        switch code {
        case 200: "ok"
        case 201: "created"
        case 202: "accepted"
        case 204: "noContent"
        case 301: "movedPermanently"
        case 302: "found"
        case 303: "seeOther"
        case 304: "notModified"
        case 307: "temporaryRedirect"
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "notFound"
        case 405: "methodNotAllowed"
        case 406: "notAcceptable"
        case 409: "conflict"
        case 410: "gone"
        case 412: "preconditionFailed"
        case 413: "contentTooLarge"
        case 415: "unsupportedMediaType"
        case 422: "unprocessableContent"
        case 428: "preconditionRequired"
        case 429: "tooManyRequests"
        case 500: "internalServerError"
        case 501: "notImplemented"
        case 502: "badGateway"
        case 503: "serviceUnavailable"
        case 504: "gatewayTimeout"
        default: "status\(code)"
        }
    }

    // MARK: Security

    /// Every alternative with all its schemes: an alternative naming several schemes needs every one of them.
    private func securityPlan(_ alternativesAsWritten: [[SecurityRequirement]]) -> SecurityPlan? {
        guard !alternativesAsWritten.isEmpty else { return nil }
        var alternatives: [[SecurityPlan.Scheme]] = []
        var allowsAnonymous = false
        for requirements in alternativesAsWritten {
            guard !requirements.isEmpty else {
                allowsAnonymous = true
                continue
            }
            var schemes: [SecurityPlan.Scheme] = []
            for requirement in requirements where !schemes.contains(where: { $0.name == requirement.scheme }) {
                guard let scheme = document.securitySchemes.first(where: { $0.name == requirement.scheme }) else {
                    continue
                }
                let source = Self.credentialSource(scheme.kind)
                schemes.append(SecurityPlan.Scheme(name: scheme.name, source: source, scopes: requirement.scopes))
            }
            // The model reported unknown schemes; a requirement left with none of its schemes cannot be met.
            guard schemes.count == requirements.count else { continue }
            let key = schemes.map { [$0.name] + $0.scopes }
            if !alternatives.contains(where: { $0.map { [$0.name] + $0.scopes } == key }) {
                alternatives.append(schemes)
            }
        }
        if alternatives.isEmpty { return nil }
        return SecurityPlan(alternatives: alternatives, allowsAnonymous: allowsAnonymous)
    }

    private static func credentialSource(_ kind: SecurityScheme.Kind) -> SecurityPlan.Source {
        switch kind {
        case .bearer: .bearer
        case .basic: .basic
        case .apiKey(let keyName, .query): .query(keyName)
        case .apiKey(let keyName, .cookie): .cookie(keyName)
        case .apiKey(let keyName, _): .header(keyName)
        }
    }
}
