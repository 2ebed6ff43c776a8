/// What to generate from a document: the parts, their access level, which operations, names that replace the
/// document's, and extra imports. Read from `openapi-gen.yaml` (`parse`) or given on the command line; the keys
/// follow swift-openapi-generator's configuration file where the two mean the same thing.
///
/// ```yaml
/// generate: [types, client]        # default: types, server, client and docs
/// accessModifier: public           # public, package (default) or internal
/// filter:                          # an operation is kept when it matches any entry; no filter keeps all
///   operations: [createTask]       # by operationId
///   tags: [tasks]
///   paths: ['/tasks/{id}']         # every operation of the path
/// nameOverrides:                   # a component schema or an operationId → the Swift name to use
///   Task: TodoItem
/// additionalImports: [Foundation]  # one import line per module in every file
/// ```
package struct GeneratorConfiguration: Sendable, Equatable {
    /// A group of generated files.
    package enum Part: String, Sendable, CaseIterable {
        /// `Schemas.swift` and `Operations.swift`: the component types and each operation's `Input` and `Output`.
        case types
        /// `APIHandler.swift` and `APIRouter.swift`: the protocol to implement and the router that calls it.
        case server
        /// `APIClient.swift`: a typed client sending each operation through a `ClientTransport`.
        case client
        /// `DocsPage.swift` and `OpenAPISpec.swift`: the Swagger UI page and the embedded document.
        case docs
    }

    /// Which operations are generated: those matching any entry, or all when every list is empty.
    package struct OperationFilter: Sendable, Equatable {
        package var operationIDs: [String] = []
        package var tags: [String] = []
        package var paths: [String] = []

        package init(operationIDs: [String] = [], tags: [String] = [], paths: [String] = []) {
            (self.operationIDs, self.tags, self.paths) = (operationIDs, tags, paths)
        }

        package var isEmpty: Bool { operationIDs.isEmpty && tags.isEmpty && paths.isEmpty }

        package func keeps(_ operation: Operation) -> Bool {
            isEmpty || operationIDs.contains(operation.operationID) || paths.contains(operation.path)
                || operation.tags.contains(where: tags.contains)
        }
    }

    package var parts: Set<Part> = Set(Part.allCases)
    package var accessModifier: AccessModifier = .package
    package var filter = OperationFilter()
    /// A component schema's name or an operationId → the Swift name that replaces the one derived from it.
    package var nameOverrides: [String: String] = [:]
    package var additionalImports: [String] = []
    /// Where each filter entry and name override was written (`"tags: tasks"`, `"nameOverrides: Task"`), for
    /// the warning when it matches nothing; entries given on the command line have none.
    package var entryLocations: [String: SourceLocation] = [:]

    package init(
        parts: Set<Part> = Set(Part.allCases), accessModifier: AccessModifier = .package,
        filter: OperationFilter = OperationFilter(), nameOverrides: [String: String] = [:],
        additionalImports: [String] = []
    ) {
        self.parts = parts
        self.accessModifier = accessModifier
        self.filter = filter
        self.nameOverrides = nameOverrides
        self.additionalImports = additionalImports
    }
}

extension GeneratorConfiguration {
    /// A part asked for without the types it is written against (`server` or `client` without `types`).
    package var partLackingTypes: Part? {
        parts.contains(.types) ? nil : [Part.server, .client].first(where: parts.contains)
    }

    /// Whether a name override can be used as given: a plain Swift identifier that is not a keyword.
    package static func isUsableName(_ name: String) -> Bool { SwiftNaming.isPlainIdentifier(name) }

    /// A filter entry or name override that matches nothing in the document is most likely misspelt.
    func warnAboutUnmatchedEntries(in document: OpenAPIDocument, diagnostics: inout Diagnostics) {
        let operations = document.operations
        let unmatched: [(key: String, what: String)] =
            filter.operationIDs.filter { id in !operations.contains { $0.operationID == id } }
            .map { ("operations: \($0)", "no operation has the operationId '\($0)'") }
            + filter.tags.filter { tag in !operations.contains { $0.tags.contains(tag) } }
            .map { ("tags: \($0)", "no operation has the tag '\($0)'") }
            + filter.paths.filter { path in !operations.contains { $0.path == path } }
            .map { ("paths: \($0)", "the document has no path '\($0)'") }
            + nameOverrides.keys.sorted().filter { name in
                !document.schemas.contains { $0.name == name } && !operations.contains { $0.operationID == name }
            }.map { ("nameOverrides: \($0)", "'\($0)' is neither a component schema nor an operationId") }
        for entry in unmatched {
            let location = entryLocations[entry.key] ?? SourceLocation(file: "openapi-gen", line: 1, column: 1)
            diagnostics.warning("\(entry.what); the entry has no effect", at: location)
        }
    }
}
