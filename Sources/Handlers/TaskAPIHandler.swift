import APIRuntime
import Generated
package import Logging
package import PasswordsLibxcrypt
package import PostgresLibPQ

/// Implements the Task API: authentication, ownership and persistence. The generated router has already checked
/// every input against `openapi.yaml` before a method here runs.
package struct TaskAPIHandler: APIHandler {
    package typealias Principal = AuthenticatedUser

    let database: Database
    let passwords: PasswordService
    let tokens: TokenIssuer
    let users: UserStore
    let tasks: TaskStore
    let refreshTokens: RefreshTokenStore
    let rateLimiter: RateLimiter
    let cursors: ListCursorCodec
    let docsSite: DocsSite
    let metricsToken: String?
    let metricsExposition: @Sendable () -> String
    let specJSON: [String: JSONValue]
    let logger: Logger

    package init(
        database: Database,
        passwords: PasswordService,
        tokens: TokenIssuer,
        refreshTokenLifetime: Duration,
        rateLimits: RateLimits,
        cursors: ListCursorCodec,
        docsAssetsURL: String?,
        metricsToken: String?,
        metricsExposition: @escaping @Sendable () -> String,
        logger: Logger
    ) throws {
        self.metricsToken = metricsToken
        self.metricsExposition = metricsExposition
        self.database = database
        self.passwords = passwords
        self.tokens = tokens
        self.cursors = cursors
        self.users = UserStore(database: database)
        self.tasks = TaskStore(database: database)
        self.refreshTokens = RefreshTokenStore(database: database, lifetime: refreshTokenLifetime)
        self.rateLimiter = RateLimiter(database: database, limits: rateLimits)
        self.docsSite = DocsSite(assetsURL: docsAssetsURL)
        self.specJSON = try JSONParser.parseObject(Array(OpenAPISpec.json.utf8))
        self.logger = logger
    }
}

/// The user a request runs for, as its access token names them. Whether the user still exists is checked by the
/// operation's own statement, never by a statement of its own.
///
/// `/metrics` takes a credential of another scheme, the operator's `METRICS_TOKEN`: its caller is the
/// `metricsScraper`, who is no user (id 0; ids are positive) and whom only `/metrics` asks for.
package struct AuthenticatedUser: Sendable, Hashable {
    package var id: Int64

    static let metricsScraper = AuthenticatedUser(id: 0)
}
