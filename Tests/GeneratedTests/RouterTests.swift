import APIRuntime
import Foundation
import Generated
import Testing

/// The generated router and validation, exercised through a test handler without sockets.
@Suite struct RouterTests {
    let router = APIRouter(handler: TestHandler())

    func send(
        _ method: String,
        _ target: String,
        json: String? = nil,
        form: String? = nil,
        contentType: String? = nil,
        token: String? = "good-token"
    ) async throws -> (status: Int, headers: HTTPHeaders, json: JSONValue?) {
        var headers = HTTPHeaders()
        var body: [UInt8] = []
        if let json {
            headers.add("Content-Type", contentType ?? "application/json")
            body = Array(json.utf8)
        } else if let form {
            headers.add("Content-Type", contentType ?? "application/x-www-form-urlencoded")
            body = Array(form.utf8)
        } else if let contentType {
            headers.add("Content-Type", contentType)
        }
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let response = try await router.respond(
            to: HTTPRequest(method: method, target: target, headers: headers, body: body))
        let isJSON = response.headers["Content-Type"]?.contains("json") == true
        return (response.status, response.headers, isJSON ? try JSONParser.parse(response.body) : nil)
    }

    /// The `location`s of a 422's `errors`, in order.
    func locations(_ json: JSONValue?) -> [String] {
        guard case .object(let problem)? = json, case .array(let errors)? = problem["errors"] else { return [] }
        return errors.compactMap { error in
            guard case .object(let members) = error, case .string(let location)? = members["location"] else {
                return nil
            }
            return location
        }
    }

    func member(_ json: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object(let members)? = json else { return nil }
        return members[key]
    }

    // MARK: Routing

    @Test(arguments: ["/nope", "/tasks/1/extra", "/tasks/", "tasks", "/", "//tasks", "/TASKS"])
    func unknownPathIs404ProblemJSON(_ path: String) async throws {
        let response = try await send("GET", path)
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(member(response.json, "status") == .int(404))
        #expect(member(response.json, "type") == .string("about:blank"))
        #expect(member(response.json, "title") == .string("Not Found"))
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let collection = try await send("PUT", "/tasks")
        #expect(collection.status == 405)
        #expect(collection.headers["Allow"] == "POST, GET, HEAD, OPTIONS")
        let item = try await send("POST", "/tasks/1")
        #expect(item.status == 405)
        #expect(item.headers["Allow"] == "GET, HEAD, PATCH, DELETE, OPTIONS")
    }

    /// RFC 9110 §9.3.7: `OPTIONS` names what the path allows, the same list a `405` gives, without running any
    /// operation (so without a token and whatever the path's parameters).
    @Test func optionsNamesTheAllowedMethods() async throws {
        for (path, allowed) in [
            ("/tasks", "POST, GET, HEAD, OPTIONS"), ("/tasks/not-an-id", "GET, HEAD, PATCH, DELETE, OPTIONS"),
            ("/health", "GET, HEAD, OPTIONS"),
        ] {
            let response = try await send("OPTIONS", path)
            #expect(response.status == 204, "\(path)")
            #expect(response.headers["Allow"] == allowed, "\(path)")
            #expect(response.json == nil, "no body")
        }
        #expect(try await send("OPTIONS", "/no/such/path").status == 404)
    }

    @Test func headIsRoutedLikeGet() async throws {
        let response = try await send("HEAD", "/health")
        #expect(response.status == 200)
    }

    @Test func percentEncodedPathSegmentsAreDecoded() async throws {
        let response = try await send("GET", "/tasks/%34%32")
        #expect(response.status == 200)
        #expect(member(response.json, "id") == .int(42))
    }

    @Test func routeTemplatesNameTheOperationNotThePath() {
        #expect(
            APIRouter<TestHandler>.routeTemplate(for: HTTPRequest(method: "GET", target: "/tasks/9?x=1"))
                == "/tasks/{id}")
        #expect(
            APIRouter<TestHandler>.routeTemplate(for: HTTPRequest(method: "GET", target: "/users/me")) == "/users/me")
        #expect(APIRouter<TestHandler>.routeTemplate(for: HTTPRequest(method: "GET", target: "/x")) == nil)
    }

    // MARK: Path, query and authentication

    @Test(arguments: ["0", "-1", "abc", "9223372036854775808", "1.5", "%FF"])
    func invalidPathIDIs422AtPathID(_ id: String) async throws {
        let response = try await send("GET", "/tasks/\(id)")
        #expect(response.status == 422)
        #expect(locations(response.json) == ["path.id"])
    }

    @Test func largestInt64IDIsAccepted() async throws {
        let response = try await send("GET", "/tasks/9223372036854775807")
        #expect(response.status == 200)
    }

    @Test func documentedProblemCasesKeepTheirStatus() async throws {
        #expect(try await send("GET", "/tasks/404").status == 404)
        #expect(try await send("GET", "/tasks/403").status == 403)
        #expect(try await send("DELETE", "/tasks/5").status == 204)
    }

    @Test func queryDefaultsAndBoundsAreApplied() async throws {
        let defaulted = try await send("GET", "/tasks")
        #expect(member(defaulted.json.flatMap(firstElement), "title") == .string("limit=50"))
        let explicit = try await send("GET", "/tasks?limit=200")
        #expect(member(explicit.json.flatMap(firstElement), "title") == .string("limit=200"))
        for bad in ["0", "201", "abc", "", "1e2"] {
            let response = try await send("GET", "/tasks?limit=\(bad)")
            #expect(response.status == 422, "limit=\(bad)")
            #expect(locations(response.json) == ["query.limit"], "limit=\(bad)")
        }
        let malformed = try await send("GET", "/tasks?limit=%zz")
        #expect(malformed.status == 422)
        #expect(locations(malformed.json) == ["query"])
    }

    func firstElement(_ json: JSONValue) -> JSONValue? {
        guard case .array(let items) = json else { return nil }
        return items.first
    }

    @Test func missingTokenIs401WithBearerChallenge() async throws {
        let response = try await send("GET", "/users/me", token: nil)
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(member(response.json, "detail") == .string("Not authenticated"))
    }

    @Test func rejectedTokenIs401FromTheHandler() async throws {
        let response = try await send("GET", "/users/me", token: "forged")
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Bearer error=\"invalid_token\"")
    }

    @Test func authenticationComesBeforeValidation() async throws {
        let response = try await send("POST", "/tasks", json: "{", token: nil)
        #expect(response.status == 401)
    }

    @Test func otherAuthorizationSchemesAreNotBearerTokens() async throws {
        let request = HTTPRequest(
            method: "GET", target: "/users/me", headers: ["Authorization": "Basic Z29vZC10b2tlbg=="])
        #expect(try await router.respond(to: request).status == 401)
        let lowercase = HTTPRequest(method: "GET", target: "/users/me", headers: ["Authorization": "bearer good-token"])
        #expect(try await router.respond(to: lowercase).status == 200)
    }

    // MARK: Bodies

    @Test func createdResponseCarriesLocationAndSnakeCaseJSON() async throws {
        let response = try await send(
            "POST", "/tasks", json: #"{"title": "  Write report  ", "status": "in_progress"}"#)
        #expect(response.status == 201)
        #expect(response.headers["Location"] == "/tasks/7")
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(member(response.json, "title") == .string("Write report"))
        #expect(member(response.json, "status") == .string("in_progress"))
        #expect(member(response.json, "priority") == .string("medium"))
        #expect(member(response.json, "due_at") == .null)
        #expect(member(response.json, "created_at") == .string("2026-11-24T18:23:00Z"))
    }

    @Test func threeViolationsAreReportedTogether() async throws {
        let response = try await send(
            "POST", "/tasks", json: #"{"title": "   ", "status": "later", "due_at": "tomorrow"}"#)
        #expect(response.status == 422)
        #expect(member(response.json, "type") == .string("about:blank"))
        #expect(locations(response.json) == ["body.title", "body.status", "body.due_at"])
        #expect(member(response.json, "detail") == .string("3 validation errors"))
    }

    @Test func unknownAndServerOwnedFieldsAreIgnored() async throws {
        let response = try await send(
            "POST", "/tasks", json: #"{"title": "x", "id": 99, "user_id": 5, "version": 7, "extra": [1]}"#)
        #expect(response.status == 201)
        #expect(member(response.json, "id") == .int(7))
    }

    @Test func missingRequiredFieldsAndWrongTypesAreNamed() async throws {
        let response = try await send("POST", "/tasks", json: #"{"description": 5, "priority": null}"#)
        #expect(response.status == 422)
        #expect(locations(response.json) == ["body.title", "body.description", "body.priority"])
    }

    @Test func titleLengthCountsCodePointsAfterTrimming() async throws {
        let longest = String(repeating: "é", count: 200)
        #expect(try await send("POST", "/tasks", json: #"{"title": " \#(longest) "}"#).status == 201)
        let tooLong = try await send("POST", "/tasks", json: #"{"title": "\#(longest)x"}"#)
        #expect(tooLong.status == 422)
        #expect(locations(tooLong.json) == ["body.title"])
    }

    @Test func nulCharactersAreRefusedOnce() async throws {
        let response = try await send("POST", "/tasks", json: #"{"title": "a\u0000b"}"#)
        #expect(response.status == 422)
        #expect(locations(response.json) == ["body.title"])
    }

    @Test(arguments: ["{", "[1,]", "{\"title\": \"x\"} trailing", "\u{FF}", "{\"title\": 'x'}"])
    func malformedJSONIs400(_ text: String) async throws {
        let response = try await send("POST", "/tasks", json: text)
        #expect(response.status == 400)
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }

    @Test func nonObjectBodyIs422AtBody() async throws {
        let response = try await send("POST", "/tasks", json: "[]")
        #expect(response.status == 422)
        #expect(locations(response.json) == ["body"])
    }

    @Test func missingBodyIs422() async throws {
        let response = try await send("POST", "/tasks")
        #expect(response.status == 422)
        #expect(locations(response.json) == ["body"])
    }

    @Test(arguments: [
        "text/plain", "application/xml", "application/json; charset=latin1", "application/x-www-form-urlencoded",
    ])
    func unsupportedContentTypeIs415(_ contentType: String) async throws {
        let response = try await send("POST", "/tasks", json: #"{"title": "x"}"#, contentType: contentType)
        #expect(response.status == 415)
    }

    @Test func bodyWithoutContentTypeIs415() async throws {
        let request = HTTPRequest(
            method: "POST", target: "/tasks", headers: ["Authorization": "Bearer good-token"], body: Array("{}".utf8)
        )
        #expect(try await router.respond(to: request).status == 415)
    }

    @Test func contentTypeMatchingIgnoresCaseAndParameters() async throws {
        let response = try await send(
            "POST", "/tasks", json: #"{"title": "x"}"#, contentType: "Application/JSON; charset=UTF-8")
        #expect(response.status == 201)
    }

    // MARK: Merge patch

    @Test func mergePatchTellsAbsentFromNull() async throws {
        let absent = try await send("PATCH", "/tasks/3", json: "{}", contentType: "application/merge-patch+json")
        #expect(member(absent.json, "description") == .string("absent"))
        let null = try await send(
            "PATCH", "/tasks/3", json: #"{"description": null}"#, contentType: "application/merge-patch+json")
        #expect(member(null.json, "description") == .string("null"))
        let value = try await send("PATCH", "/tasks/3", json: #"{"description": "d"}"#)
        #expect(member(value.json, "description") == .string("value:d"))
    }

    @Test func nullForANonNullableMemberIs422() async throws {
        let response = try await send("PATCH", "/tasks/3", json: #"{"title": null, "status": null}"#)
        #expect(response.status == 422)
        #expect(locations(response.json) == ["body.title", "body.status"])
    }

    // MARK: Auth bodies

    @Test func registrationChecksEmailAndPasswordBytes() async throws {
        let ok = try await send(
            "POST", "/auth/register",
            json: #"{"email": "ada@example.com", "password": "\#(String(repeating: "é", count: 36))"}"#)
        #expect(ok.status == 201)
        #expect(ok.headers["Location"] == "/users/me")
        let bad = try await send(
            "POST", "/auth/register",
            json: #"{"email": "not-an-email", "password": "\#(String(repeating: "é", count: 36))x"}"#)
        #expect(bad.status == 422)
        #expect(locations(bad.json) == ["body.email", "body.password"])
        let short = try await send(
            "POST", "/auth/register", json: #"{"email": "ada@example.com", "password": "1234567"}"#)
        #expect(locations(short.json) == ["body.password"])
    }

    @Test func loginDecodesTheOAuth2Form() async throws {
        let response = try await send(
            "POST", "/auth/login", form: "grant_type=password&username=ada%40example.com&password=correct+horse")
        #expect(response.status == 200)
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(member(response.json, "access_token") == .string("good-token"))
        #expect(member(response.json, "expires_in") == .int(1800))
    }

    @Test func loginFailureCarriesTheOAuth2ErrorCode() async throws {
        let response = try await send("POST", "/auth/login", form: "username=ada%40example.com&password=wrong")
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(member(response.json, "error") == .string("invalid_grant"))
    }

    @Test func loginFormProblemsAreNamed() async throws {
        let missing = try await send(
            "POST", "/auth/login", form: "username=ada%40example.com&grant_type=client_credentials")
        #expect(missing.status == 422)
        #expect(locations(missing.json) == ["body.grant_type", "body.password"])
        let malformed = try await send("POST", "/auth/login", form: "username=%zz&password=x")
        #expect(malformed.status == 400)
        let json = try await send("POST", "/auth/login", json: #"{"username": "a", "password": "b"}"#)
        #expect(json.status == 415)
    }

    /// An empty form is a form without fields, with or without its `Content-Type`: each missing field is named.
    @Test(arguments: ["application/x-www-form-urlencoded", nil])
    func anEmptyLoginFormNamesEveryMissingField(_ contentType: String?) async throws {
        let empty = try await send("POST", "/auth/login", contentType: contentType)
        #expect(empty.status == 422)
        #expect(locations(empty.json) == ["body.username", "body.password"])
    }

    @Test func anEmptyBodyWhereJSONIsRequiredIsOneIssueAtBody() async throws {
        let empty = try await send("POST", "/auth/register", token: nil)
        #expect(empty.status == 422)
        #expect(locations(empty.json) == ["body"])
    }

    // MARK: Operations endpoints

    /// The embedded document is the file byte for byte, however its long lines are broken in the Swift source.
    @Test func theEmbeddedDocumentIsOpenAPIYAMLByteForByte() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try Data(contentsOf: root.appendingPathComponent("openapi.yaml"))
        #expect(Array(OpenAPISpec.yaml.utf8) == [UInt8](file))
        #expect(OpenAPISpec.yaml.utf8.contains { $0 == UInt8(ascii: "\\") } == file.contains(UInt8(ascii: "\\")))
        guard case .object(let members) = try JSONParser.parse(Array(OpenAPISpec.json.utf8)) else {
            Issue.record("the embedded JSON is not an object")
            return
        }
        #expect(members["openapi"] == .string("3.1.0"))
    }

    @Test func readyAnswers503WithRetryAfter() async throws {
        let response = try await send("GET", "/ready")
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "5")
    }

    @Test func docsPageLoadsSwaggerUIWithTheSpec() async throws {
        let response = try await router.respond(to: HTTPRequest(method: "GET", target: "/docs"))
        let html = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/html")
        #expect(html.contains("\(DocsPage.defaultAssetsURL)/swagger-ui-bundle.js"))
        #expect(html.contains("url: '/openapi.json'"))
        #expect(DocsPage.html(assetsURL: "/assets/").contains("src=\"/assets/swagger-ui-bundle.js\""))
        #expect(DocsPage.html(specURL: "'</script>").contains("\\u0027\\u003c/script\\u003e"))
    }

    @Test func specIsServedAsJSONAndYAML() async throws {
        let json = try await send("GET", "/openapi.json")
        #expect(member(json.json, "openapi") == .string("3.1.0"))
        let yaml = try await router.respond(to: HTTPRequest(method: "GET", target: "/openapi.yaml"))
        #expect(String(decoding: yaml.body, as: UTF8.self) == OpenAPISpec.yaml)
        #expect(yaml.headers["Content-Type"] == "application/yaml")
    }
}
