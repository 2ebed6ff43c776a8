import Testing

@testable import Generator

/// `$ref`s into other local files: brought into the document as components, with diagnostics in the file that
/// holds the problem.
@Suite struct ExternalReferenceTests {
    static let files: [String: String] = [
        "api/schemas/Pet.yaml": """
        type: object
        required: [name]
        properties:
          name: {type: string}
          owner:
            $ref: '../common/schemas.yaml#/components/schemas/Owner'
        """,
        "api/common/schemas.yaml": """
        components:
          schemas:
            Owner:
              type: object
              properties:
                id: {$ref: '#/components/schemas/Id'}
                pets:
                  type: array
                  items: {$ref: '../schemas/Pet.yaml'}
            Id: {type: integer, minimum: 1}
        """,
        "api/common/parameters.yaml": """
        limit: {name: limit, in: query, schema: {type: integer, default: 20}}
        """,
        "api/common/responses.yaml": """
        components:
          responses:
            Error:
              description: failed
              content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
        """,
        "api/broken/Bad.yaml": """
        type: object
        properties:
          size: {type: strng}
        """,
    ]

    static func root(_ schemaReference: String) -> String {
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
                - $ref: 'common/parameters.yaml#/limit'
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {type: array, items: {$ref: '\(schemaReference)'}}}}
                default:
                  $ref: 'common/responses.yaml#/components/responses/Error'
        """
    }

    func generate(_ yaml: String) -> OpenAPIGenerator.Result {
        OpenAPIGenerator.generate(
            spec: Array(yaml.utf8), specPath: "api/openapi.yaml", outputPath: "Out",
            loadFile: { path in Self.files[path].map { Array($0.utf8) } })
    }

    @Test func filesAreBroughtInAsComponentsAcrossFoldersAndCycles() throws {
        let result = generate(Self.root("schemas/Pet.yaml"))
        #expect(result.diagnostics.map(\.description) == [])
        let schemas = try #require(result.files.first { $0.name == "Schemas.swift" }).contents
        #expect(schemas.contains("package struct Pet: Hashable, Sendable"))
        #expect(schemas.contains("package var owner: Schemas.Owner?"))
        #expect(schemas.contains("package var pets: [Schemas.Pet]?"))
        #expect(schemas.contains("package typealias ID = Int64"))
        let operations = try #require(result.files.first { $0.name == "Operations.swift" }).contents
        #expect(operations.contains("package var limit: Int64"))
        #expect(operations.contains("case `default`(status: Int"))
        // The served JSON is one self-contained document.
        let spec = try #require(result.files.first { $0.name == "OpenAPISpec.swift" }).contents
        #expect(spec.contains(##""$ref": "#/components/schemas/Pet""##))
    }

    @Test func aProblemInAnotherFileIsReportedThere() {
        let result = generate(Self.root("broken/Bad.yaml"))
        #expect(
            result.diagnostics.map(\.description) == ["api/broken/Bad.yaml:3:16: error: unknown schema type 'strng'"])
        #expect(result.files.isEmpty)
    }

    @Test func missingFilesPointersAndRemoteReferencesAreErrorsAtTheReference() {
        #expect(
            generate(Self.root("schemas/Missing.yaml")).diagnostics.map(\.description) == [
                "api/openapi.yaml:12:76: error: cannot read 'api/schemas/Missing.yaml'"
            ])
        #expect(
            generate(Self.root("common/schemas.yaml#/components/schemas/Nope")).diagnostics.map(\.description) == [
                "api/openapi.yaml:12:76: error: no '#/components/schemas/Nope' in 'api/common/schemas.yaml' "
                    + "(referenced as 'common/schemas.yaml#/components/schemas/Nope')"
            ])
        #expect(
            generate(Self.root("https://example.com/pet.yaml")).diagnostics.map(\.description) == [
                "api/openapi.yaml:12:76: error: remote reference 'https://example.com/pet.yaml' is not supported; "
                    + "use a local file"
            ])
    }

    @Test func pathsJoinRelativeToTheReferencingFile() {
        #expect(ExternalReferences.join("api/schemas/", "../common/x.yaml") == "api/common/x.yaml")
        #expect(ExternalReferences.join("", "./a/b.yaml") == "a/b.yaml")
        #expect(ExternalReferences.join("/srv/api/", "../x.yaml") == "/srv/x.yaml")
        #expect(ExternalReferences.join("a/", "/abs/x.yaml") == "/abs/x.yaml")
    }
}
