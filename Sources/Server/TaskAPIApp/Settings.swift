package import APIRuntime
package import APIServerNIO
package import Handlers

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The server's configuration, read from the environment and an optional `.env` file (the environment wins).
package struct Settings: Sendable {
    /// Where the server runs. Settings that are only safe in tests (a bcrypt cost below 10, a weak secret) are
    /// refused unless it is `test`.
    package enum Environment: String, Sendable, CaseIterable {
        case production, development, test
    }

    package var environment: Environment

    package enum LogFormat: String, Sendable, CaseIterable {
        case json, text
    }
    package var databaseURL: String
    package var secretKey: [UInt8]
    package var host: String
    package var port: Int
    package var accessTokenLifetime: Duration
    package var refreshTokenLifetime: Duration
    package var bcryptCost: Int
    package var databasePoolSize: Int
    /// Whether statements are prepared once per connection; off behind a pooler that cannot carry them.
    package var databasePreparedStatements: Bool
    /// Where `/docs` loads Swagger UI from; `nil` means the server's built-in copy (`SwaggerUIAssets`).
    package var docsAssetsURL: String?
    package var logLevel: String
    /// How log lines look: JSON objects or swift-log's text; `nil` chooses JSON unless standard error is a terminal.
    package var logFormat: LogFormat?
    package var shutdownGracePeriod: Duration
    package var maximumBodySize: Int
    /// Connections that send nothing for this long are closed (slow or abandoned clients hold no resources).
    package var idleTimeout: Duration
    /// Connections served at once; past it a connection's first request is answered `503`.
    package var maximumConnections: Int
    /// A request's head must be complete this long after its first byte.
    package var headTimeout: Duration
    /// A request body must arrive at least this fast on average (after a grace of `headTimeout`).
    package var minimumBodyRate: Int
    /// SwiftNIO event-loop threads.
    package var eventLoopThreads: Int
    /// Threads that run bcrypt: how many hashes may run at once.
    package var bcryptThreads: Int
    /// Hashes that may run or wait at once; past it, login and registration are `503` with `Retry-After`.
    package var bcryptQueueLimit: Int
    /// Login and registration attempts allowed per window (a limit of 0 turns a check off).
    package var rateLimits: RateLimits
    /// Peers whose `X-Forwarded-For` names the client; by default none, and the socket's peer is the client.
    package var trustedProxies: TrustedProxies
    /// The browser origins allowed to call the API cross-origin; `nil` (the default) answers no CORS request.
    package var corsPolicy: CORSMiddleware.Policy?
    /// When set, `/metrics` takes `Authorization: Bearer <this>`; unset, the metrics are public.
    package var metricsToken: String?

    /// Placeholders that documentation and `.env.example` show, which must never sign real tokens.
    static let knownPlaceholders: Set<String> = [
        "change-me-run-openssl-rand-hex-32", "changeme", "secret", "change-me",
    ]

    /// Reads every setting, failing on the first malformed one with a message naming the variable.
    /// - Parameter processors: the default for the thread counts: one thread per core serves best.
    package static func load(
        environment: [String: String],
        dotEnv: [String: String] = [:],
        processors: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(ConfigError) -> Settings {
        let values = dotEnv.merging(environment) { _, fromEnvironment in fromEnvironment }
        let reader = Reader(values: values)
        let environment = try reader.environment()
        guard let databaseURL = reader.text("DATABASE_URL"), !databaseURL.isEmpty else {
            throw ConfigError(
                variable: "DATABASE_URL", problem: "is required (a libpq URL such as postgresql://user@host/db)")
        }
        guard let secret = reader.text("SECRET_KEY"), !secret.isEmpty else {
            throw ConfigError(variable: "SECRET_KEY", problem: "is required (generate one with: openssl rand -hex 32)")
        }
        let isStrong = environment == .test || SecretStrength.estimatedBits(of: secret) >= SecretStrength.requiredBits
        guard secret.utf8.count >= 32, !knownPlaceholders.contains(secret), Set(secret).count >= 8, isStrong else {
            throw ConfigError(
                variable: "SECRET_KEY",
                problem: "is too weak: use at least 32 random characters (generate one with: openssl rand -hex 32)"
            )
        }
        let bcryptCost = try reader.integer("BCRYPT_COST", default: 12, in: 4...31)
        guard bcryptCost >= 10 || environment == .test else {
            throw ConfigError(
                variable: "BCRYPT_COST", problem: "must be at least 10 unless ENVIRONMENT=test, not '\(bcryptCost)'")
        }
        let bcryptThreads = try reader.integer(
            "BCRYPT_THREADS", default: min(max(processors, 1), 256), in: 1...256)
        return Settings(
            environment: environment,
            databaseURL: databaseURL,
            secretKey: Array(secret.utf8),
            host: try reader.text("HOST", default: "127.0.0.1"),
            port: try reader.integer("PORT", default: 8000, in: 0...65535),
            accessTokenLifetime: .seconds(
                60 * (try reader.integer("ACCESS_TOKEN_MINUTES", default: 30, in: 1...10_080))),
            refreshTokenLifetime: .seconds(
                86_400 * (try reader.integer("REFRESH_TOKEN_DAYS", default: 30, in: 1...365))),
            bcryptCost: bcryptCost,
            databasePoolSize: try reader.integer("DB_POOL_SIZE", default: 10, in: 1...500),
            databasePreparedStatements: try reader.choice(
                "DB_PREPARED_STATEMENTS", default: "on", among: ["on", "off"]) == "on",
            docsAssetsURL: reader.text("DOCS_ASSETS_URL").flatMap { $0.isEmpty ? nil : $0 },
            logLevel: try reader.choice(
                "LOG_LEVEL", default: "info",
                among: ["trace", "debug", "info", "notice", "warning", "error", "critical"]),
            logFormat: try reader.optionalChoice("LOG_FORMAT", among: LogFormat.allCases.map(\.rawValue))
                .flatMap(LogFormat.init(rawValue:)),
            shutdownGracePeriod: .seconds(try reader.integer("SHUTDOWN_GRACE_SECONDS", default: 10, in: 0...3600)),
            maximumBodySize: try reader.integer("MAX_BODY_BYTES", default: 1 << 20, in: 1024...(64 << 20)),
            idleTimeout: .seconds(try reader.integer("IDLE_TIMEOUT_SECONDS", default: 60, in: 1...3600)),
            maximumConnections: try reader.integer("MAX_CONNECTIONS", default: 1024, in: 1...1_000_000),
            headTimeout: .seconds(try reader.integer("HEADER_TIMEOUT_SECONDS", default: 10, in: 1...3600)),
            minimumBodyRate: try reader.integer("MIN_BODY_BYTES_PER_SECOND", default: 1024, in: 1...(1 << 30)),
            eventLoopThreads: try reader.integer(
                "EVENT_LOOP_THREADS", default: min(max(processors, 1), 256), in: 1...256),
            bcryptThreads: bcryptThreads,
            bcryptQueueLimit: try reader.integer("BCRYPT_QUEUE_LIMIT", default: 8 * bcryptThreads, in: 1...100_000),
            rateLimits: RateLimits(
                login: try reader.rateLimit("LOGIN_RATE_LIMIT", "LOGIN_RATE_WINDOW_SECONDS", RateLimits.standard.login),
                registration: try reader.rateLimit(
                    "REGISTER_RATE_LIMIT", "REGISTER_RATE_WINDOW_SECONDS", RateLimits.standard.registration)
            ),
            trustedProxies: try reader.trustedProxies("TRUSTED_PROXIES"),
            corsPolicy: try reader.corsPolicy("CORS_ORIGINS"),
            metricsToken: try reader.metricsToken("METRICS_TOKEN")
        )
    }

    private struct Reader {
        let values: [String: String]

        func text(_ name: String) -> String? {
            values[name]
        }

        func text(_ name: String, default fallback: String) throws(ConfigError) -> String {
            guard let value = values[name] else { return fallback }
            guard !value.isEmpty else { throw ConfigError(variable: name, problem: "must not be empty") }
            return value
        }

        func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let text = values[name] else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw ConfigError(
                    variable: name,
                    problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return value
        }

        func rateLimit(
            _ limitName: String, _ windowName: String, _ fallback: RateLimit
        ) throws(ConfigError)
            -> RateLimit
        {
            RateLimit(
                limit: try integer(limitName, default: fallback.limit, in: 0...1_000_000),
                window: .seconds(
                    try integer(windowName, default: Int(fallback.window.components.seconds), in: 1...86_400)))
        }

        func trustedProxies(_ name: String) throws(ConfigError) -> TrustedProxies {
            guard let text = values[name] else { return .none }
            guard let proxies = TrustedProxies(parsing: text) else {
                throw ConfigError(
                    variable: name,
                    problem: "must be a comma-separated list of IP addresses and CIDR ranges, not '\(text)'")
            }
            return proxies
        }

        func environment() throws(ConfigError) -> Environment {
            let names = Environment.allCases.map(\.rawValue)
            return Environment(rawValue: try choice("ENVIRONMENT", default: "production", among: names)) ?? .production
        }

        func metricsToken(_ name: String) throws(ConfigError) -> String? {
            guard let token = values[name], !token.isEmpty else { return nil }
            guard token.utf8.count >= 16, token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw ConfigError(variable: name, problem: "must be at least 16 printable characters without spaces")
            }
            return token
        }

        func corsPolicy(_ name: String) throws(ConfigError) -> CORSMiddleware.Policy? {
            guard let text = values[name], !text.isEmpty else { return nil }
            guard let policy = CORSMiddleware.Policy(parsing: text) else {
                throw ConfigError(
                    variable: name,
                    problem:
                        "must be * or a comma-separated list of origins such as https://app.example.com, not '\(text)'")
            }
            return policy
        }

        func optionalChoice(_ name: String, among choices: [String]) throws(ConfigError) -> String? {
            guard let text = values[name], !text.isEmpty else { return nil }
            return try choice(name, default: text, among: choices)
        }

        func choice(_ name: String, default fallback: String, among choices: [String]) throws(ConfigError) -> String {
            guard let text = values[name] else { return fallback }
            guard choices.contains(text.lowercased()) else {
                throw ConfigError(
                    variable: name, problem: "must be one of \(choices.joined(separator: ", ")), not '\(text)'")
            }
            return text.lowercased()
        }
    }
}

/// A setting that stops start-up; its description is the one line an operator needs.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    package var variable: String
    package var problem: String

    package init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    package var description: String { "configuration error: \(variable) \(problem)" }
}
