import APIRuntime
import PostgresLibPQ

/// How many attempts a bucket allows in how long; a limit of 0 turns the check off.
package struct RateLimit: Sendable, Hashable {
    package var limit: Int
    package var window: Duration

    package init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }
}

/// The limits the auth operations apply.
package struct RateLimits: Sendable, Hashable {
    /// Login attempts per email and, separately, per client address.
    package var login: RateLimit
    /// Registrations per client address.
    package var registration: RateLimit

    package init(login: RateLimit, registration: RateLimit) {
        self.login = login
        self.registration = registration
    }

    /// The contract's defaults: 10 failed logins in 15 minutes, 20 registrations an hour.
    package static let standard = RateLimits(
        login: RateLimit(limit: 10, window: .seconds(900)), registration: RateLimit(limit: 20, window: .seconds(3600)))
}

/// Counts attempts per bucket in PostgreSQL (`rate_limit_counters`), so every server instance shares the counts.
///
/// An attempt is counted before the work it limits (bcrypt) runs, in one statement that takes each bucket's row
/// lock: of any number of concurrent attempts, no more than the limit get through. A successful login gives its
/// attempt back (`forgive`), so only failures use up a bucket.
struct RateLimiter: Sendable {
    /// One counter: what is limited, for whom.
    struct Bucket: Sendable, Hashable {
        let name: String
        let rule: RateLimit

        static func loginEmail(_ email: String, _ rule: RateLimit) -> Bucket {
            Bucket(name: "login:email:" + email, rule: rule)
        }

        static func loginAddress(_ address: String?, _ rule: RateLimit) -> Bucket {
            Bucket(name: "login:address:" + subject(address), rule: rule)
        }

        static func registerAddress(_ address: String?, _ rule: RateLimit) -> Bucket {
            Bucket(name: "register:address:" + subject(address), rule: rule)
        }

        /// An IPv6 client is counted by its /64, the block one subscriber gets, so rotating through the addresses
        /// of one's own network does not multiply the limit. No address (no socket peer) is one shared bucket.
        static func subject(_ address: String?) -> String {
            guard let address, let bytes = IPAddress.bytes(of: address) else { return "unknown" }
            guard bytes.count == 16 else { return address }
            return bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: ".") + "/64"
        }
    }

    let database: Database
    let limits: RateLimits

    /// Counts one attempt in each bucket whose limit is on.
    /// - Returns: `nil` when every bucket is within its limit, else the seconds until the latest-ending exceeded
    ///   window ends (for `Retry-After`).
    func attempt(_ buckets: [Bucket]) async throws -> Int64? {
        let active = buckets.filter { $0.rule.limit > 0 }.sorted { $0.name < $1.name }
        guard !active.isEmpty else { return nil }
        // Sorted by name, so concurrent attempts lock shared buckets in one order and cannot deadlock.
        let rows = try await database.query(
            """
            INSERT INTO rate_limit_counters AS c (bucket, window_ends, hits)
            SELECT name, now() + make_interval(secs => seconds::double precision), 1
            FROM unnest(\(active.map(\.name))::text[], \(active.map { String($0.rule.window.components.seconds) })::text[])
                 WITH ORDINALITY AS b(name, seconds, position)
            ORDER BY position
            ON CONFLICT (bucket) DO UPDATE SET
                hits = CASE WHEN c.window_ends <= now() THEN 1 ELSE c.hits + 1 END,
                window_ends = CASE WHEN c.window_ends <= now() THEN EXCLUDED.window_ends ELSE c.window_ends END
            RETURNING bucket, hits, ceil(extract(epoch FROM window_ends - now()))::bigint AS retry_after
            """
        )
        let limits = Dictionary(active.map { ($0.name, $0.rule.limit) }, uniquingKeysWith: min)
        var retryAfter: Int64?
        for row in rows {
            let name: String = try row.decode("bucket")
            guard let limit = limits[name], try row.decode("hits", as: Int64.self) > Int64(limit) else { continue }
            retryAfter = max(retryAfter ?? 1, try row.decode("retry_after", as: Int64.self))
        }
        return retryAfter
    }

    /// After a successful login: the email's failures are forgotten, and the attempt is given back to `bucket`.
    func forgive(clearing cleared: Bucket, returning returned: Bucket) async throws {
        guard cleared.rule.limit > 0 || returned.rule.limit > 0 else { return }
        _ = try await database.execute(
            """
            WITH cleared AS (DELETE FROM rate_limit_counters WHERE bucket = \(cleared.name))
            UPDATE rate_limit_counters SET hits = hits - 1
            WHERE bucket = \(returned.name) AND hits > 0 AND window_ends > now()
            """
        )
    }
}
