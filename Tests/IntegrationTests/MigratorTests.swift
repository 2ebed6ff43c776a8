import Foundation
import PostgresLibPQ
import SecurityLibcrypto
import Testing

/// Each test migrates a schema of its own (through `search_path`), so its `schema_migrations` table is private and
/// the real migrations of other suites are untouched.
@Suite struct MigratorTests {
    private struct Sandbox {
        var schema: String
        var url: String
        var directory: URL

        func write(_ name: String, _ script: String) throws {
            try Data(script.utf8).write(to: directory.appendingPathComponent(name))
        }
    }

    private func withSandbox(_ body: (Sandbox) async throws -> Void) async throws {
        let url = try TestDatabase.url()
        let schema = TestDatabase.uniqueName("mig_test")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(schema)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sandbox = Sandbox(
            schema: schema,
            url: TestDatabase.url(url, adding: "options", "-csearch_path=\(schema)"),
            directory: directory
        )
        try await TestDatabase.withDatabase(size: 1) { admin in
            try await admin.execute(SQL(unsafeRaw: "CREATE SCHEMA \(schema)"))
            let result: Result<Void, any Error>
            do {
                result = .success(try await body(sandbox))
            } catch {
                result = .failure(error)
            }
            try await admin.execute(SQL(unsafeRaw: "DROP SCHEMA \(schema) CASCADE"))
            try? FileManager.default.removeItem(at: directory)
            try result.get()
        }
    }

    private func appliedVersions(_ database: Database) async throws -> [Int64] {
        try await database.query("SELECT version FROM schema_migrations ORDER BY version").map {
            try $0.decode("version", as: Int64.self)
        }
    }

    /// The repository's own migrations, applied as a deployment meets them: each later one over a database that
    /// already holds users and tasks.
    @Test func laterMigrationsApplyOverADatabaseThatHoldsTasks() async throws {
        let migrations = TestServer.repositoryRoot.appendingPathComponent("migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: migrations.path).filter { $0.hasSuffix(".sql") }
            .sorted()
        try #require(files.count >= 3 && files.prefix(2) == ["0001_create_users.sql", "0002_create_tasks.sql"])
        try await withSandbox { sandbox in
            func copy(_ name: String) throws {
                try FileManager.default.copyItem(
                    at: migrations.appendingPathComponent(name), to: sandbox.directory.appendingPathComponent(name))
            }
            try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                let migrator = Migrator(database: database, directory: sandbox.directory.path)
                for name in files.prefix(2) { try copy(name) }
                #expect(try await migrator.migrate() == Array(files.prefix(2)))
                try await database.execute(
                    "INSERT INTO users (email, password_hash) VALUES ('old@example.com', '$2b$04$' || repeat('a', 53))")
                try await database.execute(
                    """
                    INSERT INTO tasks (user_id, title, description, status, priority, completed_at)
                    SELECT id, 'old task ' || i, 'written before listing', 'done', 'high', now()
                    FROM users, generate_series(1, 1000) AS i
                    """
                )
                for name in files.dropFirst(2) { try copy(name) }
                #expect(try await migrator.migrate() == Array(files.dropFirst(2)))
                let row = try #require(
                    try await database.query(
                        """
                        SELECT count(*) AS tasks, bool_and(tags = '{}' AND tag_keys = '{}') AS untagged,
                               bool_and(priority_rank = 2) AS ranked,
                               count(*) FILTER (WHERE search @@ websearch_to_tsquery('simple', 'listing old')) AS found
                        FROM tasks
                        """
                    ).first)
                #expect(try row.decode("tasks", as: Int64.self) == 1000)
                #expect(try row.decode("untagged", as: Bool.self))
                #expect(try row.decode("ranked", as: Bool.self))
                #expect(try row.decode("found", as: Int64.self) == 1000)
            }
        }
    }

    @Test func appliesPendingFilesInVersionOrderOnce() async throws {
        try await withSandbox { sandbox in
            try sandbox.write("0002_add_notes.sql", "ALTER TABLE things ADD COLUMN note text;")
            try sandbox.write("0001_create_things.sql", "CREATE TABLE things (id bigint PRIMARY KEY);\n-- done\n")
            try sandbox.write(".gitkeep", "")
            try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                let migrator = Migrator(database: database, directory: sandbox.directory.path)
                #expect(try await migrator.status().map(\.isApplied) == [false, false])
                #expect(try await migrator.migrate() == ["0001_create_things.sql", "0002_add_notes.sql"])
                #expect(try await migrator.migrate() == [])
                #expect(try await appliedVersions(database) == [1, 2])

                try sandbox.write("0003_seed.sql", "INSERT INTO things (id, note) VALUES (1, 'one');")
                let status = try await migrator.status()
                #expect(status.map(\.name) == ["0001_create_things.sql", "0002_add_notes.sql", "0003_seed.sql"])
                #expect(status.map(\.isApplied) == [true, true, false])
                #expect(try await migrator.migrate() == ["0003_seed.sql"])

                let checksum = try await database.query("SELECT checksum FROM schema_migrations WHERE version = 3")
                let expected = SHA256.hexDigest(of: "INSERT INTO things (id, note) VALUES (1, 'one');".utf8)
                #expect(try #require(checksum.first).decode("checksum", as: String.self) == expected)
            }
        }
    }

    @Test func refusesAnAppliedFileThatChanged() async throws {
        try await withSandbox { sandbox in
            try sandbox.write("0001_create_things.sql", "CREATE TABLE things (id bigint PRIMARY KEY);")
            try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                let migrator = Migrator(database: database, directory: sandbox.directory.path)
                _ = try await migrator.migrate()
                try sandbox.write("0001_create_things.sql", "CREATE TABLE things (id integer PRIMARY KEY);")
                try sandbox.write("0002_more.sql", "CREATE TABLE more (id integer);")
                do {
                    _ = try await migrator.migrate()
                    Issue.record("a changed migration was accepted")
                } catch let error as MigrationError {
                    #expect("\(error)".contains("0001_create_things.sql"))
                    guard case .checksumMismatch = error else {
                        Issue.record("unexpected error \(error)")
                        return
                    }
                }
                // Nothing after the changed file ran.
                #expect(try await appliedVersions(database) == [1])
            }
        }
    }

    @Test func failingMigrationIsRolledBackAndNamed() async throws {
        try await withSandbox { sandbox in
            try sandbox.write("0001_ok.sql", "CREATE TABLE things (id bigint PRIMARY KEY);")
            try sandbox.write("0002_broken.sql", "CREATE TABLE half (id integer);\nCREATE TABLE things (id integer);")
            try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                let migrator = Migrator(database: database, directory: sandbox.directory.path)
                do {
                    _ = try await migrator.migrate()
                    Issue.record("a broken migration was applied")
                } catch let error as MigrationError {
                    #expect("\(error)".contains("0002_broken.sql"))
                    #expect("\(error)".contains("already exists"))
                }
                #expect(try await appliedVersions(database) == [1])
                let half = try await database.query("SELECT to_regclass('half') IS NULL AS missing")
                #expect(try #require(half.first).decode("missing", as: Bool.self))
            }
        }
    }

    @Test(arguments: ["1_short.sql", "0001_Upper.sql", "0001-dash.sql", "0001_.sql", "0001_x.SQL", "notes.txt"])
    func rejectsMisnamedFiles(name: String) async throws {
        try await withSandbox { sandbox in
            try sandbox.write("0001_fine.sql", "SELECT 1;")
            try sandbox.write(name, "SELECT 1;")
            try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                let migrator = Migrator(database: database, directory: sandbox.directory.path)
                await #expect(throws: MigrationError.self) { try await migrator.migrate() }
                do {
                    _ = try await migrator.status()
                    Issue.record("status accepted '\(name)'")
                } catch let error as MigrationError {
                    #expect("\(error)".contains(name))
                }
            }
        }
    }

    @Test func rejectsDuplicateVersionsAndScriptsThatCommit() async throws {
        try await withSandbox { sandbox in
            try sandbox.write("0001_a.sql", "SELECT 1;")
            try sandbox.write("0001_b.sql", "SELECT 1;")
            try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                let migrator = Migrator(database: database, directory: sandbox.directory.path)
                await #expect(throws: MigrationError.duplicateVersion("0001_a.sql", "0001_b.sql")) {
                    try await migrator.migrate()
                }
                try FileManager.default.removeItem(at: sandbox.directory.appendingPathComponent("0001_b.sql"))
                try sandbox.write("0002_commits.sql", "CREATE TABLE t (id integer); COMMIT;")
                await #expect(throws: MigrationError.endedTransaction("0002_commits.sql")) {
                    try await migrator.migrate()
                }
            }
        }
    }

    @Test func concurrentMigratorsApplyEachFileOnce() async throws {
        try await withSandbox { sandbox in
            for version in 1...5 {
                let name = String(format: "%04d_step_%d.sql", version, version)
                try sandbox.write(name, "CREATE TABLE step_\(version) (id integer);")
            }
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                            try await Migrator(database: database, directory: sandbox.directory.path).migrate()
                        }
                    }
                }
                var all: [String] = []
                for try await names in group { all += names }
                return all
            }
            #expect(applied.sorted() == (1...5).map { String(format: "%04d_step_%d.sql", $0, $0) })
            let versions = try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                try await appliedVersions(database)
            }
            #expect(versions == [1, 2, 3, 4, 5])
        }
    }

    @Test func missingDirectoryIsReported() async throws {
        try await withSandbox { sandbox in
            try await TestDatabase.withDatabase(url: sandbox.url, size: 1) { database in
                let path = sandbox.directory.appendingPathComponent("absent").path
                await #expect(throws: MigrationError.unreadableDirectory(path)) {
                    try await Migrator(database: database, directory: path).migrate()
                }
            }
        }
    }
}
