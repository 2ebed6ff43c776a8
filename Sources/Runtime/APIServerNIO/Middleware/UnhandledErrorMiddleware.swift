public import APIRuntime
public import Logging

/// Turns any error that reaches it into a `500` problem naming the request id, and logs the real error — which may
/// hold SQL or internals a client must not see. Place it inside `RequestIDMiddleware`, so the id is known.
public struct UnhandledErrorMiddleware: HTTPMiddleware {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        do {
            return try await next(request)
        } catch is CancellationError where Task.isCancelled {
            throw CancellationError()  // the client went away: no error of the application's, and no one to answer
        } catch {
            logger.error(
                "unhandled error",
                metadata: ["request_id": "\(request.requestID)", "method": "\(request.method)", "error": "\(error)"]
            )
            let detail = "An unexpected error occurred (request id \(request.requestID))."
            return HTTPResponse(problem: Problem(status: 500, detail: detail))
        }
    }
}
