import Testing

@testable import Generator

/// Keys the generator does not know, or knows and does not generate, are warnings at their position.
@Suite struct ModelWarningTests {
    @Test func misspelledKeysOfBodiesResponsesMediaTypesAndHeadersAreNamed() throws {
        let yaml = Stages.yaml(
            paths: """
                  /t:
                    post:
                      operationId: t
                      requestBody: {required: true, contnet: {}, content: {application/json: {schma: {}}}}
                      callbacks: {done: {}}
                      responses:
                        '200':
                          description: ok
                          contnet: {}
                          headers: {X-A: {schema: {type: string}, requird: true}}
                """)
        let (_, diagnostics) = try Stages.plan(yaml)
        #expect(
            diagnostics == [
                "openapi.yaml:9:37: warning: unknown key 'contnet' in request body ignored",
                "openapi.yaml:9:79: warning: unknown key 'schma' in media type ignored",
                "openapi.yaml:10:18: warning: callbacks are not generated; ignored",
                "openapi.yaml:14:11: warning: unknown key 'contnet' in response '200' ignored",
                "openapi.yaml:15:51: warning: unknown key 'requird' in header 'X-A' ignored",
            ])
    }

    @Test func aDefaultOfTheReferencedComponentApplies() throws {
        let yaml = Stages.yaml(
            paths: """
                  /t:
                    get:
                      operationId: t
                      parameters: [{name: limit, in: query, schema: {$ref: '#/components/schemas/Limit'}}]
                      responses: {'204': {description: x}}
                """,
            schemas: """
                    Limit: {type: integer, default: 20}
                """)
        let (plan, _) = try Stages.plan(yaml)
        #expect(plan.operation("t")?.queryParameters.first?.presence == .defaulted(.integer(20)))
    }
}
