import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

@Suite struct PostgresTests {
    // MARK: Prepared statements

    /// A repeated statement is prepared once per connection — unless preparing is off (for PgBouncer in
    /// transaction mode before 1.21), when every statement goes with its text and answers the same.
    @Test(arguments: [true, false])
    func statementsArePreparedOnlyWhenAsked(prepares: Bool) throws {
        let connection = try PGConnection.connect(try TestDatabase.url(), preparesStatements: prepares)
        for value in [1, 2] {
            let rows = try connection.query("SELECT \(Int64(value)) + 1 AS n")
            #expect(try rows.first?.decode("n", as: Int64.self) == Int64(value) + 1)
        }
        let prepared = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements")
        #expect(try prepared.first?.decode("n", as: Int64.self) == (prepares ? 2 : 0))
    }

    // MARK: Parameters

    @Test(
        arguments: [
            "plain", "", "  padded  ", "O'Brien", "\"double\"", #"back\slash"#, "$1", "?", "-- not a comment",
            "'; DROP TABLE users; --", "ünïcödé 中文 📝", "line\nbreak\ttab", "{a,b}", "NULL",
        ])
    func bindsStringsVerbatim(value: String) async throws {
        try await TestDatabase.withDatabase { database in
            let rows = try await database.query("SELECT \(value)::text AS v, length(\(value)::text) AS n")
            let row = try #require(rows.first)
            #expect(try row.decode("v", as: String.self) == value)
            #expect(try row.decode("n", as: Int.self) == value.unicodeScalars.count)
        }
    }

    @Test func bindsNilAsNull() async throws {
        try await TestDatabase.withDatabase { database in
            let text: String? = nil
            let number: Int64? = nil
            let rows = try await database.query(
                "SELECT \(text)::text AS t, \(number)::bigint AS n, \(text)::text IS NULL AS is_null, \(Optional(5)) AS five"
            )
            let row = try #require(rows.first)
            #expect(try row.decodeIfPresent("t", as: String.self) == nil)
            #expect(try row.decodeIfPresent("n", as: Int64.self) == nil)
            #expect(try row.decode("is_null", as: Bool.self))
            #expect(try row.decode("five", as: Int.self) == 5)
        }
    }

    @Test(
        arguments: [
            [], [""], ["work"], ["b c", "d\"e", #"back\slash"#, "NULL", "null", "{x}", "a,b", "ü📝", "  "],
        ] as [[String]])
    func bindsAndDecodesTextArrays(tags: [String]) async throws {
        try await TestDatabase.withDatabase { database in
            let rows = try await database.query(
                """
                SELECT \(tags)::text[] AS tags, cardinality(\(tags)::text[]) AS count, \
                \("b c") = ANY(\(tags)::text[]) AS has_b_c
                """
            )
            let row = try #require(rows.first)
            #expect(try row.decode("tags", as: [String].self) == tags)
            #expect(try row.decode("count", as: Int.self) == tags.count)
            #expect(try row.decode("has_b_c", as: Bool.self) == tags.contains("b c"))
        }
    }

    @Test func arraysWithNullElementsAreRejected() async throws {
        try await TestDatabase.withDatabase { database in
            let rows = try await database.query("SELECT ARRAY['a', NULL]::text[] AS tags")
            let row = try #require(rows.first)
            #expect(throws: PostgresError.typeMismatch(column: "tags", expected: "text[]")) {
                try row.decode("tags", as: [String].self)
            }
        }
    }

    @Test func nulCharactersAreRejectedNotTruncated() async throws {
        try await TestDatabase.withDatabase { database in
            let expected = PostgresError.queryFailed(
                sqlState: "22021",
                constraint: nil,
                message: "parameter $1 contains a NUL character"
            )
            await #expect(throws: expected) {
                try await database.query("SELECT \("before\u{0}after")::text AS v")
            }
            let rows = try await database.query("SELECT 1 AS one")
            #expect(rows.count == 1)
        }
    }

    // MARK: Decoding

    @Test func decodesEveryColumnTypeFromATable() async throws {
        try await TestDatabase.withDatabase { database in
            try await TestDatabase.withTable(
                in: database,
                columns: """
                    id bigserial PRIMARY KEY, small integer NOT NULL, big bigint NOT NULL, flag boolean NOT NULL,
                    ratio double precision NOT NULL, at timestamptz NOT NULL, tags text[] NOT NULL, note text
                    """
            ) { table in
                let at = try #require(RFC3339.parse("2026-11-24T18:23:00.123456Z"))
                let inserted = try await database.query(
                    """
                    INSERT INTO \(unsafeRaw: table) (small, big, flag, ratio, at, tags, note)
                    VALUES (\(Int32.min), \(Int64.max), \(true), \(0.1), \(at), \(["x", "y z"]), \(nil as String?))
                    RETURNING id
                    """
                )
                let id = try #require(inserted.first).decode("id", as: Int64.self)
                let rows = try await database.query(
                    "SELECT small, big, flag, ratio, at, tags, note FROM \(unsafeRaw: table) WHERE id = \(id)"
                )
                let row = try #require(rows.first)
                #expect(rows.count == 1)
                #expect(try row.decode("small", as: Int32.self) == .min)
                #expect(try row.decode("big", as: Int64.self) == .max)
                #expect(try row.decode("flag", as: Bool.self))
                #expect(try row.decode("ratio", as: Double.self) == 0.1)
                #expect(try row.decode("at", as: Date.self) == at)
                #expect(try row.decode("tags", as: [String].self) == ["x", "y z"])
                #expect(try row.decodeIfPresent("note", as: String.self) == nil)
                #expect(throws: PostgresError.unexpectedNull(column: "note")) {
                    try row.decode("note", as: String.self)
                }
                #expect(throws: PostgresError.typeMismatch(column: "at", expected: "bigint")) {
                    try row.decode("at", as: Int64.self)
                }
                #expect(row.columns == ["small", "big", "flag", "ratio", "at", "tags", "note"])
                #expect(row[1] == "9223372036854775807")
            }
        }
    }

    @Test func timestamptzRoundTripsAtMicrosecondPrecision() async throws {
        try await TestDatabase.withDatabase { database in
            for text in ["2026-11-24T18:23:00.123456Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00.000001Z"] {
                let date = try #require(RFC3339.parse(text))
                let rows = try await database.query("SELECT \(date)::timestamptz AS at")
                #expect(try #require(rows.first).decode("at", as: Date.self) == date)
            }
            // The session is pinned to UTC and ISO output whatever the server's defaults are.
            let date = try #require(RFC3339.parse("2026-11-24T23:53:00.5+05:30"))
            let rows = try await database.query(
                "SELECT \(date)::timestamptz::text AS raw, '2026-11-24T13:23:00.5-05:00'::timestamptz AS literal"
            )
            let row = try #require(rows.first)
            #expect(try row.decode("raw", as: String.self) == "2026-11-24 18:23:00.5+00")
            #expect(try row.decode("literal", as: Date.self) == date)
        }
    }

    @Test func doublesRoundTripIncludingSpecialValues() async throws {
        try await TestDatabase.withDatabase { database in
            for value in [0.1, -2.5e-300, 1.7976931348623157e308, Double.infinity, -Double.infinity] {
                let rows = try await database.query("SELECT \(value)::double precision AS v")
                #expect(try #require(rows.first).decode("v", as: Double.self) == value)
            }
            let rows = try await database.query("SELECT \(Double.nan)::double precision AS v")
            #expect(try #require(rows.first).decode("v", as: Double.self).isNaN)
        }
    }

    // MARK: Errors and transactions

    @Test func uniqueViolationIsMappedWithItsConstraint() async throws {
        try await TestDatabase.withDatabase { database in
            try await TestDatabase.withTable(in: database, columns: "email text NOT NULL UNIQUE") { table in
                try await database.execute("INSERT INTO \(unsafeRaw: table) (email) VALUES (\("a@example.com"))")
                do {
                    try await database.execute("INSERT INTO \(unsafeRaw: table) (email) VALUES (\("a@example.com"))")
                    Issue.record("a duplicate insert succeeded")
                } catch let error as PostgresError {
                    #expect(error.isUniqueViolation)
                    #expect(!error.isConnectionProblem)
                    #expect(error.sqlState == "23505")
                    guard case .queryFailed(_, let constraint, _) = error else {
                        Issue.record("unexpected error \(error)")
                        return
                    }
                    #expect(constraint == "\(table)_email_key")
                    #expect(!error.description.contains("a@example.com"))
                    #expect(error.diagnosticMessage?.isEmpty == false)
                }
            }
        }
    }

    @Test func syntaxErrorsCarryTheirSQLState() async throws {
        try await TestDatabase.withDatabase { database in
            do {
                _ = try await database.query("SELEC 1")
                Issue.record("invalid SQL succeeded")
            } catch let error as PostgresError {
                #expect(error.sqlState == "42601")
                #expect(!error.isUniqueViolation && !error.isConnectionProblem && !error.isSerializationFailure)
            }
        }
    }

    @Test func failedTransactionLeavesNoRows() async throws {
        try await TestDatabase.withDatabase { database in
            try await TestDatabase.withTable(in: database, columns: "id integer PRIMARY KEY") { table in
                await #expect(throws: PostgresError.self) {
                    try await database.transaction { connection in
                        try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(1))")
                        try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(2))")
                        try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(1))")
                    }
                }
                struct Abort: Error {}
                await #expect(throws: Abort.self) {
                    try await database.transaction { connection in
                        try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(3))")
                        throw Abort()
                    }
                }
                let rows = try await database.query("SELECT count(*) AS n FROM \(unsafeRaw: table)")
                #expect(try #require(rows.first).decode("n", as: Int.self) == 0)
            }
        }
    }

    @Test func swallowedErrorStillAbortsTheTransaction() async throws {
        try await TestDatabase.withDatabase { database in
            try await TestDatabase.withTable(in: database, columns: "id integer PRIMARY KEY") { table in
                await #expect(throws: PostgresError.self) {
                    try await database.transaction { connection in
                        try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(1))")
                        do {
                            try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(1))")
                        } catch {
                            // Deliberately ignored: the commit must refuse anyway.
                        }
                    }
                }
                let rows = try await database.query("SELECT count(*) AS n FROM \(unsafeRaw: table)")
                #expect(try #require(rows.first).decode("n", as: Int.self) == 0)
            }
        }
    }

    @Test func committedTransactionKeepsItsRows() async throws {
        try await TestDatabase.withDatabase { database in
            try await TestDatabase.withTable(in: database, columns: "id integer PRIMARY KEY") { table in
                let affected = try await database.transaction { connection in
                    try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(1)), (\(2))")
                }
                #expect(affected == 2)
                #expect(try await database.execute("UPDATE \(unsafeRaw: table) SET id = id + 10") == 2)
                #expect(try await database.execute("DELETE FROM \(unsafeRaw: table) WHERE id > \(100)") == 0)
            }
        }
    }

    @Test func transactionLeftOpenIsRolledBackBeforeReuse() async throws {
        try await TestDatabase.withDatabase(size: 1) { database in
            try await TestDatabase.withTable(in: database, columns: "id integer") { table in
                try await database.withConnection { connection in
                    try connection.simpleExecute("BEGIN")
                    try connection.execute("INSERT INTO \(unsafeRaw: table) (id) VALUES (\(1))")
                }
                let rows = try await database.query("SELECT count(*) AS n FROM \(unsafeRaw: table)")
                #expect(try #require(rows.first).decode("n", as: Int.self) == 0)
            }
        }
    }

    // MARK: Pool

    @Test func poolReusesItsConnections() async throws {
        try await TestDatabase.withDatabase(size: 2) { database in
            var sequential: Set<Int32> = []
            for _ in 0..<20 {
                let rows = try await database.query("SELECT pg_backend_pid() AS pid")
                sequential.insert(try #require(rows.first).decode("pid", as: Int32.self))
            }
            // Each worker keeps its one connection: however many statements, no more backends than workers.
            #expect((1...2).contains(sequential.count))

            let concurrent = try await withThrowingTaskGroup(of: Int32.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let rows = try await database.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.02)")
                        return try #require(rows.first).decode("pid", as: Int32.self)
                    }
                }
                var pids: Set<Int32> = []
                for try await pid in group { pids.insert(pid) }
                return pids
            }
            #expect((1...2).contains(concurrent.count))
            let statistics = database.statistics
            #expect(statistics.inUse == 0)
            #expect((1...2).contains(statistics.idle))
        }
    }

    @Test func preparesEachStatementOncePerConnection() async throws {
        try await TestDatabase.withDatabase(size: 1) { database in
            let count = try await database.withConnection { connection in
                let sql: SQL = "SELECT \(Int64(1)) + 1 AS two"
                for _ in 0..<3 { _ = try connection.query(sql) }
                let rows = try connection.query(
                    "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = \(sql.text)"
                )
                return try #require(rows.first).decode("n", as: Int.self)
            }
            #expect(count == 1)
        }
    }

    @Test func cachedStatementSurvivesATableChangingShape() async throws {
        try await TestDatabase.withDatabase(size: 1) { database in
            try await TestDatabase.withTable(in: database, columns: "a integer") { table in
                let columns = try await database.withConnection { connection in
                    try connection.execute("INSERT INTO \(unsafeRaw: table) (a) VALUES (\(1))")
                    _ = try connection.query("SELECT * FROM \(unsafeRaw: table)")
                    try connection.simpleExecute("ALTER TABLE \(table) ADD COLUMN b integer")
                    return try #require(try connection.query("SELECT * FROM \(unsafeRaw: table)").first).columns
                }
                #expect(columns == ["a", "b"])
            }
        }
    }

    /// The pool's own statements (not a lease's) recover from a cached plan that changed shape (0A000) and from
    /// statements the backend forgot (26000), on the one connection that prepared them.
    @Test func pooledStatementsSurviveChangedAndForgottenStatements() async throws {
        try await TestDatabase.withDatabase(size: 1) { database in
            try await TestDatabase.withTable(in: database, columns: "a integer") { table in
                let select = SQL(unsafeRaw: "SELECT * FROM \(table)")
                try await database.execute("INSERT INTO \(unsafeRaw: table) (a) VALUES (\(1))")
                #expect(try #require(try await database.query(select).first).columns == ["a"])
                try await database.withConnection { try $0.simpleExecute("ALTER TABLE \(table) ADD COLUMN b integer") }
                #expect(try #require(try await database.query(select).first).columns == ["a", "b"])
                try await database.withConnection { try $0.simpleExecute("DEALLOCATE ALL") }
                #expect(try await database.query(select).count == 1)
                let prepared = try await database.query(
                    "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = \(select.text)")
                #expect(try #require(prepared.first).decode("n", as: Int.self) == 1)
            }
        }
    }

    /// Many more callers than connections: every caller gets the answer to its own statement, and a statement that
    /// fails costs only itself.
    @Test func everyConcurrentCallerGetsItsOwnAnswer() async throws {
        try await TestDatabase.withDatabase(size: 2) { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for value in 0..<300 {
                    group.addTask {
                        if value % 10 == 0 {
                            await #expect(throws: PostgresError.self) {
                                try await database.query("SELECT 1 / (\(Int64(value)) - \(Int64(value))) AS n")
                            }
                            return
                        }
                        let rows = try await database.query("SELECT \(Int64(value)) AS n, pg_sleep(0.001)")
                        #expect(try #require(rows.first).decode("n", as: Int64.self) == Int64(value))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await database.execute("SELECT 1") == 1)
            #expect(database.statistics.inUse == 0)
        }
    }

    @Test func waitersTimeOutWhenThePoolStaysBusy() async throws {
        try await TestDatabase.withDatabase(size: 1, acquireTimeout: .milliseconds(200)) { database in
            let outcomes = await withTaskGroup(of: Result<Int, any Error>.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            return .success(try await database.execute("SELECT pg_sleep(2)"))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var outcomes: [Result<Int, any Error>] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let timeouts = outcomes.filter { outcome in
                if case .failure(let error) = outcome, error as? PostgresError == .poolTimeout { return true }
                return false
            }
            let successes = outcomes.filter { outcome in
                if case .success = outcome { return true }
                return false
            }
            #expect(timeouts.count == 1)
            #expect(successes.count == 1)
            #expect(PostgresError.poolTimeout.isServiceUnavailable)
        }
    }

    @Test func unreachableServerFailsFastAndPingSaysNo() async throws {
        // Port 1 on loopback refuses connections at once.
        try await TestDatabase.withDatabase(url: "postgresql://nobody@127.0.0.1:1/none", size: 1) { database in
            #expect(await database.ping() == false)
            do {
                _ = try await database.query("SELECT 1 AS one")
                Issue.record("a query succeeded without a server")
            } catch let error as PostgresError {
                guard case .connectionFailed = error else {
                    Issue.record("unexpected error \(error)")
                    return
                }
                #expect(error.isConnectionProblem && error.isServiceUnavailable)
                #expect(error.description == "could not connect to PostgreSQL")
            }
            #expect(database.statistics.inUse == 0)
        }
    }

    @Test func shutDownPoolRefusesWork() async throws {
        let database = Database(url: try TestDatabase.url(), size: 1)
        #expect(await database.ping())
        await database.shutdown()
        await database.shutdown()
        await #expect(throws: PostgresError.poolClosed) {
            try await database.query("SELECT 1 AS one")
        }
    }

    // MARK: Recovery

    /// Only this test's own backends are terminated (found by `application_name`), so suites running in parallel
    /// keep their connections.
    @Test func recoversAfterIdleBackendsAreTerminated() async throws {
        let applicationName = TestDatabase.uniqueName("pg_victim")
        let victimURL = TestDatabase.url(try TestDatabase.url(), adding: "application_name", applicationName)
        try await TestDatabase.withDatabase(url: victimURL, size: 3) { victim in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask { _ = try await victim.query("SELECT pg_sleep(0.05)") }
                }
                try await group.waitForAll()
            }
            let opened = victim.statistics.idle
            #expect(opened >= 1)

            let terminated = try await TestDatabase.withDatabase(size: 1) { killer in
                try await Self.terminateBackends(named: applicationName, using: killer)
            }
            #expect(terminated == opened)

            // Concurrent leases take every idle (dead) connection, and `execute` never retries: each must notice
            // its connection died before using it.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<opened {
                    group.addTask { try await victim.execute("SELECT pg_sleep(0.05)") }
                }
                for try await affected in group { #expect(affected == 1) }
            }
            let rows = try await victim.query("SELECT 1 AS one")
            #expect(try #require(rows.first).decode("one", as: Int.self) == 1)
            #expect(await victim.ping())
        }
    }

    @Test func backendTerminatedMidStatementCostsOnlyThatStatement() async throws {
        let applicationName = TestDatabase.uniqueName("pg_victim")
        let victimURL = TestDatabase.url(try TestDatabase.url(), adding: "application_name", applicationName)
        let lockKey = Int64.random(in: 1...Int64.max)
        try await TestDatabase.withDatabase(url: victimURL, size: 2) { victim in
            try await TestDatabase.withDatabase(size: 1) { killer in
                // The killer holds an advisory lock, so the victim's statement blocks until its backend is killed.
                try await killer.withConnection { connection in
                    _ = try connection.query("SELECT pg_advisory_lock(\(lockKey))")
                }
                async let blocked: Int = victim.execute("SELECT pg_advisory_lock(\(lockKey))")
                try await Self.waitUntilBlocked(applicationName, using: killer)
                #expect(try await Self.terminateBackends(named: applicationName, using: killer) == 1)
                do {
                    _ = try await blocked
                    Issue.record("the blocked statement succeeded")
                } catch let error as PostgresError {
                    #expect(error.isConnectionProblem)
                }
                #expect(try await victim.execute("SELECT 1") == 1)
                try await killer.execute("SELECT pg_advisory_unlock_all()")
            }
        }
    }

    /// Terminates every backend whose `application_name` is `name` and waits until they are gone.
    private static func terminateBackends(named name: String, using database: Database) async throws -> Int {
        let rows = try await database.query(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) AS n FROM pg_stat_activity \
            WHERE application_name = \(name) AND pid <> pg_backend_pid() AND datname = current_database()
            """
        )
        return try #require(rows.first).decode("n", as: Int.self)
    }

    /// Polls `pg_stat_activity` (each poll is a round trip, not a sleep) until a backend named `name` waits for a lock.
    private static func waitUntilBlocked(_ name: String, using database: Database) async throws {
        for _ in 0..<50_000 {
            let rows = try await database.query(
                """
                SELECT count(*) AS n FROM pg_stat_activity \
                WHERE application_name = \(name) AND wait_event_type = 'Lock'
                """
            )
            if try #require(rows.first).decode("n", as: Int.self) > 0 { return }
        }
        Issue.record("the victim's statement never blocked")
    }
}
