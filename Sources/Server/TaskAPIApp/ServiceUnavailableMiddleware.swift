internal import APIRuntime
internal import APIServerNIO
internal import Logging
internal import PasswordsLibxcrypt
internal import PostgresLibPQ

/// "Cannot serve this now" becomes `503` with `Retry-After` — something a client can act on — instead of the bare
/// `500` an unexpected error gets: the database down or its pool saturated, or the password-hashing queue full.
struct ServiceUnavailableMiddleware: HTTPMiddleware {
    /// What `Retry-After` advises while the database is away: about how long a restarted PostgreSQL takes to accept
    /// connections.
    static let databaseRetryAfterSeconds = 5
    /// What it advises when the hashing queue is full: a full queue drains in about a second or two.
    static let overloadRetryAfterSeconds = 1

    let logger: Logger

    func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        do {
            return try await next(request)
        } catch let error as PostgresError where error.isConnectionProblem || error.isServiceUnavailable {
            logger.warning(
                "database unavailable", metadata: ["request_id": "\(request.requestID)", "error": "\(error)"])
            return Self.unavailable("The database is unavailable; try again shortly", Self.databaseRetryAfterSeconds)
        } catch PasswordServiceError.overloaded {
            logger.notice("password hashing queue full", metadata: ["request_id": "\(request.requestID)"])
            return Self.unavailable("The server is busy; try again shortly", Self.overloadRetryAfterSeconds)
        }
    }

    private static func unavailable(_ detail: String, _ retryAfter: Int) -> HTTPResponse {
        HTTPResponse(problem: Problem(status: 503, detail: detail, headers: ["Retry-After": "\(retryAfter)"]))
    }
}
