internal import APIRuntime
internal import APIServerNIO
internal import Logging
internal import PostgresLibPQ

/// The database down or saturated becomes `503` with `Retry-After` — something a client can act on — instead of
/// the bare `500` an unexpected error gets.
struct DatabaseOutageMiddleware: HTTPMiddleware {
    /// What `Retry-After` advises, in seconds: about how long a restarted PostgreSQL takes to accept connections.
    static let retryAfterSeconds = 5

    let logger: Logger

    func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        do {
            return try await next(request)
        } catch let error as PostgresError where error.isConnectionProblem || error.isServiceUnavailable {
            logger.warning(
                "database unavailable", metadata: ["request_id": "\(request.requestID)", "error": "\(error)"])
            return HTTPResponse(
                problem: Problem(
                    status: 503,
                    detail: "The database is unavailable; try again shortly",
                    headers: ["Retry-After": "\(Self.retryAfterSeconds)"]
                )
            )
        }
    }
}
