internal import NIOPosix
internal import Synchronization

/// A fixed-size pool of PostgreSQL connections whose libpq calls all run on a dedicated thread pool.
///
/// Connections open lazily on first use, so the server starts while PostgreSQL is still down. A lease waits in FIFO
/// order for a free connection, at most `acquireTimeout`. A connection that breaks is closed and replaced on a later
/// lease; an idle connection whose backend was terminated is noticed before use. So a killed backend costs at most
/// the statement that was running on it — and not even that for `query(_:)`, which retries once.
///
/// Call `shutdown()` before dropping the pool: it closes the connections and stops the threads.
package final class Database: Sendable {
    private let url: String
    private let threadPool: NIOThreadPool
    private let acquireTimeout: Duration
    private let state: Mutex<PoolState>

    /// Creates a pool of at most `size` connections to `url` without connecting yet.
    /// - Parameters:
    ///   - url: A `postgresql://` URI or `key=value` connection string; it may hold a password, so it is never logged.
    ///   - size: The most connections open at once; values below 1 mean 1.
    ///   - acquireTimeout: How long a lease waits for a free connection before `PostgresError.poolTimeout`.
    package init(url: String, size: Int, acquireTimeout: Duration = .seconds(5)) {
        let capacity = max(size, 1)
        self.url = url
        self.acquireTimeout = acquireTimeout
        self.state = Mutex(PoolState(capacity: capacity))
        // One thread per connection, so a lease never waits for a thread, plus the two spares STYLE §6 asks for:
        // closing the idle connections at shutdown runs beside leases that are still finishing.
        self.threadPool = NIOThreadPool(numberOfThreads: capacity + 2)
        threadPool.start()
    }

    /// Connections currently leased and connections open but unused.
    package var statistics: (inUse: Int, idle: Int) {
        state.withLock { ($0.leased, $0.idle.count) }
    }

    /// Leases a connection and runs `body` with it on the database thread pool.
    ///
    /// `body` must not keep the connection. If it leaves a transaction open, the transaction is rolled back before
    /// the connection goes back to the pool; if the connection broke, it is closed instead.
    /// - Throws: `body`'s error, `PostgresError.connectionFailed` when no connection could be opened,
    ///   `.poolTimeout`, `.poolClosed`, or `CancellationError` when the task was cancelled while waiting.
    package func withConnection<Value: Sendable>(
        _ body: @escaping @Sendable (PGConnection) throws -> Value
    ) async throws -> Value {
        let lease = try await acquire()
        let outcome: LeaseOutcome<Value>
        do {
            outcome = try await threadPool.runIfActive { self.run(body, with: lease) }
        } catch {
            // The work item never ran (cancelled or pool stopped), so the lease comes back exactly as it went out.
            release(lease.connection)
            if error is NIOThreadPoolError.ThreadPoolInactive { throw PostgresError.poolClosed }
            throw error
        }
        release(outcome.connection)
        return try outcome.result.get()
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

    /// Stops leasing, fails waiting leases with `PostgresError.poolClosed`, closes every connection and stops the
    /// thread pool after the leases still running have finished. Calling it again does nothing.
    package func shutdown() async {
        let closing = state.withLock { state -> (idle: [PGConnection], waiters: [WaiterContinuation])? in
            guard !state.isClosed else { return nil }
            state.isClosed = true
            let idle = state.idle
            state.idle = []
            var waiters: [WaiterContinuation] = []
            for id in state.queue {
                switch state.waiters[id] {
                case .suspended(let continuation):
                    state.waiters[id] = nil
                    waiters.append(continuation)
                case .pending:
                    state.waiters[id] = .decided(.failure(PostgresError.poolClosed))
                case .decided, nil:
                    break
                }
            }
            state.queue = []
            return (idle, waiters)
        }
        guard let closing else { return }
        for waiter in closing.waiters { waiter.resume(throwing: PostgresError.poolClosed) }
        let idle = closing.idle
        do {
            try await threadPool.runIfActive { for connection in idle { connection.close() } }
            try await threadPool.shutdownGracefully()
        } catch {
            // Only a cancelled shutdown gets here; the remaining connections are then finished by `deinit`.
            return
        }
    }

    // MARK: Leasing

    /// What a lease grants: a connection that was idle, or the right to open a new one.
    private enum Lease: Sendable {
        case existing(PGConnection)
        case new

        var connection: PGConnection? {
            if case .existing(let connection) = self { return connection }
            return nil
        }
    }

    /// The result of a lease's work, and the connection to return (`nil` when it was closed or never opened).
    private struct LeaseOutcome<Value: Sendable>: Sendable {
        var connection: PGConnection?
        var result: Result<Value, any Error>
    }

    private typealias WaiterContinuation = CheckedContinuation<Lease, any Error>

    private enum Waiter {
        /// Queued, but its task has not suspended yet.
        case pending
        case suspended(WaiterContinuation)
        /// Served, timed out or cancelled before its task suspended; the task picks this up instead of waiting.
        case decided(Result<Lease, any Error>)
    }

    private struct PoolState {
        let capacity: Int
        var idle: [PGConnection] = []
        /// Leases out, each holding a connection or the right to open one; `idle.count + leased <= capacity`.
        var leased = 0
        /// Waiting leases in arrival order.
        var queue: [Int] = []
        var waiters: [Int: Waiter] = [:]
        var nextWaiterID = 0
        var isClosed = false

        init(capacity: Int) {
            self.capacity = capacity
        }
    }

    private enum Acquisition {
        case leased(Lease)
        case queued(Int)
        case closed
    }

    private func acquire() async throws -> Lease {
        let acquisition = state.withLock { state -> Acquisition in
            guard !state.isClosed else { return .closed }
            if let connection = state.idle.popLast() {
                state.leased += 1
                return .leased(.existing(connection))
            }
            if state.idle.count + state.leased < state.capacity {
                state.leased += 1
                return .leased(.new)
            }
            let id = state.nextWaiterID
            state.nextWaiterID += 1
            state.queue.append(id)
            state.waiters[id] = .pending
            return .queued(id)
        }
        switch acquisition {
        case .leased(let lease):
            return lease
        case .closed:
            throw PostgresError.poolClosed
        case .queued(let id):
            return try await waitForLease(id)
        }
    }

    private func waitForLease(_ id: Int) async throws -> Lease {
        let result = await withTaskGroup(of: Void.self) { group -> Result<Lease, any Error> in
            group.addTask { [acquireTimeout] in
                // A cancelled sleep means the lease was settled first; only a full sleep times the waiter out.
                guard (try? await Task.sleep(for: acquireTimeout)) != nil else { return }
                self.abandon(id, with: PostgresError.poolTimeout)
            }
            let result: Result<Lease, any Error>
            do {
                let lease = try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        suspend(id, continuation)
                    }
                } onCancel: {
                    abandon(id, with: CancellationError())
                }
                result = .success(lease)
            } catch {
                result = .failure(error)
            }
            group.cancelAll()
            return result
        }
        return try result.get()
    }

    private func suspend(_ id: Int, _ continuation: WaiterContinuation) {
        let settled = state.withLock { state -> Result<Lease, any Error>? in
            switch state.waiters[id] {
            case .pending:
                // A cancellation that arrived before this point found nothing to resume; honour it here.
                if Task.isCancelled {
                    state.waiters[id] = nil
                    state.queue.removeAll { $0 == id }
                    return .failure(CancellationError())
                }
                state.waiters[id] = .suspended(continuation)
                return nil
            case .decided(let result):
                state.waiters[id] = nil
                return result
            case .suspended, nil:
                // Unreachable: only this lease's own task suspends it, once.
                return .failure(PostgresError.poolClosed)
            }
        }
        if let settled { continuation.resume(with: settled) }
    }

    /// Ends a wait with `error` unless the waiter was already served.
    private func abandon(_ id: Int, with error: any Error) {
        let continuation = state.withLock { state -> WaiterContinuation? in
            guard let index = state.queue.firstIndex(of: id) else { return nil }
            state.queue.remove(at: index)
            switch state.waiters[id] {
            case .suspended(let continuation):
                state.waiters[id] = nil
                return continuation
            case .pending:
                state.waiters[id] = .decided(.failure(error))
                return nil
            case .decided, nil:
                return nil
            }
        }
        continuation?.resume(throwing: error)
    }

    /// Returns a lease: `connection` goes to the first waiter or back to the idle list; `nil` frees the slot, which
    /// a waiter then gets as the right to open a new connection.
    private func release(_ connection: PGConnection?) {
        let handOff = state.withLock { state -> (WaiterContinuation, Lease)? in
            if !state.isClosed {
                let lease: Lease = connection.map { .existing($0) } ?? .new
                while !state.queue.isEmpty {
                    let id = state.queue.removeFirst()
                    switch state.waiters[id] {
                    case .suspended(let continuation):
                        state.waiters[id] = nil
                        return (continuation, lease)
                    case .pending:
                        state.waiters[id] = .decided(.success(lease))
                        return nil
                    case .decided, nil:
                        continue
                    }
                }
            }
            state.leased -= 1
            if let connection, !state.isClosed { state.idle.append(connection) }
            return nil
        }
        if let (continuation, lease) = handOff { continuation.resume(returning: lease) }
    }

    private var isClosed: Bool {
        state.withLock { $0.isClosed }
    }

    // MARK: On the thread pool

    /// Readies the leased connection, runs `body` and decides whether the connection can be reused.
    private func run<Value: Sendable>(
        _ body: @Sendable (PGConnection) throws -> Value,
        with lease: Lease
    ) -> LeaseOutcome<Value> {
        let connection: PGConnection
        if let existing = lease.connection, existing.isStillAlive() {
            connection = existing
        } else {
            lease.connection?.close()
            do {
                connection = try PGConnection.connect(url)
            } catch {
                return LeaseOutcome(connection: nil, result: .failure(error))
            }
        }
        let result = Result { try body(connection) }
        return LeaseOutcome(connection: reusable(connection), result: result)
    }

    /// `connection` when it is healthy, outside any transaction and the pool is open; otherwise closes it.
    private func reusable(_ connection: PGConnection) -> PGConnection? {
        let transactionState = connection.transactionState
        if transactionState == .inTransaction || transactionState == .inFailedTransaction {
            connection.rollBack()
        }
        guard connection.transactionState == .idle, connection.isHealthy, !isClosed else {
            connection.close()
            return nil
        }
        return connection
    }
}
