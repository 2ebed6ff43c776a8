import Foundation
import PostgresLibPQ
import Testing

/// The database the integration tests run against, and helpers that clean up after themselves.
enum TestDatabase {
    /// `DATABASE_URL`; a missing variable fails the test instead of skipping it, so CI cannot pass untested.
    static func url() throws -> String {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        try #require(!url.isEmpty, "DATABASE_URL must name the PostgreSQL database for the integration tests")
        return url
    }

    /// A name no other test uses, safe to splice into SQL: lowercase letters, digits and underscores only.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    }

    /// `url` with one more connection parameter, for both `postgresql://` URIs and `key=value` strings.
    static func url(_ url: String, adding keyword: String, _ value: String) -> String {
        if url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") {
            let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
            return url + (url.contains("?") ? "&" : "?") + "\(keyword)=\(encoded)"
        }
        let quoted = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return url + " \(keyword)='\(quoted)'"
    }

    /// Runs `body` with a fresh pool and shuts the pool down afterwards, whether `body` threw or not.
    static func withDatabase<Value>(
        url: String? = nil,
        size: Int = 4,
        acquireTimeout: Duration = .seconds(5),
        _ body: (Database) async throws -> Value
    ) async throws -> Value {
        let database = Database(url: try url ?? self.url(), size: size, acquireTimeout: acquireTimeout)
        let result: Result<Value, any Error>
        do {
            result = .success(try await body(database))
        } catch {
            result = .failure(error)
        }
        await database.shutdown()
        return try result.get()
    }

    /// Creates a table with a unique name and `columns`, runs `body` with its name and drops it afterwards.
    static func withTable<Value>(
        in database: Database,
        columns: String,
        _ body: (String) async throws -> Value
    ) async throws -> Value {
        let table = uniqueName("pg_test")
        try await database.execute(SQL(unsafeRaw: "CREATE TABLE \(table) (\(columns))"))
        let result: Result<Value, any Error>
        do {
            result = .success(try await body(table))
        } catch {
            result = .failure(error)
        }
        try await database.execute(SQL(unsafeRaw: "DROP TABLE IF EXISTS \(table)"))
        return try result.get()
    }
}
