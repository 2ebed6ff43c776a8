import APIRuntime
import APIServerNIO
import Foundation
import InMemoryLogging
import Logging
import PostgresLibPQ
import ServiceLifecycle
import TaskAPIApp
import Testing

/// The real server — router, handlers, pool, HTTP — on an ephemeral port, against a fresh database migrated by the
/// real migrator. One is shared by the suites of a test run; tests isolate themselves by registering their own users.
final class TestServer: Sendable {
    let port: Int
    let databaseURL: String
    let secret: [UInt8]
    let logs: InMemoryLogHandler
    private let group: ServiceGroup
    private let run: Task<Void, any Error>

    /// The server the suites share, started on first use.
    static let shared = Task { try await TestServer.start() }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private init(
        port: Int,
        databaseURL: String,
        secret: [UInt8],
        logs: InMemoryLogHandler,
        group: ServiceGroup,
        run: Task<Void, any Error>
    ) {
        self.port = port
        self.databaseURL = databaseURL
        self.secret = secret
        self.logs = logs
        self.group = group
        self.run = run
    }

    /// Starts a server. With no `databaseURL`, a fresh database is created and migrated first.
    /// - Parameter jsonLog: also receives every log line as the server writes it in production (`JSONLogHandler`).
    static func start(
        databaseURL: String? = nil, environment: [String: String] = [:],
        jsonLog: (@Sendable (String) -> Void)? = nil
    ) async throws -> TestServer {
        let url: String
        if let databaseURL { url = databaseURL } else { url = try await freshDatabase() }
        let secret = Array(String(repeating: "0123456789abcdef", count: 4).utf8.shuffled())
        var values = [
            "DATABASE_URL": url,
            "SECRET_KEY": String(decoding: secret, as: UTF8.self),
            "HOST": "127.0.0.1",
            "PORT": "0",
            "ENVIRONMENT": "test",
            "BCRYPT_COST": "4",
            "DB_POOL_SIZE": "4",
            // Every test connects from 127.0.0.1 and many run at once: the limits count, but only RateLimitTests
            // and LoadSheddingTests reach them.
            "LOGIN_RATE_LIMIT": "1000000",
            "REGISTER_RATE_LIMIT": "1000000",
            "BCRYPT_QUEUE_LIMIT": "100000",
        ]
        values.merge(environment) { _, new in new }
        let settings = try Settings.load(environment: values)
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "test-server") { label in
            guard let jsonLog else { return logs }
            return MultiplexLogHandler([logs, JSONLogHandler(label: label, output: jsonLog)])
        }
        logger.logLevel = .debug
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = try Application(settings: settings, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: application.serviceGroupConfiguration(logger: logger))
        let run = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await run.value
            throw TestClientError.socket("the server stopped before listening")
        }
        return TestServer(port: port, databaseURL: url, secret: secret, logs: logs, group: group, run: run)
    }

    /// Stops the server as SIGTERM does — stop accepting, finish what is in flight — and waits until it has.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await run.value
    }

    /// This test process's mark in its databases' names, so it drops only earlier runs' leftovers — never a
    /// database another test of this run has just created and not yet connected to.
    static let runTag = String(UInt32.random(in: 0...UInt32.max), radix: 36)

    /// A new database with every migration applied; databases left over by earlier runs are dropped first.
    static func freshDatabase() async throws -> String {
        let base = try TestDatabase.url()
        let name = TestDatabase.uniqueName("taskapi_it_\(runTag)")
        try await TestDatabase.withDatabase(url: base, size: 1) { admin in
            let stale = try await admin.query(
                """
                SELECT datname FROM pg_database d WHERE datname LIKE 'taskapi\\_it\\_%'
                AND datname NOT LIKE \("taskapi\\_it\\_\(runTag)\\_%")
                AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
                """
            )
            for row in stale {
                let old: String = try row.decode("datname")
                try await admin.execute(SQL(unsafeRaw: "DROP DATABASE IF EXISTS \(old)"))
            }
            try await admin.execute(SQL(unsafeRaw: "CREATE DATABASE \(name) TEMPLATE template0"))
        }
        let url = TestDatabase.url(base, adding: "dbname", name)
        try await TestDatabase.withDatabase(url: url, size: 1) { database in
            let directory = repositoryRoot.appendingPathComponent("migrations").path
            _ = try await Migrator(database: database, directory: directory).migrate()
        }
        return url
    }

    // MARK: Requests

    /// One request on a new connection. `json` and `form` set the body and its `Content-Type`.
    func request(
        _ method: String,
        _ target: String,
        json: String? = nil,
        form: String? = nil,
        token: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> TestResponse {
        try await TestConnection(port: port).request(
            method, target, json: json, form: form, token: token, headers: headers)
    }

    /// A registered user with a token: every test makes its own, so tests never share data.
    struct User {
        var id: Int64
        var email: String
        var password: String
        var token: String
    }

    func newUser() async throws -> User {
        let email = "user-\(UUID().uuidString.lowercased())@example.com"
        let password = "pw-\(UUID().uuidString)"
        let registered = try await request(
            "POST", "/auth/register", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        try #require(registered.status == 201, "register: \(registered.status) \(registered.text)")
        let login = try await request("POST", "/auth/login", form: "username=\(email)&password=\(password)")
        try #require(login.status == 200, "login: \(login.status) \(login.text)")
        let token = try #require(login.object["access_token"]?.string)
        let id = try #require(registered.object["id"]?.integer)
        return User(id: id, email: email, password: password, token: token)
    }

    /// Creates a task for `user`, returning its JSON object.
    func newTask(for user: User, _ json: String = #"{"title": "A task"}"#) async throws -> [String: JSONValue] {
        let response = try await request("POST", "/tasks", json: json, token: user.token)
        try #require(response.status == 201, "create: \(response.status) \(response.text)")
        return response.object
    }

    /// Runs SQL against the server's database directly (for what the API cannot do, like deleting a user).
    func sql(_ statement: SQL) async throws -> [PostgresRow] {
        try await TestDatabase.withDatabase(url: databaseURL, size: 1) { try await $0.query(statement) }
    }
}
