import APIRuntime
import PostgresLibPQ
import SecurityLibcrypto

/// Refresh tokens: 256 random bits as base64url, stored only as their SHA-256, single use, rotated within the
/// family their login started (migrations/0004_create_refresh_tokens.sql). Each operation is one statement.
struct RefreshTokenStore: Sendable {
    let database: Database
    let lifetime: Duration

    /// The lifetime as PostgreSQL reads an interval, `2592000 seconds`.
    private var lifetimeText: String { "\(lifetime.components.seconds) seconds" }

    /// What presenting a refresh token led to.
    enum Rotation {
        /// The token was live: it is spent now, and `token` is the next one for `userID`.
        case rotated(userID: Int64, token: String)
        /// Unknown, expired, revoked, or spent before — in which case its whole family is revoked now.
        case refused
    }

    /// A new token starting a new family, for a login.
    func issue(forUser id: Int64) async throws -> String {
        let token = try Self.newToken()
        try await database.execute(
            """
            INSERT INTO refresh_tokens (user_id, family, token_hash, expires_at)
            VALUES (\(id), gen_random_uuid(), \(Self.hash(token)), now() + \(lifetimeText)::interval)
            """
        )
        return token
    }

    /// Spends `token` and issues the next one of its family, or revokes the family when `token` was spent before.
    ///
    /// The presented row is locked first, so of two refreshes with one token exactly one rotates; the other finds
    /// it spent and revokes the family, the new token included.
    func rotate(_ token: String) async throws -> Rotation {
        let next = try Self.newToken()
        let rows = try await database.query(
            """
            WITH presented AS (
                SELECT * FROM refresh_tokens WHERE token_hash = \(Self.hash(token)) FOR UPDATE
            ), spent AS (
                UPDATE refresh_tokens r SET used_at = now()
                FROM presented p
                WHERE r.id = p.id AND p.used_at IS NULL AND p.revoked_at IS NULL AND p.expires_at > now()
                RETURNING r.user_id, r.family
            ), revoked AS (
                UPDATE refresh_tokens r SET revoked_at = now()
                FROM presented p
                WHERE r.family = p.family AND p.used_at IS NOT NULL AND r.revoked_at IS NULL
                RETURNING r.id
            ), issued AS (
                INSERT INTO refresh_tokens (user_id, family, token_hash, expires_at)
                SELECT user_id, family, \(Self.hash(next)), now() + \(lifetimeText)::interval
                FROM spent
                RETURNING user_id
            )
            SELECT (SELECT user_id FROM issued) AS user_id, (SELECT count(*) FROM revoked) AS revoked
            """
        )
        guard let userID = try rows.first?.decodeIfPresent("user_id", as: Int64.self) else { return .refused }
        return .rotated(userID: userID, token: next)
    }

    /// Revokes the family of `token` (a logout); an unknown or already revoked token changes nothing.
    func revokeFamily(of token: String) async throws {
        try await database.execute(
            """
            UPDATE refresh_tokens SET revoked_at = now()
            WHERE family = (SELECT family FROM refresh_tokens WHERE token_hash = \(Self.hash(token)))
              AND revoked_at IS NULL
            """
        )
    }

    private static func newToken() throws -> String {
        Base64URL.encode(try SecureRandom.bytes(32))
    }

    private static func hash(_ token: String) -> String {
        SHA256.hexDigest(of: Array(token.utf8))
    }
}
