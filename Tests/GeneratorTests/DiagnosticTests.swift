import Generator
import Testing

/// Broken documents: each gets exact `file:line:column: severity: message` diagnostics, never a crash and never
/// generated files.
@Suite struct DiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var expected: [String]
        var testDescription: String { name }
    }

    /// A valid document around `paths` and `schemas` fragments, so each case shows only what is broken.
    static func document(paths: String = "", schemas: String = "") -> String {
        """
        openapi: 3.1.0
        info:
          title: T
          version: '1'
        paths:
        \(paths.isEmpty ? "  {}" : paths)
        components:
          schemas:
        \(schemas.isEmpty ? "    {}" : schemas)
        """
    }

    static let cases: [Case] = [
        Case(
            name: "YAML syntax error",
            yaml: "openapi: 3.1.0\ninfo: [unclosed\n",
            expected: [
                "openapi.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"
            ]
        ),
        Case(
            name: "tab indentation",
            yaml: "openapi: 3.1.0\ninfo:\n\ttitle: T\n",
            expected: ["openapi.yaml:3:1: error: tab characters are not allowed for indentation"]
        ),
        Case(
            name: "duplicate key",
            yaml: document(schemas: "    A:\n      type: string\n    A:\n      type: integer"),
            expected: ["openapi.yaml:11:5: error: duplicate key 'A' (first defined at line 9, column 5)"]
        ),
        Case(
            name: "unknown $ref",
            yaml: document(
                schemas:
                    "    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/B'"
            ),
            expected: ["openapi.yaml:13:17: error: unknown reference '#/components/schemas/B'"]
        ),
        Case(
            name: "$ref cycle without indirection",
            yaml: document(
                schemas: "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'"),
            expected: ["openapi.yaml:10:7: error: reference cycle: A → B → A"]
        ),
        Case(
            name: "misspelled type",
            yaml: document(schemas: "    A:\n      type: strnig"),
            expected: ["openapi.yaml:10:13: error: unknown schema type 'strnig'"]
        ),
        Case(
            name: "missing responses",
            yaml: document(paths: "  /a:\n    get:\n      operationId: a"),
            expected: ["openapi.yaml:7:5: error: missing required key 'responses' in operation 'GET /a'"]
        ),
        Case(
            name: "path parameter not declared",
            yaml: document(
                paths:
                    "  /a/{id}:\n    get:\n      operationId: a\n      responses:\n        '204':\n          description: x"
            ),
            expected: ["openapi.yaml:7:5: error: path parameter 'id' of '/a/{id}' is not declared"]
        ),
        Case(
            name: "declared path parameter missing from the path",
            yaml: document(
                paths: """
                      /a:
                        get:
                          operationId: a
                          parameters:
                            - name: id
                              in: path
                              required: true
                              schema:
                                type: integer
                          responses:
                            '204':
                              description: x
                    """
            ),
            expected: ["openapi.yaml:10:17: error: path parameter 'id' does not appear in the path '/a'"]
        ),
        Case(
            name: "duplicate operationId",
            yaml: document(
                paths: """
                      /a:
                        get:
                          operationId: same
                          responses:
                            '204':
                              description: x
                      /b:
                        get:
                          operationId: same
                          responses:
                            '204':
                              description: x
                    """
            ),
            expected: ["openapi.yaml:14:20: error: duplicate operationId 'same' (first used at line 8, column 20)"]
        ),
        Case(
            name: "wrong type for a keyword",
            yaml: document(schemas: "    A:\n      type: string\n      minLength: many"),
            expected: ["openapi.yaml:11:18: error: 'minLength' must be a non-negative integer"]
        ),
        Case(
            name: "discriminator mapping to an unknown schema",
            yaml: document(
                schemas: """
                        A:
                          oneOf:
                            - $ref: '#/components/schemas/B'
                          discriminator:
                            propertyName: kind
                            mapping:
                              x: Missing
                        B:
                          type: object
                          properties:
                            kind:
                              type: string
                    """),
            expected: ["openapi.yaml:15:14: error: unknown schema 'Missing' in discriminator 'mapping'"]
        ),
        Case(
            name: "empty oneOf",
            yaml: document(schemas: "    A:\n      oneOf: []"),
            expected: ["openapi.yaml:10:14: error: 'oneOf' must not be empty"]
        ),
        Case(
            name: "integer enum value that is not an integer",
            yaml: document(schemas: "    A:\n      type: integer\n      enum: [1, two]"),
            expected: ["openapi.yaml:10:7: error: enum value 'two' is not an integer"]
        ),
        Case(
            name: "multipleOf zero",
            yaml: document(schemas: "    A:\n      type: number\n      multipleOf: 0"),
            expected: ["openapi.yaml:11:19: error: 'multipleOf' must be greater than 0"]
        ),
        Case(
            name: "invalid pattern",
            yaml: document(schemas: "    A:\n      type: string\n      pattern: '(unclosed'"),
            expected: ["openapi.yaml:11:16: error: 'pattern' is not a valid regular expression: (unclosed"]
        ),
        Case(
            name: "optional path parameter",
            yaml: document(
                paths: """
                      /a/{id}:
                        get:
                          operationId: a
                          parameters:
                            - name: id
                              in: path
                              schema:
                                type: integer
                          responses:
                            '204':
                              description: x
                    """
            ),
            expected: ["openapi.yaml:10:17: error: path parameter 'id' must be declared 'required: true'"]
        ),
        Case(
            name: "invalid response status",
            yaml: document(
                paths:
                    "  /a:\n    get:\n      operationId: a\n      responses:\n        '600':\n          description: x"),
            expected: [
                "openapi.yaml:10:9: error: invalid response status '600' (expected 100–599, 1XX–5XX or 'default')"
            ]
        ),
        Case(
            name: "Swagger 2.0",
            yaml: "swagger: '2.0'\ninfo:\n  title: T\n  version: '1'\npaths: {}\n",
            expected: [
                "openapi.yaml:1:1: error: Swagger 2.0 documents are not supported; convert the document to OpenAPI 3"
            ]
        ),
        Case(
            name: "unsupported request media type",
            yaml: document(
                paths: """
                      /a:
                        post:
                          operationId: a
                          requestBody:
                            content:
                              application/xml:
                                schema:
                                  type: object
                          responses:
                            '204':
                              description: x
                    """
            ),
            expected: ["openapi.yaml:11:11: error: request media type 'application/xml' is not supported"]
        ),
        Case(
            name: "default not among the enum's values",
            yaml: document(
                schemas: """
                        Status:
                          type: string
                          enum: [a, b]
                        A:
                          type: object
                          properties:
                            status:
                              $ref: '#/components/schemas/Status'
                              default: c
                    """
            ),
            expected: ["openapi.yaml:17:20: error: default 'c' is not one of the enum's values"]
        ),
        Case(
            name: "unknown security scheme",
            yaml: document(
                paths:
                    "  /a:\n    get:\n      operationId: a\n      security:\n        - nope: []\n      responses:\n        '204':\n          description: x"
            ),
            expected: ["openapi.yaml:10:11: error: unknown security scheme 'nope'"]
        ),
        Case(
            name: "not a mapping",
            yaml: "- just\n- a list\n",
            expected: ["openapi.yaml:1:1: error: the document must be a mapping, not a sequence"]
        ),
        Case(
            name: "empty document",
            yaml: "",
            expected: ["openapi.yaml:1:1: error: the document is empty"]
        ),
        Case(
            name: "control characters in quoted text stay on one line (found by openapi-fuzz)",
            yaml: document(
                paths:
                    "  /a:\n    get:\n      operationId: a\n      responses:\n        \"a\\rb\":\n          description: x"
            ),
            expected: [
                #"openapi.yaml:10:9: error: invalid response status 'a\rb' (expected 100–599, 1XX–5XX or 'default')"#
            ]
        ),
        Case(
            name: "allOf that merges its own container (found by openapi-fuzz)",
            yaml: document(
                schemas:
                    "    List:\n      type: object\n      properties:\n        inner:\n          allOf:\n            - $ref: '#/components/schemas/List'\n            - type: object"
            ),
            expected: [
                "openapi.yaml:13:11: error: schemas nest more than 64 levels deep (an 'allOf' that includes its own container?)"
            ]
        ),
        Case(
            name: "doubled brace in a path template (found by openapi-fuzz)",
            yaml: document(
                paths:
                    "  /a/{{id}:\n    get:\n      operationId: a\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204':\n          description: x"
            ),
            expected: [
                "openapi.yaml:8:20: error: path segment '{{id}' is not text with at most one '{parameter}' in it"
            ]
        ),
        Case(
            name: "unsupported version",
            yaml: "openapi: 2.5.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n",
            expected: ["openapi.yaml:1:10: error: unsupported OpenAPI version '2.5.0' (expected 3.0.x or 3.1.x)"]
        ),
    ]

    @Test(arguments: cases)
    func brokenDocumentIsReportedAtItsPosition(_ testCase: Case) {
        let result = OpenAPIGenerator.generate(
            spec: Array(testCase.yaml.utf8), specPath: "openapi.yaml", outputPath: "Out")
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors == testCase.expected)
        #expect(result.files.isEmpty)
    }

    @Test func everyProblemOfOneDocumentIsReportedInOneRun() {
        let yaml = Self.document(
            schemas: "    A:\n      type: strnig\n    B:\n      type: object\n      required: nope")
        let result = OpenAPIGenerator.generate(spec: Array(yaml.utf8), specPath: "openapi.yaml", outputPath: "Out")
        #expect(
            result.diagnostics.map(\.description) == [
                "openapi.yaml:10:13: error: unknown schema type 'strnig'",
                "openapi.yaml:13:17: error: 'required' must be a sequence, not a scalar",
            ])
    }

    @Test func unknownKeywordsAreWarningsAndGenerationGoesOn() {
        let yaml = Self.document(schemas: "    A:\n      type: string\n      maxLenght: 3")
        let result = OpenAPIGenerator.generate(spec: Array(yaml.utf8), specPath: "openapi.yaml", outputPath: "Out")
        #expect(
            result.diagnostics.map(\.description) == [
                "openapi.yaml:11:7: warning: unknown key 'maxLenght' in schema ignored"
            ])
        #expect(!result.files.isEmpty)
    }
}

/// Text from the document that Swift cannot hold raw ends up escaped (found by openapi-fuzz).
@Suite struct HostileTextTests {
    @Test func controlCharactersInDescriptionsAndTitlesAreEscaped() throws {
        let yaml = """
            openapi: 3.1.0
            info:
              title: "T \\" \\\\ \\u0001 <b> \\"\\"\\" \\\\("
              version: '1'
            paths:
              /a:
                get:
                  operationId: a
                  summary: "nul \\0 and bell \\a and cr \\r inside"
                  responses:
                    '204':
                      description: "x\\0y"
            """
        let result = OpenAPIGenerator.generate(spec: Array(yaml.utf8), specPath: "openapi.yaml", outputPath: "Out")
        #expect(!result.hasErrors)
        for file in result.files where file.name != "OpenAPISpec.swift" {
            let controls = file.contents.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" }
            #expect(controls.isEmpty, "\(file.name) holds raw control characters")
        }
        let docs = try #require(result.files.first { $0.name == "DocsPage.swift" })
        #expect(
            docs.contents.contains(#"<title>T &quot; \\ \u{1} &lt;b&gt; &quot;&quot;&quot; \\( – Swagger UI</title>"#))
    }
}
