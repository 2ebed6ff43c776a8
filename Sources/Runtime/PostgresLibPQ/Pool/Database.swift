internal import NIOPosix
internal import Synchronization

/// A fixed set of PostgreSQL connections, each owned by a worker thread that takes jobs from one FIFO queue back to
/// back: a statement costs one hand-off to a worker and one back, with no lease to acquire and no task per wait.
///
/// Workers connect lazily on their first job, so the server starts while PostgreSQL is still down. A job waits at
/// most `acquireTimeout` for a worker; the queue holds at most `maximumQueueLength` jobs, beyond which a statement
/// fails at once with `PostgresError.poolTimeout` (a `503` for the client). A connection that breaks is closed and
/// its worker reconnects for the next job; an idle connection whose backend was terminated is noticed before use.
/// So a killed backend costs at most the statement that was running on it — and not even that for `query(_:)`,
/// which retries once.
///
/// Call `shutdown()` before dropping the pool (as a `Service` it does so itself): it fails the waiting jobs,
/// lets the running ones finish, closes the connections and stops the threads.
package final class Database: Sendable {
    private let url: String
    private let acquireTimeout: Duration
    private let jobs: JobQueue
    private let threadPool: NIOThreadPool
    private let nextJobID = Atomic<UInt64>(0)
    private let closed = Atomic<Bool>(false)
    private let counts = WorkerCounts()
    private let events: PoolEvents

    /// Creates a pool of `size` connections to `url` without connecting yet.
    /// - Parameters:
    ///   - url: A `postgresql://` URI or `key=value` connection string; it may hold a password, so it is never logged.
    ///   - size: The connections (and worker threads); values below 1 mean 1.
    ///   - acquireTimeout: How long a statement waits for a worker before `PostgresError.poolTimeout`.
    ///   - maximumQueueLength: How many statements may wait at once; more fail at once with `.poolTimeout`.
    ///   - events: told how long each statement waited, and of each that timed out.
    ///   - preparesStatements: see `PGConnection.connect(_:preparesStatements:)`.
    package init(
        url: String, size: Int, acquireTimeout: Duration = .seconds(5), maximumQueueLength: Int = 4096,
        events: PoolEvents = .ignored, preparesStatements: Bool = true
    ) {
        let workers = max(size, 1)
        self.url = url
        self.acquireTimeout = acquireTimeout
        self.events = events
        self.jobs = JobQueue(capacity: max(maximumQueueLength, 1), workers: workers)
        self.threadPool = NIOThreadPool(numberOfThreads: workers)
        threadPool.start()
        for _ in 0..<workers {
            threadPool.submit { [jobs, url, counts, events, acquireTimeout] state in
                guard case .active = state else { return }
                Self.work(
                    on: jobs, url: url, counts: counts, events: events, acquireTimeout: acquireTimeout,
                    preparesStatements: preparesStatements)
            }
        }
    }

    /// Workers running a statement, and open connections whose worker waits for one.
    package var statistics: (inUse: Int, idle: Int) {
        let busy = counts.busy.load(ordering: .relaxed)
        // Two separate loads: a worker between its two updates could make the difference negative.
        return (busy, max(counts.open.load(ordering: .relaxed) - busy, 0))
    }

    /// Runs `body` with a pooled connection on that connection's worker thread.
    ///
    /// `body` must not keep the connection. If it leaves a transaction open, the transaction is rolled back before
    /// the next job; if the connection broke, the worker reconnects for the next one.
    /// - Throws: `body`'s error, `PostgresError.connectionFailed` when no connection could be opened,
    ///   `.poolTimeout` (waited too long, or too many waiting), `.poolClosed`, or `CancellationError` when the task
    ///   was cancelled while waiting.
    package func withConnection<Value: Sendable>(
        _ body: @escaping @Sendable (PGConnection) throws -> Value
    ) async throws -> Value {
        let id = nextJobID.add(1, ordering: .relaxed).newValue
        let deadline = ContinuousClock.now.advanced(by: acquireTimeout)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let job = DatabaseJob(
                    id: id,
                    deadline: deadline,
                    run: { connection in
                        let result = Result { try body(connection) }
                        return { continuation.resume(with: result) }
                    },
                    fail: { error in continuation.resume(throwing: error) }
                )
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
            return try await withConnection { try $0.query(sql) }
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
        try await withConnection { try $0.execute(sql) }
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

    /// Fails the jobs that waited longer than `acquireTimeout`; the `Service` calls it periodically, and workers
    /// check each job's deadline as they take it anyway.
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
        // Each worker finishes its job, closes its connection and returns; then the threads stop.
        try? await threadPool.shutdownGracefully()
    }

    // MARK: Workers

    /// A worker's life: take a job, make sure the connection is usable, run the job, and again until the queue
    /// closes. The connection belongs to this thread alone.
    private static func work(
        on jobs: JobQueue, url: String, counts: WorkerCounts, events: PoolEvents, acquireTimeout: Duration,
        preparesStatements: Bool
    ) {
        var connection: PGConnection?
        func close() {
            connection?.close()
            connection = nil
            counts.open.subtract(1, ordering: .relaxed)
        }
        while let job = jobs.take() {
            let now = ContinuousClock.now
            guard job.deadline > now else {
                events.timedOut()
                job.fail(PostgresError.poolTimeout)
                continue
            }
            // The deadline is the enqueue time plus the timeout, so the wait needs no clock reading of its own.
            events.waited(now - (job.deadline - acquireTimeout))
            if let existing = connection, !existing.isStillAlive() { close() }
            if connection == nil {
                do {
                    connection = try PGConnection.connect(url, preparesStatements: preparesStatements)
                    counts.open.add(1, ordering: .relaxed)
                } catch {
                    job.fail(error)
                    continue
                }
            }
            guard let ready = connection else { continue }
            counts.busy.add(1, ordering: .relaxed)
            let resume = job.run(ready)
            if !isReusable(ready) { close() }
            counts.busy.subtract(1, ordering: .relaxed)
            // The caller resumes only once the connection is settled, so what it observes next is consistent.
            resume()
        }
        if connection != nil { close() }
    }

    /// Whether `connection` is healthy and outside any transaction, after rolling back one left open.
    private static func isReusable(_ connection: PGConnection) -> Bool {
        let transactionState = connection.transactionState
        if transactionState == .inTransaction || transactionState == .inFailedTransaction {
            connection.rollBack()
        }
        return connection.transactionState == .idle && connection.isHealthy
    }
}

/// What the workers report about themselves, for `Database.statistics`.
private final class WorkerCounts: Sendable {
    let busy = Atomic<Int>(0)
    let open = Atomic<Int>(0)
}
