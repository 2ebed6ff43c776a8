import APIRuntime
import Foundation
import SwaggerUIAssets
import Testing

/// The HTTP layer: problem+json for every failure, body limits, media types, keep-alive, pipelining, request ids.
@Suite struct HTTPBehaviourTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    @Test func everyErrorIsProblemJSON() async throws {
        let server = try await server()
        let response = try await server.request("GET", "/no/such/path")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.object["type"]?.string == "about:blank")
        #expect(response.object["title"]?.string == "Not Found")
        #expect(response.object["status"]?.integer == 404)
        #expect(response.object["detail"]?.string != nil)
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let response = try await server().request("PUT", "/tasks")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "POST, GET, HEAD, OPTIONS")
    }

    @Test func malformedJSONIs400() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await server.request("POST", "/tasks", json: #"{"title": "x""#, token: user.token)
        #expect(response.status == 400)
        #expect((response.object["detail"]?.string)?.hasPrefix("Malformed JSON") == true)
    }

    @Test func wrongContentTypeIs415() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await server.request(
            "POST", "/tasks", token: user.token, headers: [("Content-Type", "text/plain")], body: Array("title".utf8)
        )
        #expect(response.status == 415)
        let json = try await server.request("POST", "/auth/login", json: #"{"username": "a", "password": "b"}"#)
        #expect(json.status == 415)
    }

    @Test func bodyOverOneMebibyteIs413AndTheConnectionCloses() async throws {
        let server = try await server()
        let connection = try await TestConnection(port: server.port)
        let body = Array(repeating: UInt8(ascii: "a"), count: (1 << 20) + 1)
        let response = try await connection.request(
            "POST", "/auth/register", headers: [("Content-Type", "application/json")], body: body)
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(try await connection.isClosedByServer())
    }

    @Test func chunkedBodyOverTheLimitIs413() async throws {
        let server = try await server()
        let connection = try await TestConnection(port: server.port)
        let chunk = String(repeating: "a", count: 65_536)
        var request =
            "POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        for _ in 0..<17 { request += "10000\r\n\(chunk)\r\n" }
        request += "0\r\n\r\n"
        try await connection.sendRaw(Array(request.utf8))
        let response = try await connection.readResponse()
        #expect(response.status == 413)
    }

    @Test func requestIDIsEchoedOrGenerated() async throws {
        let server = try await server()
        let echoed = try await server.request("GET", "/health", headers: [("X-Request-ID", "trace-42")])
        #expect(echoed.header("X-Request-ID") == "trace-42")
        let generated = try await server.request("GET", "/health")
        #expect(generated.header("X-Request-ID")?.count == 16)
        let hostile = try await server.request(
            "GET", "/health", headers: [("X-Request-ID", String(repeating: "x", count: 300))])
        #expect(hostile.header("X-Request-ID")?.count == 16)
        #expect(echoed.header("X-Content-Type-Options") == "nosniff")
    }

    /// RFC 9110 §6.6.1: an origin server with a clock sends `Date` on every response, errors and protocol errors
    /// included, as an IMF-fixdate.
    @Test func everyResponseCarriesTheDate() async throws {
        let server = try await server()
        let before = HTTPDate.format(secondsSince1970: Int64(Date().timeIntervalSince1970))
        let malformed = try await TestConnection(port: server.port)
        try await malformed.sendRaw(Array("NOT HTTP AT ALL\r\n\r\n".utf8))
        let responses = [
            try await server.request("GET", "/health"), try await server.request("GET", "/nope"),
            try await server.request("GET", "/users/me"), try await malformed.readResponse(),
        ]
        let format = try Regex(
            #"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$"#
        )
        let after = HTTPDate.format(secondsSince1970: Int64(Date().timeIntervalSince1970))
        for response in responses {
            let date = try #require(response.header("Date"), "status \(response.status)")
            #expect(date.wholeMatch(of: format) != nil, "\(date)")
            // The day of the test's own clock, read before and after the requests (either, across a midnight).
            #expect([before.prefix(16), after.prefix(16)].contains(date.prefix(16)), "\(date): \(before), \(after)")
        }
    }

    /// RFC 9110 §10.1.1: a client that sends `Expect: 100-continue` waits for `100 Continue` before the body; a
    /// body declared too large is refused with the final status at once instead.
    @Test func expectContinueIsAnsweredBeforeTheBody() async throws {
        let server = try await server()
        let body = #"{"email": "expect-\#(UUID().uuidString.lowercased())@example.com", "password": "long enough"}"#
        let connection = try await TestConnection(port: server.port)
        let head =
            "POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n"
        try await connection.sendRaw(Array(head.utf8))
        #expect(try await connection.readResponse().status == 100)
        try await connection.sendRaw(Array(body.utf8))
        #expect(try await connection.readResponse().status == 201)

        let tooLarge = try await TestConnection(port: server.port)
        try await tooLarge.sendRaw(
            Array(
                ("POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 99999999\r\nExpect: 100-continue\r\n\r\n").utf8))
        #expect(try await tooLarge.readResponse().status == 413)
    }

    /// RFC 9110 §10.1.1: what the head alone decides is answered instead of `100 Continue`, and the body is never
    /// needed; the answer is the one the full request would get, with the usual headers.
    @Test(arguments: [
        ("POST /tasks", "Content-Type: application/json\r\n", 401),
        ("POST /tasks", "Content-Type: application/json\r\nAuthorization: Bearer not-a-token\r\n", 401),
        ("POST /auth/register", "Content-Type: text/plain\r\n", 415),
        ("POST /auth/login", "Content-Type: application/json\r\n", 415),
        ("POST /no/such/path", "Content-Type: application/json\r\n", 404),
    ])
    func expectContinueIsRefusedFromTheHeadWhenTheHeadDecides(
        _ requestLine: String, _ headers: String, _ status: Int
    ) async throws {
        let server = try await server()
        let connection = try await TestConnection(port: server.port)
        try await connection.sendRaw(
            Array(
                "\(requestLine) HTTP/1.1\r\nHost: x\r\n\(headers)Content-Length: 20\r\nExpect: 100-continue\r\n\r\n"
                    .utf8))
        let response = try await connection.readResponse()
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.header("X-Request-ID") != nil && response.header("X-Frame-Options") == "DENY")
        if status == 401 { #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true) }
    }

    @Test func expectContinueWithAValidTokenGetsContinueAndTheTaskIsCreated() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let body = #"{"title": "sent after 100 Continue"}"#
        let connection = try await TestConnection(port: server.port)
        let head =
            "POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer \(user.token)\r\n"
            + "Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n"
        try await connection.sendRaw(Array(head.utf8))
        #expect(try await connection.readResponse().status == 100)
        try await connection.sendRaw(Array(body.utf8))
        #expect(try await connection.readResponse().status == 201)
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        let server = try await server()
        let connection = try await TestConnection(port: server.port)
        for _ in 0..<5 {
            let response = try await connection.request("GET", "/health")
            #expect(response.status == 200)
            #expect(response.header("Connection") == "keep-alive")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let server = try await server()
        let connection = try await TestConnection(port: server.port)
        let requests = ["/health", "/nope", "/openapi.yaml"].map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
        try await connection.sendRaw(Array(requests.utf8))
        #expect(try await connection.readResponse().status == 200)
        #expect(try await connection.readResponse().status == 404)
        let yaml = try await connection.readResponse()
        #expect(yaml.status == 200)
        #expect(yaml.text.hasPrefix("openapi: 3.1.0"))
    }

    @Test func headHasTheHeadersButNoBody() async throws {
        let server = try await server()
        let connection = try await TestConnection(port: server.port)
        let response = try await connection.request("HEAD", "/openapi.json")
        #expect(response.status == 200)
        #expect(Int(response.header("Content-Length") ?? "") ?? 0 > 1000)
        #expect(response.body.isEmpty)
        #expect(try await connection.request("GET", "/health").status == 200)
    }

    @Test func malformedHTTPIs400AndTheServerKeepsServing() async throws {
        let server = try await server()
        let connection = try await TestConnection(port: server.port)
        try await connection.sendRaw(Array("NOT HTTP AT ALL\r\n\r\n".utf8))
        #expect(try await connection.readResponse().status == 400)
        #expect(try await server.request("GET", "/health").status == 200)
    }

    @Test func docsAndSpecAreServed() async throws {
        let server = try await server()
        let docs = try await server.request("GET", "/docs")
        #expect(docs.status == 200)
        #expect(docs.header("Content-Type") == "text/html")
        #expect(docs.text.contains(#"<script src="/docs/swagger-ui-bundle.js" integrity="sha384-"#))
        let policy = try #require(docs.header("Content-Security-Policy"))
        #expect(policy.contains("script-src 'self' 'sha256-") && policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("cdn."), "the default page loads nothing from a CDN")
        let spec = try await server.request("GET", "/openapi.json")
        #expect(spec.object["openapi"]?.string == "3.1.0")
        let ready = try await server.request("GET", "/ready")
        #expect(ready.status == 200)
    }

    @Test func securityHeadersAreOnEveryResponseAndCredentialedOnesAreNotStored() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let responses = [
            try await server.request("GET", "/health"),
            try await server.request("GET", "/no/such/path"),
            try await server.request("GET", "/tasks", token: user.token),
            try await server.request("GET", "/tasks", token: "not-a-token"),
        ]
        for response in responses {
            #expect(response.header("X-Frame-Options") == "DENY")
            #expect(response.header("Referrer-Policy") == "no-referrer")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        }
        #expect(responses[0].header("Cache-Control") == nil)
        #expect(responses[2].header("Cache-Control") == "no-store")
        #expect(responses[3].header("Cache-Control") == "no-store")
    }

    @Test func swaggerUIFilesAreServedByTheServerWithTheirEntityTags() async throws {
        let server = try await server()
        for (path, asset, type) in [
            ("/docs/swagger-ui-bundle.js", SwaggerUIAssets.script, "text/javascript"),
            ("/docs/swagger-ui.css", SwaggerUIAssets.stylesheet, "text/css"),
        ] {
            let response = try await server.request("GET", path)
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix(type) == true)
            #expect(response.body == Array(asset.text.utf8), "\(path) is the vendored file, byte for byte")
            #expect(response.header("Cache-Control") == "public, max-age=86400")
            let tag = try #require(response.header("ETag"))
            let revalidated = try await server.request("GET", path, headers: [("If-None-Match", tag)])
            #expect(revalidated.status == 304 && revalidated.body.isEmpty)
        }
    }
}
