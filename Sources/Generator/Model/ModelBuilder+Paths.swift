/// Reading paths, operations, parameters, bodies and responses.
extension ModelBuilder {
    private static let pathItemKeys: Set<String> =
        Set(HTTPMethod.allCases.map(\.rawValue)).union(["summary", "description", "servers", "parameters", "$ref"])
    private static let operationKeys: Set<String> = [
        "tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses",
        "callbacks", "deprecated", "security", "servers",
    ]
    private static let parameterKeys: Set<String> = [
        "name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved",
        "schema", "example", "examples", "content",
    ]

    mutating func buildPaths(
        _ node: YAMLNode, defaultSecurity: [[SecurityRequirement]], schemes: [SecurityScheme]
    ) -> [Operation] {
        guard let pairs = mapping(node, "'paths'") else { return [] }
        var operations: [Operation] = []
        for pair in pairs {
            guard let path = pair.key.scalar else { continue }
            guard path.hasPrefix("/") else {
                error("path '\(path)' must start with '/'", at: pair.key)
                continue
            }
            guard let item = mapping(pair.value, "path item '\(path)'") else { continue }
            if let ref = pair.value["$ref"] {
                error("'$ref' in a path item is not supported", at: ref)
                continue
            }
            warnUnknownKeys(item, known: Self.pathItemKeys, in: "path item '\(path)'")
            let pathPointer = "#/paths/" + Self.escapePointer(path)
            let shared = pair.value["parameters"].map { parameters($0, pointer: pathPointer + "/parameters") } ?? []
            for entry in item {
                guard let key = entry.key.scalar, let method = HTTPMethod(rawValue: key) else { continue }
                let operation = buildOperation(
                    entry.value,
                    method: method,
                    path: path,
                    pointer: pathPointer + "/" + key,
                    shared: shared,
                    defaultSecurity: defaultSecurity,
                    schemes: schemes,
                    location: entry.key.location
                )
                if let operation { operations.append(operation) }
            }
        }
        return operations
    }

    private mutating func buildOperation(
        _ node: YAMLNode,
        method: HTTPMethod,
        path: String,
        pointer: String,
        shared: [Parameter],
        defaultSecurity: [[SecurityRequirement]],
        schemes: [SecurityScheme],
        location: SourceLocation
    ) -> Operation? {
        guard let pairs = mapping(node, "operation '\(method.token) \(path)'") else { return nil }
        warnUnknownKeys(pairs, known: Self.operationKeys, in: "operation '\(method.token) \(path)'")
        if let callbacks = node["callbacks"] { warning("callbacks are not generated; ignored", at: callbacks) }
        if let servers = node["servers"] {
            warning("an operation's own 'servers' are ignored: it is served with the others", at: servers)
        }
        let operationID =
            node["operationId"].flatMap { string($0, "operationId") } ?? Self.derivedOperationID(method, path)
        var parameters = shared
        for parameter in node["parameters"].map({ self.parameters($0, pointer: pointer + "/parameters") }) ?? [] {
            // An operation's parameter replaces a path item's one with the same name and location.
            parameters.removeAll { $0.name == parameter.name && $0.location == parameter.location }
            parameters.append(parameter)
        }
        checkPathParameters(path, parameters, operationLocation: location)
        let requestBody = node["requestBody"].flatMap { self.requestBody($0, pointer: pointer + "/requestBody") }
        var responses: [Response] = []
        if let responsesNode = node["responses"] {
            responses = self.responses(responsesNode, pointer: pointer + "/responses")
        } else {
            diagnostics.error("missing required key 'responses' in operation '\(method.token) \(path)'", at: location)
        }
        let security = node["security"].flatMap { securityRequirements($0, schemes: schemes) } ?? defaultSecurity
        var operation = Operation(
            operationID: operationID,
            method: method,
            path: path,
            pointer: pointer,
            summary: node["summary"]?.scalar,
            description: node["description"]?.scalar,
            parameters: parameters,
            requestBody: requestBody,
            responses: responses,
            security: security,
            location: node["operationId"]?.location ?? location
        )
        operation.isDeprecated = node["deprecated"].flatMap { bool($0, "deprecated") } ?? false
        operation.tags = node["tags"]?.items?.compactMap(\.scalar) ?? []
        return operation
    }

    /// `GET /tasks/{id}` → `getTasksId`, for operations without an `operationId`.
    private static func derivedOperationID(_ method: HTTPMethod, _ path: String) -> String {
        let words = path.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return method.rawValue + words.joined()
    }

    private mutating func checkPathParameters(
        _ path: String, _ parameters: [Parameter], operationLocation: SourceLocation
    ) {
        let templateNames = Self.templateNames(in: path)
        let declared = parameters.filter { $0.location == .path }
        for name in templateNames where !declared.contains(where: { $0.name == name }) {
            diagnostics.error("path parameter '\(name)' of '\(path)' is not declared", at: operationLocation)
        }
        for parameter in declared where !templateNames.contains(parameter.name) {
            diagnostics.error(
                "path parameter '\(parameter.name)' does not appear in the path '\(path)'",
                at: parameter.sourceLocation
            )
        }
    }

    /// The names between braces in a path template.
    static func templateNames(in path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                names.append(name)
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return names
    }

    private mutating func parameters(_ node: YAMLNode, pointer: String) -> [Parameter] {
        guard let items = sequence(node, "parameters") else { return [] }
        return items.enumerated().compactMap { index, item in
            parameter(item, pointer: pointer + "/\(index)")
        }
    }

    private mutating func parameter(_ original: YAMLNode, pointer: String) -> Parameter? {
        guard let node = resolve(original, section: "parameters"), let pairs = mapping(node, "a parameter") else {
            return nil
        }
        warnUnknownKeys(pairs, known: Self.parameterKeys, in: "parameter")
        guard let nameNode = require("name", in: node, "parameter"), let name = string(nameNode, "name"),
            let inNode = require("in", in: node, "parameter '\(name)'"), let inText = string(inNode, "in")
        else { return nil }
        guard let location = Parameter.Location(rawValue: inText) else {
            error("unknown parameter location '\(inText)' (expected path, query, header or cookie)", at: inNode)
            return nil
        }
        let isRequired = node["required"].flatMap { bool($0, "required") } ?? false
        if location == .path && !isRequired {
            error("path parameter '\(name)' must be declared 'required: true'", at: node["required"] ?? nameNode)
        }
        var isJSON = false
        var schemaNode = node["schema"]
        var schemaPointer = pointer + "/schema"
        if let content = node["content"] {
            // OpenAPI allows exactly one media type here; JSON is the one with a defined reading.
            guard let entry = content.pairs?.first, let mediaType = entry.key.scalar,
                mediaType == "application/json" || mediaType.hasSuffix("+json"), let schema = entry.value["schema"]
            else {
                error("parameter '\(name)' has 'content' other than one JSON media type with a schema", at: content)
                return nil
            }
            (isJSON, schemaNode) = (true, schema)
            schemaPointer = pointer + "/content/" + Self.escapePointer(mediaType) + "/schema"
        }
        guard let schemaNode = schemaNode ?? require("schema", in: node, "parameter '\(name)'") else { return nil }
        let schema = self.schema(schemaNode, pointer: schemaPointer)
        var parameter = Parameter(
            name: name,
            location: location,
            isRequired: isRequired,
            description: node["description"]?.scalar,
            schema: schema,
            sourceLocation: nameNode.location
        )
        readStyle(node, into: &parameter)
        parameter.isJSON = isJSON
        return parameter
    }

    /// The styles OpenAPI allows in each location; the first is the default.
    private static let styles: [Parameter.Location: [Parameter.Style]] = [
        .path: [.simple, .label, .matrix], .query: [.form, .spaceDelimited, .pipeDelimited, .deepObject],
        .header: [.simple], .cookie: [.form],
    ]

    private mutating func readStyle(_ node: YAMLNode, into parameter: inout Parameter) {
        let allowed = Self.styles[parameter.location] ?? [.simple]
        parameter.style = allowed[0]
        if let styleNode = node["style"], let text = string(styleNode, "style") {
            if let style = Parameter.Style(rawValue: text), allowed.contains(style) {
                parameter.style = style
            } else {
                error(
                    "style '\(text)' is not allowed in \(parameter.location.rawValue) parameters (expected "
                        + allowed.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")",
                    at: styleNode)
            }
        }
        parameter.explode = parameter.style == .form
        if let explodeNode = node["explode"], let flag = bool(explodeNode, "explode") { parameter.explode = flag }
    }

    private mutating func requestBody(_ original: YAMLNode, pointer: String) -> RequestBody? {
        guard let node = resolve(original, section: "requestBodies"), let pairs = mapping(node, "a request body"),
            let content = require("content", in: node, "request body")
        else { return nil }
        warnUnknownKeys(pairs, known: ["description", "content", "required"], in: "request body")
        return RequestBody(
            isRequired: node["required"].flatMap { bool($0, "required") } ?? false,
            description: node["description"]?.scalar,
            contents: contents(content, pointer: pointer + "/content"),
            location: node.location
        )
    }

    private mutating func contents(_ node: YAMLNode, pointer: String) -> [MediaContent] {
        guard let pairs = mapping(node, "'content'") else { return [] }
        return pairs.compactMap { pair in
            guard let mediaType = pair.key.scalar, let fields = mapping(pair.value, "media type '\(mediaType)'") else {
                return nil
            }
            warnUnknownKeys(fields, known: ["schema", "example", "examples", "encoding"], in: "media type")
            let schemaPointer = pointer + "/" + Self.escapePointer(mediaType) + "/schema"
            let schema = pair.value["schema"].map { self.schema($0, pointer: schemaPointer) }
            return MediaContent(mediaType: mediaType.lowercased(), schema: schema, location: pair.key.location)
        }
    }

    private mutating func responses(_ node: YAMLNode, pointer: String) -> [Response] {
        guard let pairs = mapping(node, "'responses'") else { return [] }
        if pairs.isEmpty { error("'responses' must declare at least one response", at: node) }
        return pairs.compactMap { pair in
            guard let key = pair.key.scalar else { return nil }
            guard let status = Self.responseStatus(key) else {
                error("invalid response status '\(key)' (expected 100–599, 1XX–5XX or 'default')", at: pair.key)
                return nil
            }
            guard let node = resolve(pair.value, section: "responses"), let fields = mapping(node, "response '\(key)'")
            else { return nil }
            warnUnknownKeys(fields, known: ["description", "headers", "content", "links"], in: "response '\(key)'")
            let responsePointer = pointer + "/" + key
            return Response(
                status: status,
                description: node["description"]?.scalar,
                headers: node["headers"].map { headers($0, pointer: responsePointer + "/headers") } ?? [],
                contents: node["content"].map { contents($0, pointer: responsePointer + "/content") } ?? [],
                location: pair.key.location
            )
        }
    }

    private static func responseStatus(_ key: String) -> Response.Status? {
        if key == "default" { return .default }
        if key.count == 3, key.hasSuffix("XX"), let digit = Int(key.prefix(1)), (1...5).contains(digit) {
            return .range(digit)
        }
        if key.count == 3, let code = Int(key), (100...599).contains(code) { return .code(code) }
        return nil
    }

    private mutating func headers(_ node: YAMLNode, pointer: String) -> [ResponseHeader] {
        guard let pairs = mapping(node, "'headers'") else { return [] }
        return pairs.compactMap { pair in
            guard let name = pair.key.scalar else { return nil }
            // RFC: a Content-Type header description is ignored; the media type decides it.
            guard name.lowercased() != "content-type" else { return nil }
            guard let header = resolve(pair.value, section: "headers"), let fields = mapping(header, "header '\(name)'")
            else { return nil }
            warnUnknownKeys(
                fields,
                known: [
                    "description", "required", "deprecated", "schema", "example", "examples", "style", "explode",
                    "content", "allowEmptyValue",
                ], in: "header '\(name)'")
            let schema: Schema
            if let schemaNode = header["schema"] {
                schema = self.schema(schemaNode, pointer: pointer + "/" + Self.escapePointer(name) + "/schema")
            } else {
                warning("header '\(name)' has no schema; treated as a string", at: pair.key)
                var plain = Schema(location: header.location, pointer: pointer)
                plain.types = [.string]
                schema = plain
            }
            return ResponseHeader(
                name: name,
                isRequired: header["required"].flatMap { bool($0, "required") } ?? false,
                description: header["description"]?.scalar,
                schema: schema,
                location: pair.key.location
            )
        }
    }
}
