import Foundation

/// Reads an `OpenAPIDocument` out of a YAML node tree, reporting every problem with its position.
///
/// Scalars stay text until the place they appear in says what they are: `200` under `responses` is a key,
/// `200` under `maximum` a number.
package struct ModelBuilder {
    var diagnostics: Diagnostics
    let root: YAMLNode
    /// `components` sections by name (`schemas`, `parameters`, …), each mapping component names to their nodes.
    var components: [String: [String: YAMLNode]] = [:]
    var isOpenAPI30 = false

    /// Builds the model; returns `nil` only when the document is not an OpenAPI document at all.
    package static func build(_ root: YAMLNode, diagnostics: inout Diagnostics) -> OpenAPIDocument? {
        var builder = ModelBuilder(diagnostics: diagnostics, root: root)
        let document = builder.buildDocument()
        diagnostics = builder.diagnostics
        return document
    }

    private mutating func buildDocument() -> OpenAPIDocument? {
        guard let pairs = mapping(root, "the document") else { return nil }
        if root["swagger"] != nil, root["openapi"] == nil {
            error("Swagger 2.0 documents are not supported; convert the document to OpenAPI 3", at: root)
            return nil
        }
        warnUnknownKeys(pairs, known: Self.documentKeys, in: "the document")
        guard let versionNode = require("openapi", in: root, "the document"),
            let version = string(versionNode, "openapi")
        else { return nil }
        guard version.hasPrefix("3.0.") || version.hasPrefix("3.1.") || version == "3.0" || version == "3.1" else {
            error("unsupported OpenAPI version '\(version)' (expected 3.0.x or 3.1.x)", at: versionNode)
            return nil
        }
        isOpenAPI30 = version.hasPrefix("3.0")
        var title = "API"
        if let info = require("info", in: root, "the document"), mapping(info, "info") != nil {
            if let titleNode = require("title", in: info, "info"), let text = string(titleNode, "title") {
                title = text
            }
            if let versionNode = require("version", in: info, "info") { _ = string(versionNode, "version") }
        }
        if let webhooks = root["webhooks"] {
            warning("webhooks are not generated; ignored", at: webhooks)
        }
        if let servers = root["servers"] { warnAboutServerBasePath(servers) }
        collectComponents()
        let securitySchemes = buildSecuritySchemes()
        let schemas = buildComponentSchemas()
        let defaultSecurity = root["security"].flatMap { securityRequirements($0, schemes: securitySchemes) } ?? []
        var operations: [Operation] = []
        if let paths = root["paths"] {
            operations = buildPaths(paths, defaultSecurity: defaultSecurity, schemes: securitySchemes)
        } else if isOpenAPI30 {
            error("missing required key 'paths' in the document", at: root)
        }
        checkOperationIDs(operations)
        return OpenAPIDocument(
            openAPIVersion: version,
            title: title,
            schemas: schemas,
            operations: operations,
            securitySchemes: securitySchemes
        )
    }

    private static let documentKeys: Set<String> = [
        "openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs", "webhooks",
        "jsonSchemaDialect",
    ]

    private static let componentSections: Set<String> = [
        "schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links",
        "callbacks", "pathItems",
    ]

    private mutating func collectComponents() {
        guard let node = root["components"], let sections = mapping(node, "components") else { return }
        for section in sections {
            guard let name = section.key.scalar else { continue }
            guard Self.componentSections.contains(name) else {
                if !name.hasPrefix("x-") { warning("unknown key '\(name)' in components ignored", at: section.key) }
                continue
            }
            guard let entries = mapping(section.value, "components/\(name)") else { continue }
            var byName: [String: YAMLNode] = [:]
            for entry in entries {
                guard let entryName = entry.key.scalar else { continue }
                byName[entryName] = entry.value
            }
            components[name] = byName
        }
    }

    private mutating func buildComponentSchemas() -> [NamedSchema] {
        guard let section = root["components"]?["schemas"], let pairs = section.pairs else { return [] }
        return pairs.compactMap { pair in
            guard let name = pair.key.scalar else { return nil }
            let schema = self.schema(pair.value, pointer: "#/components/schemas/\(Self.escapePointer(name))")
            return NamedSchema(name: name, schema: schema)
        }
    }

    private mutating func checkOperationIDs(_ operations: [Operation]) {
        var firstUse: [String: SourceLocation] = [:]
        for operation in operations {
            if let first = firstUse[operation.operationID] {
                diagnostics.error(
                    "duplicate operationId '\(operation.operationID)' (first used at line \(first.line), column \(first.column))",
                    at: operation.location
                )
            } else {
                firstUse[operation.operationID] = operation.location
            }
        }
    }

    /// The router matches the paths under `paths` as written: a server URL's base path (`https://api.example.com/v1`)
    /// is the application's to mount, which is easy to miss. Said once, at the first server with one.
    private mutating func warnAboutServerBasePath(_ servers: YAMLNode) {
        guard let items = sequence(servers, "servers") else { return }
        for server in items {
            guard let urlNode = server["url"], let url = urlNode.scalar else { continue }
            let path = Self.basePath(of: url)
            guard !path.isEmpty, path != "/" else { continue }
            warning(
                "the router serves the paths under 'paths' as written, without this server's base path '\(path)': "
                    + "mount it under '\(path)'", at: urlNode)
            return
        }
    }

    /// The path of a server URL: after the authority of an absolute URL, the whole of a relative one.
    static func basePath(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let afterScheme = url[scheme.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "" }
        return String(afterScheme[slash...])
    }

    /// `~` and `/` escaped as RFC 6901 requires.
    static func escapePointer(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
