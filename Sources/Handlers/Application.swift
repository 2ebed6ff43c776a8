package import Logging
package import Runtime
import Generated

/// The assembled service: database pool, password hashing, token issuer, handler, router and HTTP server.
///
/// The executable and the integration tests build it the same way; they differ only in how they run `server`.
package struct Application: Sendable {
    package let settings: Settings
    package let database: Database
    package let passwords: PasswordService
    package let server: HTTPServer

    /// - Parameter onListening: called with the bound port once the server accepts connections.
    package init(settings: Settings, logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        guard let tokens = TokenIssuer(secret: settings.secretKey, lifetime: settings.accessTokenLifetime) else {
            throw ConfigError(variable: "SECRET_KEY", problem: "must be at least 32 bytes long")
        }
        let database = Database(url: settings.databaseURL, size: settings.databasePoolSize)
        let passwords = try PasswordService(cost: settings.bcryptCost, threads: 2)
        let handler = try TaskAPIHandler(
            database: database,
            passwords: passwords,
            tokens: tokens,
            docsAssetsURL: settings.docsAssetsURL,
            logger: logger
        )
        let router = APIRouter(handler: handler)
        let responder: HTTPServer.Responder = { request in
            do {
                return try await router.respond(to: request)
            } catch let error as PostgresError where error.isConnectionProblem || error.isServiceUnavailable {
                // The database is down or saturated: say so, and when to retry, instead of a bare 500.
                logger.warning("database unavailable", metadata: ["request_id": "\(request.requestID)", "error": "\(error)"])
                return HTTPResponse(
                    problem: Problem(
                        status: 503,
                        detail: "The database is unavailable; try again shortly",
                        headers: ["Retry-After": "5"]
                    )
                )
            }
        }
        self.settings = settings
        self.database = database
        self.passwords = passwords
        self.server = HTTPServer(
            configuration: .init(
                host: settings.host,
                port: settings.port,
                maximumBodySize: settings.maximumBodySize,
                idleTimeout: settings.idleTimeout
            ),
            logger: logger,
            onListening: onListening,
            responder: responder
        )
    }

    /// Closes the pools once the server has stopped.
    package func shutdown() async {
        await database.shutdown()
        await passwords.shutdown()
    }
}
