package import PostgresLibPQ

/// Deletes the rows that no longer count: idempotency keys past their 24 hours, rate-limit windows that have
/// ended, and refresh tokens past expiry.
///
/// Nothing reads these rows as live — every look-up checks the age itself — so the sweep is only about space. It
/// deletes in small batches, skipping rows a request holds locked, so a request never waits for it and it never
/// waits for a request.
package struct ExpiredStateSweeper: Sendable {
    let database: Database
    /// Rows per statement: small enough that each statement is brief.
    let batchSize: Int

    package init(database: Database, batchSize: Int = 1000) {
        self.database = database
        self.batchSize = batchSize
    }

    /// Sweeps until a batch comes back short.
    /// - Returns: how many rows were deleted.
    @discardableResult
    package func sweep() async throws -> Int {
        var deleted = 0
        for statement in statements {
            while true {
                let count = try await database.execute(statement)
                deleted += count
                if count < batchSize { break }
            }
        }
        return deleted
    }

    private var statements: [SQL] {
        [
            """
            DELETE FROM idempotency_keys k USING (
                SELECT user_id, key FROM idempotency_keys
                WHERE created_at <= now() - \(TaskStore.idempotencyWindow)::interval
                LIMIT \(batchSize) FOR UPDATE SKIP LOCKED
            ) doomed
            WHERE k.user_id = doomed.user_id AND k.key = doomed.key
            """,
            """
            DELETE FROM rate_limit_counters c USING (
                SELECT bucket FROM rate_limit_counters WHERE window_ends <= now()
                LIMIT \(batchSize) FOR UPDATE SKIP LOCKED
            ) doomed
            WHERE c.bucket = doomed.bucket
            """,
            """
            DELETE FROM refresh_tokens t USING (
                SELECT id FROM refresh_tokens WHERE expires_at <= now() LIMIT \(batchSize) FOR UPDATE SKIP LOCKED
            ) doomed
            WHERE t.id = doomed.id
            """,
        ]
    }
}
