import Testing

@testable import Generator

/// How unions, compositions and examples are planned: the decisions `CompositionTests` then runs.
@Suite struct UnionTranslationTests {
    static let pets = Stages.yaml(
        schemas: """
                Pet:
                  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
                  discriminator: {propertyName: kind, mapping: {tabby: Cat, kitten: '#/components/schemas/Cat'}}
                  example: {kind: tabby, name: Tom}
                Base:
                  type: object
                  required: [kind, name]
                  properties: {kind: {type: string}, name: {type: string, maxLength: 20}}
                Cat:
                  allOf: [{$ref: '#/components/schemas/Base'}]
                Dog:
                  allOf: [{$ref: '#/components/schemas/Base'}, {properties: {good: {type: boolean}}}]
                  example: {kind: Dog, name: Rex}
                Maybe:
                  anyOf: [{$ref: '#/components/schemas/Dog'}, {type: 'null'}]
                Either:
                  type: [string, integer]
            """)

    @Test func everyMappingValueAndTheImplicitNameSelectTheirMember() throws {
        let (plan, diagnostics) = try Stages.plan(Self.pets)
        #expect(diagnostics == [])
        guard case .union(let pet)? = plan.type("Pet") else { return #expect(Bool(false), "Pet is not a union") }
        #expect(pet.discriminatorProperty == "kind")
        #expect(pet.cases.map(\.swiftName) == ["cat", "dog"])
        #expect(pet.cases.map(\.discriminatorValues) == [["tabby", "kitten"], ["Dog"]])
        #expect(pet.requiresExactlyOne)
    }

    @Test func aNullMemberLeavesTheOtherMemberNullableAndATypeArrayIsAnAnyOf() throws {
        let (plan, _) = try Stages.plan(Self.pets)
        guard case .alias(let maybe)? = plan.type("Maybe"), case .value(.named("Schemas.Dog")) = maybe.target else {
            return #expect(Bool(false), "Maybe is not an alias of Dog: \(String(describing: plan.type("Maybe")))")
        }
        guard case .union(let either)? = plan.type("Either") else { return #expect(Bool(false)) }
        #expect(!either.requiresExactlyOne)
        #expect(either.cases.map(\.swiftName) == ["string", "integer"])
    }

    @Test func aDiscriminatorAnInlineMemberCannotSatisfyIsIgnoredWithAWarning() throws {
        let yaml = Stages.yaml(
            schemas: """
                    A:
                      oneOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {kind: {type: string}}}]
                      discriminator: {propertyName: kind}
                    B:
                      type: object
                      properties: {kind: {type: string}}
                """)
        let (plan, diagnostics) = try Stages.plan(yaml)
        #expect(
            diagnostics == [
                "openapi.yaml:10:49: warning: the discriminator is ignored: an inline member cannot be selected by "
                    + "'kind'; each member is tried instead"
            ])
        guard case .union(let union)? = plan.type("A") else { return #expect(Bool(false)) }
        #expect(union.discriminatorProperty == nil)
    }

    @Test func examplesBecomeChecksWithInvalidVariants() throws {
        var diagnostics = Diagnostics()
        let document = try Stages.model(Self.pets, diagnostics: &diagnostics)
        let plan = Translator.translate(document, checkingExamples: true, diagnostics: &diagnostics)
        let checks = Dictionary(uniqueKeysWithValues: plan.exampleChecks.map { ($0.pointer, $0) })
        #expect(checks["#/components/schemas/Pet/example"]?.variants.map(\.location) == ["example.kind", "example"])
        #expect(
            checks["#/components/schemas/Dog/example"]?.variants.map(\.location) == ["example.kind", "example.kind"])
        #expect(
            checks["#/components/schemas/Dog/example"]?.variants.map(\.description) == [
                "without its required member 'kind'", "with 'kind' of another type",
            ])
    }

    @Test func fragmentPathsAreSkippedAndArraysOfObjectsAreReadAsJSON() throws {
        let yaml = Stages.yaml(
            paths: """
                  /files/{id}#share:
                    get:
                      operationId: share
                      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                      responses: {'204': {description: x}}
                  /search:
                    get:
                      operationId: search
                      parameters:
                        - name: filters
                          in: query
                          schema: {type: array, items: {type: object, properties: {scope: {type: string}}}}
                      responses: {'204': {description: x}}
                """)
        let (plan, diagnostics) = try Stages.plan(yaml)
        #expect(
            diagnostics == [
                "openapi.yaml:8:20: warning: path '/files/{id}#share' has a fragment, which requests never carry; "
                    + "operation 'share' is not generated",
                "openapi.yaml:15:17: warning: no style writes an array of objects or arrays: parameter 'filters' is "
                    + "read as JSON text",
            ])
        #expect(plan.operations.map(\.operationID) == ["search"])
        #expect(plan.operation("search")?.queryParameters.first?.serialization?.shape == "json")
    }

    @Test func aDeclaredHeadIsRoutedToItsOwnOperation() throws {
        let yaml = Stages.yaml(
            paths: """
                  /t:
                    get: {operationId: read, responses: {'204': {description: x}}}
                    head: {operationId: peek, responses: {'204': {description: x}}}
                """)
        let router = try #require(
            OpenAPIGenerator.generate(spec: Array(yaml.utf8), specPath: "openapi.yaml", outputPath: "Out").files.first {
                $0.name == "APIRouter.swift"
            })
        #expect(router.contents.contains("case \"GET\":\n"))
        #expect(router.contents.contains("case \"HEAD\":\n"))
        #expect(router.contents.contains(#"allowed: ["GET", "HEAD", "OPTIONS"]"#))
    }

    @Test func aScalarAllOfIsOneScalarWithEveryPartsConstraints() throws {
        let yaml = Stages.yaml(
            schemas: """
                    Code: {allOf: [{type: string, minLength: 2}, {maxLength: 3}, {minLength: 1, pattern: '^[A-Z]+$'}]}
                    Base: {type: object, properties: {name: {type: string}}}
                    Named:
                      allOf:
                        - $ref: '#/components/schemas/Base'
                        - {type: object, properties: {name: {maxLength: 5}}}
                """)
        let (plan, diagnostics) = try Stages.plan(yaml)
        #expect(diagnostics == [])
        guard case .alias(let code)? = plan.type("Code"), case .value(.string(let rules)) = code.target else {
            return #expect(Bool(false), "Code is not a string: \(String(describing: plan.type("Code")))")
        }
        #expect(rules.minLength == 2 && rules.maxLength == 3 && rules.pattern == "^[A-Z]+$")
        let named = try #require(plan.type("Named")?.structure)
        guard case .string(let nameRules) = named.properties.first?.value else { return #expect(Bool(false)) }
        #expect(nameRules.maxLength == 5, "the part redeclaring 'name' adds its constraint")
    }
}
