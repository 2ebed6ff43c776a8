import Testing

@testable import Generator

/// `openapi-gen.yaml`: read with every mistake at its position, and applied to what is generated.
@Suite struct ConfigurationTests {
    static func parse(_ yaml: String) -> (GeneratorConfiguration?, [String]) {
        var diagnostics = Diagnostics()
        let configuration = ConfigurationParser.parse(
            Array(yaml.utf8), file: "openapi-gen.yaml", diagnostics: &diagnostics)
        return (configuration, diagnostics.sorted.map(\.description))
    }

    static let document = """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /tasks:
            get:
              operationId: listTasks
              tags: [tasks]
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/Task'}}
          /health:
            get:
              operationId: health
              responses: {'204': {description: ok}}
        components:
          schemas:
            Task: {type: object, properties: {title: {type: string}}}
        """

    static func generate(_ configuration: GeneratorConfiguration) -> OpenAPIGenerator.Result {
        OpenAPIGenerator.generate(
            spec: Array(document.utf8), specPath: "openapi.yaml", outputPath: "Out", configuration: configuration)
    }

    @Test func everyKeyIsRead() throws {
        let (configuration, diagnostics) = Self.parse(
            """
            generate: [types, server]
            accessModifier: public
            filter:
              operations: [health]
              tags: tasks
              paths: ['/tasks/{id}']
            nameOverrides:
              Task: TodoItem
            additionalImports: [Foundation, Dispatch]
            """)
        #expect(diagnostics == [])
        let parsed = try #require(configuration)
        #expect(parsed.parts == [.types, .server])
        #expect(parsed.accessModifier == .public)
        #expect(parsed.filter == .init(operationIDs: ["health"], tags: ["tasks"], paths: ["/tasks/{id}"]))
        #expect(parsed.nameOverrides == ["Task": "TodoItem"])
        #expect(parsed.additionalImports == ["Foundation", "Dispatch"])
    }

    @Test func anEmptyFileMeansTheDefaults() {
        let (configuration, diagnostics) = Self.parse("# the defaults\n\n")
        #expect(diagnostics == [])
        #expect(configuration == GeneratorConfiguration())
    }

    @Test func everyMistakeIsAnErrorAtItsPosition() {
        let (configuration, diagnostics) = Self.parse(
            """
            generate: [types, clients]
            accesModifier: public
            accessModifier: [public]
            filter: {operations: [a], tag: [b]}
            nameOverrides: {Task: 'Todo Item', Other: class}
            additionalImports: [Foundation, 1st]
            """)
        #expect(configuration == nil)
        #expect(
            diagnostics == [
                "openapi-gen.yaml:1:19: error: unknown part 'clients' (known: types, server, client, docs)",
                "openapi-gen.yaml:2:1: error: unknown key 'accesModifier' (known: generate, accessModifier, filter,"
                    + " nameOverrides, additionalImports)",
                "openapi-gen.yaml:3:17: error: 'accessModifier' must be a string, not a sequence",
                "openapi-gen.yaml:4:27: error: unknown key 'tag' in 'filter' (known: operations, tags, paths)",
                "openapi-gen.yaml:5:23: error: 'Todo Item' is not a Swift identifier",
                "openapi-gen.yaml:5:43: error: 'class' is not a Swift identifier",
                "openapi-gen.yaml:6:33: error: '1st' is not a module name",
            ])
    }

    @Test func theServerNeedsTheTypes() {
        let (configuration, diagnostics) = Self.parse("generate: [server, docs]")
        #expect(configuration == nil)
        #expect(diagnostics == ["openapi-gen.yaml:1:11: error: the server part needs the types part"])
    }

    @Test func partsChooseTheFiles() {
        #expect(
            Self.generate(.init()).files.map(\.name) == [
                "APIClient.swift", "APIHandler.swift", "APIRouter.swift", "DocsPage.swift", "OpenAPISpec.swift",
                "Operations.swift",
                "Schemas.swift",
            ])
        #expect(Self.generate(.init(parts: [.types])).files.map(\.name) == ["Operations.swift", "Schemas.swift"])
        #expect(Self.generate(.init(parts: [.docs])).files.map(\.name) == ["DocsPage.swift", "OpenAPISpec.swift"])
        #expect(
            Self.generate(.init(parts: [.types, .client])).files.map(\.name) == [
                "APIClient.swift", "Operations.swift", "Schemas.swift",
            ])
        let placeholders = OpenAPIGenerator.withPlaceholders(Self.generate(.init(parts: [.types])).files)
        #expect(placeholders.count == GeneratedFile.allCases.count)
        #expect(placeholders.first { $0.name == "APIRouter.swift" }?.contents.hasPrefix("//") == true)
    }

    @Test func theFilterKeepsTheOperationsItNames() throws {
        for filter in [
            GeneratorConfiguration.OperationFilter(tags: ["tasks"]), .init(operationIDs: ["listTasks"]),
            .init(paths: ["/tasks"]),
        ] {
            let result = Self.generate(.init(filter: filter))
            #expect(result.diagnostics.isEmpty)
            let handler = try #require(result.files.first { $0.name == "APIHandler.swift" }?.contents)
            #expect(handler.contains("func listTasks("))
            #expect(!handler.contains("func health("))
        }
    }

    @Test func namesAreOverriddenAndImportsAdded() throws {
        let result = Self.generate(
            .init(nameOverrides: ["Task": "TodoItem", "listTasks": "allTodos"], additionalImports: ["Dispatch"]))
        #expect(result.diagnostics.isEmpty)
        let schemas = try #require(result.files.first { $0.name == "Schemas.swift" }?.contents)
        #expect(schemas.contains("struct TodoItem:") && !schemas.contains("struct Task:"))
        let handler = try #require(result.files.first { $0.name == "APIHandler.swift" }?.contents)
        #expect(handler.contains("func allTodos(_ input: Operations.AllTodos.Input)"))
        #expect(result.files.allSatisfy { $0.contents.contains("internal import Dispatch\n") })
    }

    @Test func entriesThatMatchNothingAreWarnedAtTheirPosition() throws {
        let (configuration, _) = Self.parse(
            """
            filter: {tags: [task]}
            nameOverrides: {Tsk: Todo}
            """)
        let result = Self.generate(try #require(configuration))
        #expect(
            result.diagnostics.map(\.description) == [
                "openapi-gen.yaml:1:17: warning: no operation has the tag 'task'; the entry has no effect",
                "openapi-gen.yaml:2:22: warning: 'Tsk' is neither a component schema nor an operationId; the entry"
                    + " has no effect",
            ])
    }
}
