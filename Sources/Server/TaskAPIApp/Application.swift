internal import APIRuntime
package import APIServerNIO
internal import Generated
internal import Handlers
package import Logging
package import PasswordsLibxcrypt
package import PostgresLibPQ
package import ServiceLifecycle

/// The composition root: settings in; the database pool, the password hasher and the HTTP server (with its
/// middleware and the generated router around the handlers) out, as services in start order.
///
/// The executable and the integration tests assemble it the same way and run `services` in one `ServiceGroup`,
/// which shuts them down in reverse order: the server finishes its requests before the pools close.
package struct Application: Sendable {
    package let settings: Settings
    package let database: Database
    package let passwords: PasswordService
    package let server: HTTPServer
    /// Deletes expired idempotency keys and refresh tokens every few minutes.
    let sweeper: any Service

    /// - Parameters:
    ///   - sharesEventLoops: serve on NIO's singleton event loops (which the executable also makes Swift
    ///     concurrency's executor) instead of a group of `settings.eventLoopThreads` threads of its own.
    ///   - onListening: called with the bound port once the server accepts connections.
    package init(
        settings: Settings,
        logger: Logger,
        sharesEventLoops: Bool = false,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws {
        guard let tokens = TokenIssuer(secret: settings.secretKey, lifetime: settings.accessTokenLifetime) else {
            throw ConfigError(variable: "SECRET_KEY", problem: "must be at least 32 bytes long")
        }
        let metrics = ServerMetrics()
        let database = Database(
            url: settings.databaseURL, size: settings.databasePoolSize, events: metrics.poolEvents,
            preparesStatements: settings.databasePreparedStatements)
        let passwords = try PasswordService(
            cost: settings.bcryptCost, threads: settings.bcryptThreads, maximumPending: settings.bcryptQueueLimit)
        let handler = try TaskAPIHandler(
            database: database,
            passwords: passwords,
            tokens: tokens,
            refreshTokenLifetime: settings.refreshTokenLifetime,
            rateLimits: settings.rateLimits,
            cursors: try ListCursorCodec(secret: settings.secretKey),
            docsAssetsURL: settings.docsAssetsURL,
            metricsToken: settings.metricsToken,
            metricsExposition: {
                metrics.exposition(pool: database.statistics, hashQueueDepth: passwords.pendingCount)
            },
            logger: logger
        )
        let router = APIRouter(handler: handler)
        self.settings = settings
        self.database = database
        self.passwords = passwords
        let sweeper = ExpiredStateSweeper(database: database)
        self.sweeper = PeriodicService(name: "expired-state sweep", interval: .seconds(300), logger: logger) {
            try await sweeper.sweep()
        }
        self.server = HTTPServer(
            configuration: .init(
                host: settings.host,
                port: settings.port,
                maximumBodySize: settings.maximumBodySize,
                idleTimeout: settings.idleTimeout,
                maximumConnections: settings.maximumConnections,
                headTimeout: settings.headTimeout,
                minimumBodyRate: settings.minimumBodyRate,
                eventLoopThreads: sharesEventLoops ? nil : settings.eventLoopThreads
            ),
            logger: logger,
            middleware: Self.middleware(logger: logger, handler: handler, settings: settings, metrics: metrics),
            onListening: onListening,
            responseBeforeBody: { request in await router.responseBeforeBody(to: request) },
            responder: { request in try await router.respond(to: request) }
        )
    }

    /// Every request passes these, outermost first: the id comes first so every later step can log it; the access
    /// log sees the final status, including the `500` and `503` the inner steps make of errors.
    /// CORS, when configured, wraps everything after the security headers, so errors carry its headers too.
    /// The request metrics see every answer, the `500`s and `503`s the inner steps make of errors included.
    static func middleware(
        logger: Logger, handler: TaskAPIHandler, settings: Settings, metrics: ServerMetrics
    ) -> MiddlewareChain {
        let cors: [any HTTPMiddleware] = settings.corsPolicy.map { [CORSMiddleware(policy: $0)] } ?? []
        return MiddlewareChain(
            [
                RequestIDMiddleware(),
                // Decides the route once, for the metrics and the access log alike.
                RequestContextMiddleware(
                    trustedProxies: settings.trustedProxies,
                    routeTemplate: { APIRouter<TaskAPIHandler>.routeTemplate(for: $0) }),
                RequestMetricsMiddleware(factory: metrics.factory),
                SecurityHeadersMiddleware(),
            ] + cors + [
                AccessLogMiddleware(logger: logger),
                UnhandledErrorMiddleware(logger: logger),
                ServiceUnavailableMiddleware(logger: logger),
                DeletedAccountMiddleware(handler: handler),
            ])
    }

    /// The services in start order; a `ServiceGroup` stops them in reverse.
    package var services: [any Service] { [database, passwords, sweeper, server] }

    /// A group running `services`, shut down gracefully within the configured grace period.
    package func serviceGroupConfiguration(logger: Logger) -> ServiceGroupConfiguration {
        var configuration = ServiceGroupConfiguration(services: services.map { .init(service: $0) }, logger: logger)
        configuration.maximumGracefulShutdownDuration = settings.shutdownGracePeriod
        return configuration
    }
}
