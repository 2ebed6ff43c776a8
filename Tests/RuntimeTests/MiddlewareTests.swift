import APIRuntime
import APIServerNIO
import InMemoryLogging
import Logging
import Synchronization
import Testing

/// Middleware is values over requests and responses: every step is tested here without a socket.
@Suite struct MiddlewareTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "relation \"users\" does not exist" }
    }

    /// What the steps of one chain saw, in order.
    final class Trace: Sendable {
        private let events = Mutex<[String]>([])

        func add(_ event: String) { events.withLock { $0.append(event) } }
        var all: [String] { events.withLock { $0 } }
    }

    /// Records the order in which it sees requests and responses.
    struct Tracer: HTTPMiddleware {
        let name: String
        let trace: Trace

        func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
            trace.add("in \(name)")
            let response = try await next(request)
            trace.add("out \(name)")
            return response
        }
    }

    /// Answers `403` itself, never calling the rest of the chain.
    struct Refuser: HTTPMiddleware {
        func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
            HTTPResponse(problem: Problem(status: 403, detail: "no"))
        }
    }

    static func ok(_ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 200, text: request.requestID, contentType: "text/plain")
    }

    static func logger() -> (Logger, InMemoryLogHandler) {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test") { _ in handler }
        logger.logLevel = .trace
        return (logger, handler)
    }

    @Test func theFirstStepSeesTheRequestFirstAndTheResponseLast() async throws {
        let trace = Trace()
        let chain = MiddlewareChain([Tracer(name: "a", trace: trace), Tracer(name: "b", trace: trace)])
        let responder = chain.wrapping { request in
            trace.add("router")
            return Self.ok(request)
        }
        _ = try await responder(HTTPRequest(method: "GET", path: "/"))
        #expect(trace.all == ["in a", "in b", "router", "out b", "out a"])
    }

    @Test func aStepMayAnswerWithoutTheRouter() async throws {
        let trace = Trace()
        let chain = MiddlewareChain([Tracer(name: "a", trace: trace), Refuser()])
        let response = try await chain.wrapping { request in
            Issue.record("the router must not run")
            return Self.ok(request)
        }(HTTPRequest(method: "GET", path: "/"))
        #expect(response.status == 403)
        #expect(trace.all == ["in a", "out a"])
    }

    @Test func anEmptyChainIsTheResponderItself() async throws {
        let response = try await MiddlewareChain([]).wrapping(Self.ok)(
            HTTPRequest(method: "GET", path: "/", requestID: "x"))
        #expect(response.status == 200)
        #expect(response.body == Array("x".utf8))
    }

    @Test func aSaneClientRequestIDIsKeptAndEchoed() async throws {
        let responder = MiddlewareChain([RequestIDMiddleware()]).wrapping(Self.ok)
        let response = try await responder(HTTPRequest(method: "GET", path: "/", headers: ["X-Request-ID": "abc-123"]))
        #expect(response.body == Array("abc-123".utf8))
        #expect(response.headers["X-Request-ID"] == "abc-123")
    }

    @Test(arguments: ["", "has space", "new\nline", String(repeating: "x", count: 129)])
    func anInsaneClientRequestIDIsReplaced(_ sent: String) async throws {
        let responder = MiddlewareChain([RequestIDMiddleware()]).wrapping(Self.ok)
        let response = try await responder(HTTPRequest(method: "GET", path: "/", headers: ["X-Request-ID": sent]))
        let id = try #require(response.headers["X-Request-ID"])
        #expect(id != sent)
        #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
        #expect(response.body == Array(id.utf8))
    }

    @Test func anErrorBecomesA500NamingTheRequestIDAndOnlyTheLogSeesIt() async throws {
        let (logger, logs) = Self.logger()
        let responder = MiddlewareChain([RequestIDMiddleware(), UnhandledErrorMiddleware(logger: logger)])
            .wrapping { _ in throw Failure() }
        let response = try await responder(HTTPRequest(method: "GET", path: "/", headers: ["X-Request-ID": "r-9"]))
        #expect(response.status == 500)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.headers["X-Request-ID"] == "r-9")
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body.contains("request id r-9"))
        #expect(!body.contains("users"))
        let entry = try #require(logs.entries.first { $0.message == "unhandled error" })
        #expect(entry.level == .error)
        #expect(entry.metadata["request_id"] == "r-9")
        #expect("\(entry.metadata["error"] ?? "")".contains("users"))
    }

    @Test func theAccessLogHasOneLinePerRequestWithTheFinalStatusAndNoQuery() async throws {
        let (logger, logs) = Self.logger()
        let chain = MiddlewareChain([
            RequestIDMiddleware(),
            RequestContextMiddleware(trustedProxies: .none, routeTemplate: { $0.path == "/tasks" ? "/tasks" : nil }),
            AccessLogMiddleware(logger: logger),
            UnhandledErrorMiddleware(logger: logger),
        ])
        let responder = chain.wrapping { _ in throw Failure() }
        let request = HTTPRequest(method: "POST", target: "/tasks?q=secret", headers: ["Authorization": "Bearer t0k3n"])
        _ = try await responder(request)
        let lines = logs.entries.filter { $0.message == "request" }
        try #require(lines.count == 1)
        #expect(lines[0].level == .info)
        #expect(lines[0].metadata["method"] == "POST")
        #expect(lines[0].metadata["route"] == "/tasks")
        #expect(lines[0].metadata["status"] == "500")
        #expect(lines[0].metadata["bytes"] != nil)
        #expect(lines[0].metadata["user_id"] == nil)
        #expect(lines[0].metadata["request_id"]?.description.count == 16)
        let text = logs.entries.map { "\($0.message) \($0.metadata)" }.joined()
        #expect(!text.contains("secret") && !text.contains("t0k3n"))
    }

    @Test func securityHeadersGoOnEveryResponseAndNoStoreOnCredentialedOnes() async throws {
        let responder = MiddlewareChain([SecurityHeadersMiddleware()]).wrapping(Self.ok)
        let anonymous = try await responder(HTTPRequest(method: "GET", path: "/health"))
        #expect(anonymous.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'")
        #expect(anonymous.headers["X-Frame-Options"] == "DENY")
        #expect(anonymous.headers["Referrer-Policy"] == "no-referrer")
        #expect(anonymous.headers["Cache-Control"] == nil)
        let credentialed = try await responder(
            HTTPRequest(method: "GET", path: "/tasks", headers: ["Authorization": "Bearer x"]))
        #expect(credentialed.headers["Cache-Control"] == "no-store")
    }

    @Test func aResponsesOwnPolicyAndCachingAreKept() async throws {
        let responder = MiddlewareChain([SecurityHeadersMiddleware()]).wrapping { _ in
            var response = HTTPResponse(status: 200, text: "<html>", contentType: "text/html")
            response.headers.set("Content-Security-Policy", "script-src 'self'")
            response.headers.set("Cache-Control", "public, max-age=60")
            return response
        }
        let response = try await responder(HTTPRequest(method: "GET", path: "/docs", headers: ["Authorization": "x"]))
        #expect(response.headers.values(of: "Content-Security-Policy") == ["script-src 'self'"])
        #expect(response.headers.values(of: "Cache-Control") == ["public, max-age=60"])
    }
}
