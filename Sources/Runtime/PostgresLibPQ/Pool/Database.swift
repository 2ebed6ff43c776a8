internal import NIOPosix
internal import Synchronization

/// A fixed set of PostgreSQL connections, all driven by one I/O thread (`ConnectionDriver`) through libpq's
/// non-blocking interface: a statement is one hand-off to that thread and one back, and under load one wake-up of
/// it reads every answer that has arrived. Statements wait in one FIFO queue for a free connection; each connection
/// runs one statement at a time, prepared once per connection.
///
/// Connections open lazily on their first job (on a helper thread), so the server starts while PostgreSQL is still
/// down. A job waits at most `acquireTimeout` for a connection; the queue holds at most `maximumQueueLength` jobs,
/// beyond which a statement fails at once with `PostgresError.poolTimeout` (a `503` for the client). A connection
/// that breaks is closed and reopened for the next job; an idle connection whose backend was terminated is noticed
/// before use. So a killed backend costs at most the statement that was running on it — and not even that for
/// `query(_:)`, which retries once.
///
/// Call `shutdown()` before dropping the pool (as a `Service` it does so itself): it fails the waiting jobs,
/// lets the running ones finish, closes the connections and stops the threads.
package final class Database: Sendable {
    private let acquireTimeout: Duration
    private let jobs: JobQueue
    private let driver: ConnectionDriver
    /// The I/O thread, and helpers for what blocks: opening connections, and leases (`withConnection`).
    private let threadPool: NIOThreadPool
    private let nextJobID = Atomic<UInt64>(0)
    private let closed = Atomic<Bool>(false)
    private let events: PoolEvents

    /// Creates a pool of `size` connections to `url` without connecting yet.
    /// - Parameters:
    ///   - url: A `postgresql://` URI or `key=value` connection string; it may hold a password, so it is never logged.
    ///   - size: The connections; values below 1 mean 1.
    ///   - acquireTimeout: How long a statement waits for a connection before `PostgresError.poolTimeout`.
    ///   - maximumQueueLength: How many statements may wait at once; more fail at once with `.poolTimeout`.
    ///   - events: told how long each statement waited, and of each that timed out.
    ///   - preparesStatements: see `PGConnection.connect(_:preparesStatements:)`.
    package init(
        url: String, size: Int, acquireTimeout: Duration = .seconds(5), maximumQueueLength: Int = 4096,
        events: PoolEvents = .ignored, preparesStatements: Bool = true
    ) {
        let connections = max(size, 1)
        self.acquireTimeout = acquireTimeout
        self.events = events
        self.jobs = JobQueue(capacity: max(maximumQueueLength, 1))
        // One thread for the driver, and one helper per connection: every connection may be lent at once.
        self.threadPool = NIOThreadPool(numberOfThreads: connections + 1)
        self.driver = ConnectionDriver(
            size: connections, jobs: jobs, helpers: threadPool, url: url, preparesStatements: preparesStatements,
            acquireTimeout: acquireTimeout, events: events)
        threadPool.start()
        threadPool.submit { [driver] state in
            guard case .active = state else { return }
            driver.run()
        }
    }

    /// Connections running a statement or lent, and open connections waiting for one.
    package var statistics: (inUse: Int, idle: Int) {
        let busy = driver.counts.busy.load(ordering: .relaxed)
        // Two separate loads: the driver between its two updates could make the difference negative.
        return (busy, max(driver.counts.open.load(ordering: .relaxed) - busy, 0))
    }

    /// Runs `body` with a pooled connection on a helper thread, where it may block.
    ///
    /// `body` must not keep the connection. If it leaves a transaction open, the transaction is rolled back before
    /// the next job; if the connection broke, it is reopened for the next one.
    /// - Throws: `body`'s error, `PostgresError.connectionFailed` when no connection could be opened,
    ///   `.poolTimeout` (waited too long, or too many waiting), `.poolClosed`, or `CancellationError` when the task
    ///   was cancelled while waiting.
    package func withConnection<Value: Sendable>(
        _ body: @escaping @Sendable (PGConnection) throws -> Value
    ) async throws -> Value {
        try await submit { (continuation: CheckedContinuation<Value, any Error>) in
            .lease { connection in
                let result = Result { try body(connection) }
                return { continuation.resume(with: result) }
            }
        }
    }

    /// Queues the work `makeWork` builds around the caller's continuation, and waits for it.
    private func submit<Value: Sendable>(
        _ makeWork: (CheckedContinuation<Value, any Error>) -> DatabaseJob.Work
    ) async throws -> Value {
        let id = nextJobID.add(1, ordering: .relaxed).newValue
        let deadline = ContinuousClock.now.advanced(by: acquireTimeout)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let job = DatabaseJob(
                    id: id, deadline: deadline, work: makeWork(continuation),
                    fail: { error in continuation.resume(throwing: error) })
                do throws(JobQueue.Refusal) {
                    try jobs.enqueue(job)
                } catch {
                    if error == .full { events.timedOut() }
                    job.fail(error == .full ? PostgresError.poolTimeout : PostgresError.poolClosed)
                    return
                }
                // A cancellation that came before the job was queued found nothing to take out; take it out now.
                if Task.isCancelled { jobs.remove(id)?.fail(CancellationError()) }
            }
        } onCancel: {
            jobs.remove(id)?.fail(CancellationError())
        }
    }

    /// Runs one statement on the I/O thread.
    private func statement(_ sql: SQL, returnsRows: Bool) async throws -> StatementOutput {
        try await submit { (continuation: CheckedContinuation<StatementOutput, any Error>) in
            .statement(sql, returnsRows: returnsRows) { outcome in continuation.resume(with: outcome) }
        }
    }

    /// Runs `body` inside `BEGIN` … `COMMIT` on one connection, rolling back when anything throws.
    ///
    /// A `PostgresError` that `body` catches still aborts the transaction on the server; the commit then fails
    /// with SQLSTATE 25P02 rather than silently rolling back.
    /// - Throws: `body`'s error, or any error of `withConnection(_:)`, `BEGIN` or `COMMIT`.
    package func transaction<Value: Sendable>(
        _ body: @escaping @Sendable (PGConnection) throws -> Value
    ) async throws -> Value {
        try await withConnection { connection in
            try connection.simpleExecute("BEGIN")
            let value: Value
            do {
                value = try body(connection)
                guard connection.transactionState != .inFailedTransaction else {
                    throw PostgresError.queryFailed(
                        sqlState: "25P02",
                        constraint: nil,
                        message: "the transaction was aborted by an earlier statement whose error was caught"
                    )
                }
            } catch {
                connection.rollBack()
                throw error
            }
            try connection.simpleExecute("COMMIT")
            return value
        }
    }

    /// Runs one statement on a pooled connection and returns its rows.
    ///
    /// When the connection is found broken under the statement, it runs once more on a fresh connection inside a
    /// `READ ONLY` transaction: a read is answered, while a write — which might already have been committed —
    /// fails there and the original error is thrown instead.
    /// - Throws: `PostgresError`, or `CancellationError`.
    package func query(_ sql: SQL) async throws -> [PostgresRow] {
        do {
            guard case .rows(let rows) = try await statement(sql, returnsRows: true) else { return [] }
            return rows
        } catch let error as PostgresError where error.isLostConnection {
            return try await withConnection { connection in
                try connection.simpleExecute("BEGIN READ ONLY")
                do throws(PostgresError) {
                    let rows = try connection.query(sql)
                    try connection.simpleExecute("COMMIT")
                    return rows
                } catch let retryError {
                    connection.rollBack()
                    // 25006 read_only_sql_transaction: the statement writes, so it must not be repeated.
                    if retryError.sqlState == "25006" { throw error }
                    throw retryError
                }
            }
        }
    }

    /// Runs one statement on a pooled connection and returns the number of rows it affected.
    /// - Throws: `PostgresError`, or `CancellationError`.
    @discardableResult
    package func execute(_ sql: SQL) async throws -> Int {
        guard case .count(let count) = try await statement(sql, returnsRows: false) else { return 0 }
        return count
    }

    /// Whether the database answers `SELECT 1`, for readiness checks.
    package func ping() async -> Bool {
        do {
            let rows = try await query("SELECT 1 AS one")
            return rows.count == 1
        } catch {
            // Any failure is the answer: the database is not ready.
            return false
        }
    }

    /// Fails the jobs that waited longer than `acquireTimeout`; the `Service` calls it periodically, and the I/O
    /// thread checks each job's deadline as it takes it anyway.
    func failExpiredJobs() {
        for job in jobs.removeExpired(at: .now) {
            events.timedOut()
            job.fail(PostgresError.poolTimeout)
        }
    }

    /// Fails waiting jobs with `PostgresError.poolClosed`, lets running ones finish, closes every connection and
    /// stops the threads. Calling it again does nothing.
    package func shutdown() async {
        guard closed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        for job in jobs.close() { job.fail(PostgresError.poolClosed) }
        // The I/O thread lets running statements and leases finish, closes the connections and returns; then the
        // threads stop.
        try? await threadPool.shutdownGracefully()
    }
}
