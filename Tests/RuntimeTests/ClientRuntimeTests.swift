import APIRuntime
import Foundation
import Synchronization
import Testing

/// The client side of the runtime: what a generated client writes, the router's readers read back unchanged; its
/// middleware retries only what may be repeated; credentials go where their scheme says.
@Suite struct ClientRuntimeTests {
    static let text = JSONValue.string("a b/c,d?é")
    static let list = JSONValue.array([.string("x y"), .string("z")])
    static let object = JSONValue.object(["a": .string("1"), "b": .string("x y")])

    @Test(arguments: [ParameterStyle.simple, .label, .matrix], [false, true])
    func pathParametersRoundTrip(style: ParameterStyle, explode: Bool) {
        for (value, shape) in [(Self.text, ParameterShape.scalar), (Self.list, .array), (Self.object, .object)] {
            let segment = ClientParameters.path(value, name: "p", style: style, explode: explode)
            #expect(!segment.contains("/"))
            let read = RequestParameters.path(Substring(segment), "p", style: style, explode: explode, shape: shape)
            #expect(read == value, "\(style) explode \(explode): \(segment)")
        }
    }

    @Test func queryParametersRoundTrip() throws {
        let cases: [(JSONValue, ParameterStyle, Bool, ParameterShape)] = [
            (Self.text, .form, true, .scalar), (Self.list, .form, true, .array), (Self.list, .form, false, .array),
            // A value holding its style's delimiter cannot come back whole: these hold none.
            (.array([.string("x-y"), .string("z")]), .spaceDelimited, false, .array),
            (.array([.string("x y"), .string("z")]), .pipeDelimited, false, .array),
            (Self.object, .form, false, .object), (Self.object, .deepObject, true, .object),
        ]
        for (value, style, explode, shape) in cases {
            var query = QueryString()
            ClientParameters.query(&query, "q", value, style: style, explode: explode)
            let items = try RequestParameters.queryItems(of: HTTPRequest(method: "GET", target: "/t?" + query.encoded))
            let read = RequestParameters.query(items, "q", style: style, explode: explode, shape: shape)
            #expect(read == value, "\(style) explode \(explode): \(query.encoded)")
        }
        // Exploded form objects are the query's own parameters.
        var query = QueryString()
        ClientParameters.query(&query, "q", Self.object, style: .form, explode: true)
        #expect(query.encoded == "a=1&b=x%20y")
    }

    @Test func headersAndCookiesRoundTrip() {
        for (value, shape) in [(Self.list, ParameterShape.array), (Self.object, .object)] {
            let request = HTTPRequest(
                method: "GET", target: "/",
                headers: ["X-Value": ClientParameters.header(value), "Cookie": ClientParameters.cookie("c", value)])
            #expect(RequestParameters.header(request, "X-Value", explode: false, shape: shape) == value)
            #expect(RequestParameters.cookie(request, "c", explode: false, shape: shape) == value)
        }
        #expect(ClientParameters.header(Self.object, explode: true) == "a=1,b=x y")
    }

    @Test func multipartBodiesRoundTrip() throws {
        let body = JSONValue.object([
            "name": .string("report \"q4\""), "file": .string(Data([0, 1, 2, 255]).base64EncodedString()),
            "tags": .array([.string("a"), .string("b")]), "meta": .object(["pages": .int(3)]), "skipped": .null,
        ])
        let (contentType, bytes) = MultipartEncoding.encode(body, binaryFields: ["file"])
        let boundary = try #require(MultipartDecoding.boundary(of: contentType))
        let parts = try MultipartDecoding.parse(bytes, boundary: boundary)
        #expect(parts.map(\.name) == ["file", "meta", "name", "tags", "tags"])
        #expect(parts[0].bytes == [0, 1, 2, 255] && parts[0].contentType == "application/octet-stream")
        #expect(try JSONParser.parse(parts[1].bytes) == .object(["pages": .int(3)]))
        #expect(String(decoding: parts[2].bytes, as: UTF8.self) == "report \"q4\"")
        #expect(parts[3...].map { String(decoding: $0.bytes, as: UTF8.self) } == ["a", "b"])
    }

    @Test func credentialsGoWhereTheirSchemeSays() throws {
        let credentials = ClientCredentials(["key": "k-1", "basic": "ann:secret"])
        var headers = HTTPHeaders()
        var query = QueryString()
        var cookies: [String] = []
        // The first alternative needs a bearer token the client lacks: the second, held in full, is sent.
        try credentials.apply(
            [[.bearer(scheme: "oauth")], [.query("api_key", scheme: "key"), .basic(scheme: "basic")]],
            allowsAnonymous: false, to: &headers, query: &query, cookies: &cookies)
        #expect(headers["Authorization"] == "Basic " + Data("ann:secret".utf8).base64EncodedString())
        #expect(query.encoded == "api_key=k-1")
        credentials.set("t-1", for: "oauth")
        try credentials.apply(
            [[.bearer(scheme: "oauth")]], allowsAnonymous: false, to: &headers, query: &query, cookies: &cookies)
        #expect(headers["Authorization"] == "Bearer t-1")
        credentials.set(nil, for: "oauth")
        #expect(throws: ClientError.self) {
            try credentials.apply(
                [[.bearer(scheme: "oauth")]], allowsAnonymous: false, to: &headers, query: &query, cookies: &cookies)
        }
        try credentials.apply(
            [[.cookie("session", scheme: "oauth")]], allowsAnonymous: true, to: &headers, query: &query,
            cookies: &cookies)
        #expect(cookies.isEmpty)
        #expect(credentials.description == "ClientCredentials(basic, key)")
    }

    /// Values appended from `@Sendable` closures, read back by the test.
    final class Recorded<Value: Sendable>: Sendable {
        private let values = Mutex<[Value]>([])
        func append(_ value: Value) { values.withLock { $0.append(value) } }
        var all: [Value] { values.withLock { $0 } }
    }

    /// A transport that answers from a script and records what it was sent.
    final class ScriptedTransport: ClientTransport {
        let answers: Mutex<[Result<HTTPResponse, URLError>]>
        let sent = Mutex<[HTTPRequest]>([])

        init(_ answers: [Result<HTTPResponse, URLError>]) { self.answers = Mutex(answers) }

        func send(_ request: HTTPRequest, serverURL: String) async throws -> HTTPResponse {
            sent.withLock { $0.append(request) }
            return try answers.withLock { $0.removeFirst() }.get()
        }
    }

    func retrying(_ transport: ScriptedTransport, _ method: String, waits: Recorded<Duration>) async throws -> Int {
        let retry = RetryMiddleware(attempts: 3, initialDelay: .milliseconds(100)) { delay in waits.append(delay) }
        let response = try await retry.intercept(HTTPRequest(method: method, target: "/t")) { request in
            try await transport.send(request, serverURL: "")
        }
        return response.status
    }

    @Test func idempotentRequestsAreRetriedAndOthersAreNot() async throws {
        let waits = Recorded<Duration>()
        let busy = HTTPResponse(status: 503, headers: ["Retry-After": "2"])
        let flaky = ScriptedTransport([
            .failure(URLError(.networkConnectionLost)), .success(busy), .success(HTTPResponse(status: 200)),
        ])
        #expect(try await retrying(flaky, "GET", waits: waits) == 200)
        #expect(flaky.sent.withLock { $0.count } == 3)
        let recorded = waits.all
        #expect(recorded.count == 2 && recorded[0] >= .milliseconds(50) && recorded[0] <= .milliseconds(100))
        #expect(recorded[1] == .seconds(2))  // Retry-After
        let post = ScriptedTransport([.success(busy), .success(HTTPResponse(status: 200))])
        #expect(try await retrying(post, "POST", waits: waits) == 503)
        #expect(post.sent.withLock { $0.count } == 1)
        let down = ScriptedTransport(Array(repeating: .success(busy), count: 3))
        #expect(try await retrying(down, "DELETE", waits: waits) == 503)
        #expect(down.sent.withLock { $0.count } == 3)
    }

    @Test func theLogLineNamesNoSecret() async throws {
        let lines = Recorded<String>()
        let logging = LoggingMiddleware { line in lines.append(line) }
        let request = HTTPRequest(method: "GET", target: "/tasks?token=q", headers: ["Authorization": "Bearer s3cret"])
        _ = try await logging.intercept(request) { _ in HTTPResponse(status: 204) }
        let line = try #require(lines.all.first)
        #expect(line.hasPrefix("GET /tasks 204 in "))
        #expect(!line.contains("s3cret") && !line.contains("token=q"))
    }

    @Test func problemBodiesAreReadAndBrokenOnesKeepTheirStatus() {
        let body =
            #"{"title": "Unprocessable", "status": 422, "detail": "d", "errors": [{"location": "body.x", "message": "m"}]}"#
        let problem = ClientDecoding.problem(HTTPResponse(status: 422, body: Array(body.utf8)))
        #expect(problem.detail == "d" && problem.errors == [ValidationIssue(location: "body.x", message: "m")])
        let broken = ClientDecoding.problem(HTTPResponse(status: 502, body: Array("Bad gateway".utf8)))
        #expect(broken.status == 502 && broken.detail == "Bad gateway")
    }
}
