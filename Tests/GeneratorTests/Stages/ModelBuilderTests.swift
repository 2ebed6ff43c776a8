import Testing

@testable import Generator

/// Stage 2 on its own: YAML snippets in, the OpenAPI model out.
@Suite struct ModelBuilderTests {
    @Test func operationsKeepPathMethodParametersBodyAndResponses() throws {
        let document = try Stages.model(
            Stages.yaml(
                paths: """
                      /items/{id}:
                        parameters:
                          - {name: id, in: path, required: true, schema: {type: integer}}
                        patch:
                          operationId: patchItem
                          parameters:
                            - {name: dry_run, in: query, schema: {type: boolean, default: false}}
                          requestBody:
                            required: true
                            content:
                              application/merge-patch+json:
                                schema: {$ref: '#/components/schemas/Item'}
                          responses:
                            '200': {description: ok}
                            4XX: {description: client error}
                            default: {description: other}
                    """,
                schemas: """
                        Item:
                          type: object
                          properties: {name: {type: string}}
                    """))
        let operation = try #require(document.operations.first)
        #expect(operation.operationID == "patchItem")
        #expect(operation.method == .patch)
        #expect(operation.path == "/items/{id}")
        #expect(operation.pointer == "#/paths/~1items~1{id}/patch")
        // Path-level parameters come first, then the operation's own.
        #expect(operation.parameters.map(\.name) == ["id", "dry_run"])
        #expect(operation.parameters.map(\.location) == [.path, .query])
        #expect(operation.parameters.map(\.isRequired) == [true, false])
        #expect(operation.parameters[1].schema.defaultValue?.scalar == "false")
        let body = try #require(operation.requestBody)
        #expect(body.isRequired)
        #expect(body.contents.map(\.mediaType) == ["application/merge-patch+json"])
        #expect(body.contents.first?.schema?.reference == "Item")
        #expect(operation.responses.map(\.status) == [.code(200), .range(4), .default])
    }

    @Test func securityRequirementsKeepEverySchemeOfEachAlternative() throws {
        let document = try Stages.model(
            Stages.yaml(
                paths: """
                      /a:
                        get:
                          operationId: a
                          security:
                            - {key: [], app: []}
                            - bearer: [tasks:read, tasks:write]
                            - {}
                          responses: {'204': {description: done}}
                    """,
                securitySchemes: """
                        key: {type: apiKey, in: header, name: X-Key}
                        app: {type: apiKey, in: query, name: app}
                        bearer: {type: http, scheme: bearer}
                    """))
        let security = try #require(document.operations.first?.security)
        #expect(security.map { $0.map(\.scheme) } == [["key", "app"], ["bearer"], []])
        #expect(security.map { $0.map(\.scopes) } == [[[], []], [["tasks:read", "tasks:write"]], []])
        #expect(document.securitySchemes.map(\.name) == ["key", "app", "bearer"])
    }

    @Test func schemasKeepTheirConstraintsTypesAndReferences() throws {
        let document = try Stages.model(
            Stages.yaml(
                schemas: """
                        Task:
                          type: object
                          required: [title]
                          properties:
                            title: {type: string, minLength: 1, maxLength: 200, x-trim: true}
                            count: {type: [integer, 'null'], format: int32, minimum: 0, exclusiveMaximum: 10}
                            tags: {type: array, items: {type: string}, maxItems: 20, uniqueItems: true}
                            owner: {$ref: '#/components/schemas/User'}
                        User:
                          type: object
                          properties: {id: {type: integer}}
                    """))
        #expect(document.schemas.map(\.name) == ["Task", "User"])
        let task = try #require(document.schemas.first?.schema)
        #expect(task.required == ["title"])
        #expect(task.properties.map(\.name) == ["title", "count", "tags", "owner"])
        let title = task.properties[0].schema
        #expect(title.minLength == 1 && title.maxLength == 200 && title.trims)
        let count = task.properties[1].schema
        #expect(count.types == [.integer] && count.isNullable && count.format == "int32")
        #expect(count.minimum == 0 && count.exclusiveMaximum == 10)
        let tags = task.properties[2].schema
        #expect(tags.items?.types == [.string] && tags.maxItems == 20 && tags.uniqueItems)
        #expect(task.properties[3].schema.reference == "User")
    }
}
