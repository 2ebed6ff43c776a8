public import APIRuntime
public import Logging

/// One log line per answered request — request id, method, route template, status, duration, bytes sent and the
/// user it was authenticated as — and at `debug` one more when the request arrives. Never the path's values or
/// the query (which may carry personal data), never a header or a body: they carry passwords and tokens.
public struct AccessLogMiddleware: HTTPMiddleware {
    let logger: Logger
    let level: Logger.Level

    /// The route comes from the request's `RequestContext` (`unmatched` without one), so place this step inside
    /// `RequestContextMiddleware`.
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
        // Built only when the line is written: below the logger's level it costs no allocation.
        guard logger.logLevel <= level else { return response }
        let elapsed = start.duration(to: clock.now)
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "request_id": "\(request.requestID)",
            "method": "\(request.method)",
            "route": "\(RequestContext.current?.route ?? "unmatched")",
            "status": "\(response.status)",
            "duration_ms": "\((milliseconds * 100).rounded() / 100)",
            "bytes": "\(response.body.count)",
        ]
        if let user = RequestContext.current?.authenticatedAs { metadata["user_id"] = "\(user)" }
        logger.log(level: level, "request", metadata: metadata)
        return response
    }
}
