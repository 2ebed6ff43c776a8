internal import SecurityLibcrypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Applies the SQL files of a migrations directory in version order, each in its own transaction.
///
/// Files are named `NNNN_description.sql` (four digits, then lowercase letters, digits and underscores); hidden
/// files are ignored and any other name is an error. Applied files are recorded in `schema_migrations` with the
/// SHA-256 of their bytes, and an applied file that changes afterwards stops `migrate()` before anything runs.
/// A transaction-scoped advisory lock makes processes that migrate at the same time apply each file exactly once.
///
/// A script must not contain `BEGIN`/`COMMIT`, nor statements that cannot run in a transaction
/// (`CREATE INDEX CONCURRENTLY`, `VACUUM`).
package struct Migrator: Sendable {
    private let database: Database
    private let directory: String

    // ASCII "TASKMIGR": one fixed key that every process of this application agrees on.
    private static let lockKey: Int64 = 0x5441_534B_4D49_4752

    /// A migrator for the `.sql` files in `directory`, applied through `database`.
    package init(database: Database, directory: String) {
        self.database = database
        self.directory = directory
    }

    /// Applies every pending migration in version order.
    /// - Returns: The file names applied by this call, in order; empty when the schema was up to date.
    /// - Throws: `MigrationError` (the first failure; migrations before it stay applied), or a pool error.
    package func migrate() async throws -> [String] {
        let directory = directory
        return try await database.withConnection { connection in
            let files = try Self.migrationFiles(in: directory)
            try Self.createBookkeepingTable(on: connection)
            let applied = try Self.appliedChecksums(on: connection)
            for file in files {
                if let checksum = applied[file.version], checksum != file.checksum {
                    throw MigrationError.checksumMismatch(file.name)
                }
            }
            var appliedNames: [String] = []
            for file in files where applied[file.version] == nil {
                if try Self.apply(file, on: connection) { appliedNames.append(file.name) }
            }
            return appliedNames
        }
    }

    /// Every migration file in version order, with whether it has been applied.
    /// - Throws: `MigrationError`, or a pool error.
    package func status() async throws -> [(name: String, isApplied: Bool)] {
        let directory = directory
        return try await database.withConnection { connection in
            let files = try Self.migrationFiles(in: directory)
            let applied = try Self.appliedChecksums(on: connection)
            return files.map { (name: $0.name, isApplied: applied[$0.version] != nil) }
        }
    }

    // MARK: Files

    private struct MigrationFile {
        var version: Int64
        var name: String
        var script: String
        var checksum: String
    }

    private static func migrationFiles(in directory: String) throws(MigrationError) -> [MigrationFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadableDirectory(directory)
        }
        var files: [MigrationFile] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            guard let version = version(ofFileNamed: name) else { throw .invalidFileName(name) }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let bytes = FileManager.default.contents(atPath: path),
                let script = String(validating: bytes, as: UTF8.self)
            else { throw .unreadableFile(name) }
            let checksum = SHA256.hexDigest(of: bytes)
            files.append(MigrationFile(version: version, name: name, script: script, checksum: checksum))
        }
        files.sort { $0.version < $1.version }
        for (earlier, later) in zip(files, files.dropFirst()) where earlier.version == later.version {
            throw .duplicateVersion(earlier.name, later.name)
        }
        return files
    }

    /// The version of a name matching `^\d{4}_[a-z0-9_]+\.sql$`, else `nil`.
    private static func version(ofFileNamed name: String) -> Int64? {
        let bytes = Array(name.utf8)
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let isLowercase: (UInt8) -> Bool = { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        guard bytes.count > 9, bytes[..<4].allSatisfy(isDigit), bytes[4] == UInt8(ascii: "_"),
            name.hasSuffix(".sql"),
            bytes[5..<(bytes.count - 4)].allSatisfy({ isDigit($0) || isLowercase($0) || $0 == UInt8(ascii: "_") })
        else { return nil }
        return Int64(String(decoding: bytes[..<4], as: UTF8.self))
    }

    // MARK: Database

    private static func createBookkeepingTable(on connection: PGConnection) throws(MigrationError) {
        try inTransaction(on: connection, file: "") { () throws(MigrationError) in
            // The lock keeps two first-time migrators from racing on CREATE TABLE IF NOT EXISTS, which is not atomic.
            try attempt(file: "") { () throws(PostgresError) in
                _ = try connection.query("SELECT pg_advisory_xact_lock(\(lockKey))")
                try connection.simpleExecute(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version bigint PRIMARY KEY,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """
                )
            }
        }
    }

    /// Version → checksum of every applied migration; empty when `schema_migrations` does not exist yet.
    private static func appliedChecksums(on connection: PGConnection) throws(MigrationError) -> [Int64: String] {
        try attempt(file: "") { () throws(PostgresError) in
            let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
            guard try exists.first?.decode("present", as: Bool.self) == true else { return [:] }
            var checksums: [Int64: String] = [:]
            for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
                checksums[try row.decode("version", as: Int64.self)] = try row.decode("checksum", as: String.self)
            }
            return checksums
        }
    }

    /// Applies `file` unless another process did so first; returns whether this call applied it.
    private static func apply(_ file: MigrationFile, on connection: PGConnection) throws(MigrationError) -> Bool {
        try inTransaction(on: connection, file: file.name) { () throws(MigrationError) -> Bool in
            let existing = try attempt(file: file.name) { () throws(PostgresError) in
                // Held until this transaction ends, so the check below sees any concurrent migrator's commit.
                _ = try connection.query("SELECT pg_advisory_xact_lock(\(lockKey))")
                return try connection.query("SELECT checksum FROM schema_migrations WHERE version = \(file.version)")
                    .first.map { row throws(PostgresError) in try row.decode("checksum", as: String.self) }
            }
            if let existing {
                guard existing == file.checksum else { throw .checksumMismatch(file.name) }
                return false
            }
            try attempt(file: file.name) { () throws(PostgresError) in try connection.simpleExecute(file.script) }
            guard connection.transactionState == .inTransaction else { throw .endedTransaction(file.name) }
            try attempt(file: file.name) { () throws(PostgresError) in
                try connection.execute(
                    """
                    INSERT INTO schema_migrations (version, name, checksum, applied_at) \
                    VALUES (\(file.version), \(file.name), \(file.checksum), now())
                    """
                )
            }
            return true
        }
    }

    private static func inTransaction<Value>(
        on connection: PGConnection,
        file: String,
        _ body: () throws(MigrationError) -> Value
    ) throws(MigrationError) -> Value {
        try attempt(file: file) { () throws(PostgresError) in try connection.simpleExecute("BEGIN") }
        do {
            let value = try body()
            try attempt(file: file) { () throws(PostgresError) in try connection.simpleExecute("COMMIT") }
            return value
        } catch {
            connection.rollBack()
            throw error
        }
    }

    @discardableResult
    private static func attempt<Value>(
        file: String,
        _ body: () throws(PostgresError) -> Value
    ) throws(MigrationError) -> Value {
        do {
            return try body()
        } catch {
            throw error.wrapped(file: file)
        }
    }
}

extension PostgresError {
    fileprivate func wrapped(file: String) -> MigrationError {
        .failed(file, self)
    }
}
