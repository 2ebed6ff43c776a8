import Foundation
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

    @Test func whatTheGeneratedCodeCannotCheckIsNamed() throws {
        let yaml = Stages.yaml(
            paths: """
                  /t:
                    get:
                      operationId: t
                      servers: [{url: 'https://other.example'}]
                      responses:
                        '200':
                          description: ok
                          content:
                            application/json: {schema: {$ref: '#/components/schemas/A'}}
                            text/csv: {schema: {type: string}}
                """,
            schemas: """
                    A:
                      type: object
                      properties:
                        name: {$ref: '#/components/schemas/Name', maxLength: 3}
                        size: {minimum: 1}
                      additionalProperties: {type: integer}
                    Name: {type: string}
                """)
        let (_, diagnostics) = try Stages.plan(yaml)
        #expect(
            diagnostics == [
                "openapi.yaml:9:16: warning: an operation's own 'servers' are ignored: it is served with the others",
                "openapi.yaml:15:13: warning: response media type 'text/csv' is not generated: the handler answers "
                    + "with 'application/json', the first",
                "openapi.yaml:21:51: warning: 'maxLength' beside '$ref' is ignored; wrap the reference in 'allOf' to "
                    + "add to it",
                "openapi.yaml:22:15: warning: 'minimum' without 'type' is not checked: say which type it constrains",
            ])
    }

    @Test func stringExtensionsOnAnythingButAPlainStringAreNamed() throws {
        let yaml = Stages.yaml(
            paths: "",
            schemas: """
                    Count: {type: integer, x-trim: true}
                    Color: {type: string, enum: [red], x-max-bytes: 8}
                    Photo: {type: string, format: binary, x-max-bytes: 8}
                    Title: {type: string, x-trim: true, x-max-bytes: 8}
                    Part: {x-trim: true}
                """)
        let (_, diagnostics) = try Stages.plan(yaml)
        #expect(
            diagnostics == [
                "openapi.yaml:9:36: warning: 'x-trim' applies to plain strings only; on a schema of type integer it is "
                    + "ignored",
                "openapi.yaml:10:53: warning: 'x-max-bytes' applies to plain strings only; on a string enum it is ignored",
                "openapi.yaml:11:56: warning: 'x-max-bytes' applies to plain strings only; on bytes (format binary) it is "
                    + "ignored",
            ])
    }

    @Test func aServerBasePathIsNamedOnce() throws {
        #expect(ModelBuilder.basePath(of: "https://api.example.com/v1") == "/v1")
        #expect(ModelBuilder.basePath(of: "https://{region}.example.com") == "")
        #expect(ModelBuilder.basePath(of: "/api") == "/api")
        let yaml = Stages.yaml(paths: "").replacingOccurrences(
            of: "paths:", with: "servers: [{url: 'https://a.example/'}, {url: /v2}, {url: /v3}]\npaths:")
        let (_, diagnostics) = try Stages.plan(yaml)
        #expect(
            diagnostics.filter { $0.contains("base path") } == [
                "openapi.yaml:5:46: warning: the router serves the paths under 'paths' as written, without this "
                    + "server's base path '/v2': mount it under '/v2'"
            ])
    }

    @Test func twoRequestMediaTypesWithDifferentInlineSchemasWarn() throws {
        let body = "{type: object, properties: {a: {type: string}}}"
        let yaml = Stages.yaml(
            paths: """
                  /same:
                    post:
                      operationId: same
                      requestBody:
                        content: {application/json: {schema: \(body)}, application/x-www-form-urlencoded: {schema: \(body)}}
                      responses: {'204': {description: x}}
                  /different:
                    post:
                      operationId: different
                      requestBody:
                        content:
                          application/json: {schema: \(body)}
                          application/x-www-form-urlencoded: {schema: {type: object, required: [b], properties: {b: {type: integer}}}}
                      responses: {'204': {description: x}}
                """)
        let (_, diagnostics) = try Stages.plan(yaml)
        #expect(
            diagnostics == [
                "openapi.yaml:18:11: warning: media types of one request body have different schemas; "
                    + "'application/json''s is used for all"
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

/// The served JSON says what the vendor extensions mean where JSON Schema can say it.
@Suite struct ImpliedKeywordTests {
    @Test func xTrimWithAMinimumLengthAlsoNeedsANonWhitespaceCharacter() throws {
        let yaml = Stages.yaml(
            schemas: """
                    Plain: {type: string, x-trim: true, minLength: 1}
                    Patterned: {type: string, x-trim: true, minLength: 1, pattern: '^[^x]*$'}
                    Untrimmed: {type: string, minLength: 1}
                """)
        var diagnostics = Diagnostics()
        let root = try #require(YAMLParser.parse(Array(yaml.utf8), file: "openapi.yaml", diagnostics: &diagnostics))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONRendering.render(ImpliedKeywords.adding(to: root)).utf8))
                as? [String: Any])
        let schemas = try #require((json["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        #expect(schemas["Plain"]?["pattern"] as? String == ImpliedKeywords.nonWhitespace)
        #expect(schemas["Patterned"]?["pattern"] as? String == "^[^x]*$")
        #expect((schemas["Patterned"]?["allOf"] as? [[String: String]]) == [["pattern": ImpliedKeywords.nonWhitespace]])
        #expect(schemas["Untrimmed"]?["pattern"] == nil)
        // The pattern means what Swift's trimming means: whitespace alone does not match, a letter does. (ICU reads
        // `\uXXXX` as ECMA-262, JSON Schema's dialect, does.)
        let regex = try NSRegularExpression(pattern: ImpliedKeywords.nonWhitespace)
        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        #expect(!matches("\n \u{3000}\t\u{2028}\u{0085}"))
        #expect(matches(" a "))
        // Exactly Unicode's White_Space, which the runtime trims: every other scalar of the BMP matches.
        let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init)
        let all = String(String.UnicodeScalarView(scalars))
        let matchCount = regex.numberOfMatches(in: all, range: NSRange(all.startIndex..., in: all))
        #expect(matchCount == scalars.filter { !$0.properties.isWhitespace }.count)
    }

    @Test func aPropertyTwoAllOfPartsDeclareDifferentlyIsNamed() throws {
        let yaml = Stages.yaml(
            schemas: """
                    Base: {type: object, properties: {id: {type: string}, tag: {$ref: '#/components/schemas/Tag'}}}
                    Tag: {type: string}
                    Other: {type: object, properties: {name: {type: string}}}
                    Merged:
                      allOf:
                        - $ref: '#/components/schemas/Base'
                        - properties:
                            id: {type: integer}
                            tag: {$ref: '#/components/schemas/Tag'}
                        - properties:
                            id: {type: string, maxLength: 3}
                            owner: {$ref: '#/components/schemas/Other'}
                        - properties:
                            owner: {type: object, properties: {name: {type: string}}}
                """)
        let (_, diagnostics) = try Stages.plan(yaml)
        // `tag` (the same reference twice) and the second string `id` (its bounds combine) are not conflicts.
        #expect(
            diagnostics == [
                "openapi.yaml:16:17: warning: property 'id' is declared again here, unlike its declaration at"
                    + " openapi.yaml:9:43; an allOf merge keeps the first",
                "openapi.yaml:22:20: warning: property 'owner' is declared again here, unlike its declaration at"
                    + " openapi.yaml:20:20; an allOf merge keeps the first",
            ])
    }
}
