import Foundation
import Testing

@testable import Generator

/// Stage 3 on its own: the model in, the plan out — every name, type, default, route order, import and coding
/// role decided before anything is rendered.
@Suite struct TranslatorTests {
    static let accounts = Stages.yaml(
        paths: """
              /register:
                post:
                  operationId: register
                  requestBody:
                    required: true
                    content: {application/json: {schema: {$ref: '#/components/schemas/Credentials'}}}
                  responses:
                    '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Account'}}}}
                    '422':
                      description: invalid
                      content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}
            """,
        schemas: """
                Credentials:
                  type: object
                  required: [email, password]
                  properties: {email: {type: string}, password: {type: string}}
                Account:
                  type: object
                  properties: {email: {type: string}, role: {$ref: '#/components/schemas/Role'}}
                Role: {type: string, enum: [admin, member]}
                Problem:
                  type: object
                  properties:
                    title: {type: string}
                    errors: {type: array, items: {$ref: '#/components/schemas/Issue'}}
                Issue:
                  type: object
                  properties: {location: {type: string}, message: {type: string}}
                Unused:
                  type: object
                  properties: {note: {type: string}}
            """)

    @Test func requestTypesDecodeAndResponseTypesWriteAndNeitherDoesTheOther() throws {
        let (plan, diagnostics) = try Stages.plan(Self.accounts)
        #expect(diagnostics == [])
        // A request type is never writable by the server, so a password can never be serialised into a response.
        #expect(plan.type("Credentials")?.coding == [.decoding, .decodesRequests])
        #expect(plan.type("Account")?.coding == .writing)
        #expect(plan.type("Role")?.coding == .writing)
        #expect(plan.type("Unused")?.coding == [])
    }

    @Test func aClientWritesRequestsAndDecodesResponses() throws {
        var diagnostics = Diagnostics()
        let document = try Stages.model(Self.accounts, diagnostics: &diagnostics)
        let plan = Translator.translate(document, generatesClient: true, diagnostics: &diagnostics)
        #expect(plan.type("Credentials")?.coding == [.decoding, .decodesRequests, .writing])
        #expect(plan.type("Account")?.coding == [.writing, .decoding, .decodesResponses])
        #expect(plan.type("Unused")?.coding == [])
    }

    @Test func problemOnlySchemasBecomeTheRuntimesTypes() throws {
        let (plan, _) = try Stages.plan(Self.accounts)
        guard case .alias(let problem)? = plan.type("Problem"), case .alias(let issue)? = plan.type("Issue") else {
            Issue.record("Problem and Issue must be aliases")
            return
        }
        #expect(problem.target.swiftType == "APIRuntime.Problem")
        #expect(issue.target.swiftType == "APIRuntime.ValidationIssue")
    }

    @Test func aProblemSchemaThatARequestAlsoUsesStaysAType() throws {
        let yaml = Self.accounts.replacingOccurrences(
            of: "content: {application/json: {schema: {$ref: '#/components/schemas/Credentials'}}}",
            with: "content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}"
        )
        let (plan, _) = try Stages.plan(yaml)
        #expect(plan.type("Problem")?.coding == [.decoding, .decodesRequests])
        #expect(plan.type("Issue")?.coding == [.decoding, .decodesRequests])
    }

    /// A document whose problem schema `Failure` names the enum `Severity`, which `header` (a response header's
    /// schema, or nothing) and `extra` (more component schemas) may also name.
    static func failureDocument(header: String = "", extra: String = "") -> String {
        Stages.yaml(
            paths: """
                  /a:
                    get:
                      operationId: a
                      responses:
                        '400':
                          description: bad
                          \(header)
                          content: {application/problem+json: {schema: {$ref: '#/components/schemas/Failure'}}}
                """,
            schemas: """
                    Failure:
                      type: object
                      properties: {severity: {$ref: '#/components/schemas/Severity'}}
                    Severity: {type: string, enum: [low, high]}
                \(extra)
                """)
    }

    /// A type inside the problem schema that an alias, another schema or a response header also names stays.
    @Test(arguments: [
        failureDocument(extra: "    Severities: {type: array, items: {$ref: '#/components/schemas/Severity'}}"),
        failureDocument(
            extra: "    Other: {type: object, properties: {level: {$ref: '#/components/schemas/Severity'}}}"),
        failureDocument(header: "headers: {X-Severity: {schema: {$ref: '#/components/schemas/Severity'}}}"),
    ])
    func aTypeThatSomethingElseNamesStaysDeclared(_ yaml: String) throws {
        let (plan, diagnostics) = try Stages.plan(yaml)
        #expect(diagnostics == [])
        guard case .enumeration? = plan.type("Severity"), case .alias(let failure)? = plan.type("Failure") else {
            Issue.record("Severity must stay an enum and Failure become an alias")
            return
        }
        #expect(failure.target.swiftType == "APIRuntime.Problem")
    }

    /// An alias's inline item type is declared in `Schemas`, under a name no component has.
    @Test func inlineTypesOfAnAliasAreDeclaredBesideTheComponents() throws {
        let (plan, diagnostics) = try Stages.plan(
            Stages.yaml(
                schemas: """
                        Tags: {type: array, items: {type: object, properties: {label: {type: string}}}}
                        TagsItem: {type: string}
                    """))
        #expect(diagnostics == [])
        guard case .alias(let tags)? = plan.type("Tags") else {
            Issue.record("Tags must be an alias")
            return
        }
        #expect(tags.target.swiftType == "[Schemas.TagsItem2]")
        #expect(plan.type("TagsItem2")?.structure?.properties.map(\.jsonName) == ["label"])
    }

    @Test func importsAreDecidedPerFileWithTheAccessLevel() throws {
        let (plan, _) = try Stages.plan(Self.accounts)
        #expect(plan.imports[.schemas] == [ModuleImport(module: "APIRuntime", visible: true)])
        #expect(plan.imports[.docs] == [ModuleImport(module: "APIRuntime", visible: false)])
        #expect(plan.imports[.handler] == [])
        let dated = Stages.yaml(
            schemas: "    Event: {type: object, properties: {at: {type: string, format: date-time}}}")
        let (datedPlan, _) = try Stages.plan(dated)
        // A schema no request or response uses needs Foundation for `Date`, and no runtime at all.
        #expect(datedPlan.imports[.schemas] == [ModuleImport(module: "Foundation", visible: true)])
    }

    @Test func routesPutLiteralSegmentsBeforeParametersAndShortPathsFirst() throws {
        let responses = "responses: {'204': {description: done}}"
        let parameter = "parameters: [{name: id, in: path, required: true, schema: {type: string}}]"
        let (plan, _) = try Stages.plan(
            Stages.yaml(
                paths: """
                      /items/{id}:
                        get: {operationId: getItem, \(parameter), \(responses)}
                      /items/mine:
                        get: {operationId: mine, \(responses)}
                      /items:
                        get: {operationId: list, \(responses)}
                        post: {operationId: create, \(responses)}
                    """))
        #expect(plan.routes.map(\.segmentCount) == [1, 2])
        #expect(plan.routes[0].routes.map { $0.operations.map(\.operationID) } == [["list", "create"]])
        #expect(plan.routes[1].routes.map { $0.operations.map(\.operationID) } == [["mine"], ["getItem"]])
    }

    @Test func defaultsAreTypedValuesCheckedAgainstTheirSwiftType() throws {
        let (plan, diagnostics) = try Stages.plan(
            Stages.yaml(
                schemas: """
                        Page:
                          type: object
                          properties:
                            limit: {type: integer, format: int32, default: 50}
                            huge: {type: integer, format: int32, default: 2147483648}
                            ratio: {type: number, default: 0.5}
                            name: {type: string, default: "a \\"b\\""}
                            sort: {type: string, enum: [asc, desc], default: desc}
                            flag: {type: boolean, default: true}
                    """))
        let properties = try #require(plan.type("Page")?.structure?.properties)
        #expect(
            properties.map(\.presence) == [
                .defaulted(.integer(50)), .optional, .defaulted(.double(0.5)), .defaulted(.string("a \"b\"")),
                .defaulted(.enumCase("desc")), .defaulted(.bool(true)),
            ])
        #expect(
            diagnostics == [
                "openapi.yaml:13:55: warning: default 2147483648 is out of range for int32 (-2147483648...2147483647); ignored"
            ])
    }

    @Test func aRequirementNamingTwoSchemesNeedsBoth() throws {
        let (plan, diagnostics) = try Stages.plan(
            Stages.yaml(
                paths: """
                      /a:
                        get:
                          operationId: a
                          security: [{key: [], app: []}, {bearer: []}]
                          responses: {'204': {description: done}}
                    """,
                securitySchemes: """
                        key: {type: apiKey, in: header, name: X-Key}
                        app: {type: apiKey, in: query, name: app}
                        bearer: {type: http, scheme: bearer}
                    """))
        #expect(diagnostics == [])
        let security = try #require(plan.operation("a")?.security)
        #expect(security.alternatives.map { $0.map(\.name) } == [["key", "app"], ["bearer"]])
        #expect(security.isCompound && !security.allowsAnonymous)
        #expect(plan.hasCompoundSecurity)
    }

    @Test func theAccessModifierIsPartOfThePlan() throws {
        let (plan, _) = try Stages.plan(Self.accounts, access: .public)
        #expect(plan.accessModifier == .public)
    }
}
