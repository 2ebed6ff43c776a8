import Generated
import PostgresLibPQ

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The SQL for users. Emails are unique by `lower(email)` (an index), which login looks up by too.
struct UserStore: Sendable {
    let database: Database

    /// The new user, or `nil` when the email is already registered.
    func create(email: String, passwordHash: String) async throws -> Schemas.User? {
        do {
            let rows = try await database.query(
                """
                INSERT INTO users (email, password_hash) VALUES (\(email), \(passwordHash))
                RETURNING id, email, created_at
                """
            )
            return try rows.first.map(Self.user)
        } catch let error as PostgresError where error.isUniqueViolation {
            return nil
        }
    }

    func credentials(email: String) async throws -> (id: Int64, passwordHash: String)? {
        let rows = try await database.query("SELECT id, password_hash FROM users WHERE lower(email) = lower(\(email))")
        guard let row = rows.first else { return nil }
        return (try row.decode("id"), try row.decode("password_hash"))
    }

    func user(id: Int64) async throws -> Schemas.User? {
        try await database.query("SELECT id, email, created_at FROM users WHERE id = \(id)").first.map(Self.user)
    }

    /// Deletes the user and, through `tasks.user_id ON DELETE CASCADE`, every task of theirs, in one statement.
    /// - Returns: whether the user existed.
    func delete(id: Int64) async throws -> Bool {
        try await database.execute("DELETE FROM users WHERE id = \(id)") == 1
    }

    private static func user(_ row: PostgresRow) throws -> Schemas.User {
        Schemas.User(id: try row.decode("id"), email: try row.decode("email"), createdAt: try row.decode("created_at"))
    }
}
