public import APIRuntime
public import Logging

/// One log line per answered request: method, path (without the query, which may carry personal data), status
/// and duration, and at `debug` one more when the request arrives. Headers and bodies are never logged: they carry
/// passwords and tokens.
public struct AccessLogMiddleware: HTTPMiddleware {
    let logger: Logger
    let level: Logger.Level

    public init(logger: Logger, level: Logger.Level = .info) {
        self.logger = logger
        self.level = level
    }

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        logger.debug(
            "request received", metadata: ["request_id": "\(request.requestID)", "method": "\(request.method)"])
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request)
        let elapsed = start.duration(to: clock.now)
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        logger.log(
            level: level,
            "request",
            metadata: [
                "request_id": "\(request.requestID)",
                "method": "\(request.method)",
                "path": "\(request.path)",
                "status": "\(response.status)",
                "duration_ms": "\((milliseconds * 100).rounded() / 100)",
            ]
        )
        return response
    }
}
