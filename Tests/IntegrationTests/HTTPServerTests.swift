import APIRuntime
import APIServerNIO
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// The HTTP server alone, with responders that misbehave on purpose.
@Suite struct HTTPServerTests {
    struct Failure: Error {}

    /// The request-id and error steps every real deployment puts first.
    static let standardMiddleware = MiddlewareChain([
        RequestIDMiddleware(), UnhandledErrorMiddleware(logger: Logger(label: "test")),
    ])

    /// Runs an `HTTPServer` with `responder` behind `middleware` for the duration of `body`.
    func withServer(
        middleware: MiddlewareChain = standardMiddleware,
        _ responder: @escaping HTTPResponder,
        _ body: (Int) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: 0),
            logger: Logger(label: "test"),
            middleware: middleware,
            onListening: { continuation.yield($0) },
            responder: responder
        )
        let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
        let run = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do {
            try await body(port)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await run.value
    }

    /// Fails `/fail` and answers anything else with `ok`.
    static let failing: HTTPResponder = { request in
        if request.path == "/fail" { throw Failure() }
        return HTTPResponse(status: 200, text: "ok", contentType: "text/plain")
    }

    @Test func unexpectedErrorIs500WithTheRequestIDAndTheConnectionSurvives() async throws {
        try await withServer(Self.failing) { port in
            let connection = try await TestConnection(port: port)
            let failed = try await connection.request("GET", "/fail", headers: [("X-Request-ID", "req-1")])
            #expect(failed.status == 500)
            #expect(failed.header("Content-Type") == "application/problem+json")
            #expect(failed.object["detail"]?.string == "An unexpected error occurred (request id req-1).")
            #expect(!failed.text.contains("Failure"))
            let next = try await connection.request("GET", "/ok")
            #expect(next.status == 200)
            #expect(next.text == "ok")
        }
    }

    @Test func errorEscapingEveryMiddlewareIsAGeneric500AndTheConnectionSurvives() async throws {
        try await withServer(middleware: MiddlewareChain([]), Self.failing) { port in
            let connection = try await TestConnection(port: port)
            let failed = try await connection.request("GET", "/fail")
            #expect(failed.status == 500)
            #expect(failed.object["detail"]?.string == "An unexpected error occurred.")
            #expect(failed.header("X-Request-ID")?.count == 16)
            #expect(try await connection.request("GET", "/ok").status == 200)
        }
    }

    @Test func bodiesArriveWhole() async throws {
        let echo: HTTPResponder = { request in
            let text = "\(request.body.count) \(request.method) \(request.query)"
            return HTTPResponse(status: 200, text: text, contentType: "text/plain")
        }
        try await withServer(echo) { port in
            let connection = try await TestConnection(port: port)
            let body = Array(repeating: UInt8(ascii: "x"), count: 300_000)
            let response = try await connection.request("POST", "/echo?a=1", body: body)
            #expect(response.text == "300000 POST a=1")
        }
    }
}
