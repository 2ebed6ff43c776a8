internal import NIOPosix
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

// @unchecked Sendable: `slots` belong to the I/O thread alone (`run()` is its whole life); helpers touch only the
// connection lent to them and hand it back through the queue.

/// The pool's I/O thread: owns every connection and drives their statements through libpq's non-blocking interface,
/// polling all their sockets at once. A statement costs one hand-off to this thread and one back to the caller —
/// under load none at all on this side, since one wake-up serves every answer that has arrived — where a thread per
/// connection slept and woke twice for each.
///
/// Blocking work goes to helper threads: opening a connection (so a slow server stalls nobody else) and leases
/// (`Database.withConnection`, for transactions and migrations), during which the connection is theirs.
final class ConnectionDriver: @unchecked Sendable {
    private enum SlotState {
        case idle
        /// A statement was sent; its completion waits for the answer.
        case running(complete: @Sendable (Result<StatementOutput, PostgresError>) -> Void)
        /// A helper holds the connection (or is opening it) until it comes back through the queue.
        case lent
    }

    private struct Slot {
        var connection: PGConnection?
        var state = SlotState.idle
        /// libpq holds request bytes the socket did not take yet.
        var wantsWrite = false

        var isFree: Bool {
            if case .idle = state { return true }
            return false
        }
    }

    private let jobs: JobQueue
    private let helpers: NIOThreadPool
    private let url: String
    private let preparesStatements: Bool
    private let acquireTimeout: Duration
    private let events: PoolEvents
    let counts = ConnectionCounts()
    private var slots: [Slot]

    init(
        size: Int, jobs: JobQueue, helpers: NIOThreadPool, url: String, preparesStatements: Bool,
        acquireTimeout: Duration, events: PoolEvents
    ) {
        self.slots = Array(repeating: Slot(), count: size)
        self.jobs = jobs
        self.helpers = helpers
        self.url = url
        self.preparesStatements = preparesStatements
        self.acquireTimeout = acquireTimeout
        self.events = events
    }

    /// The I/O thread's life: settle what came back, start waiting jobs on free connections, wait for sockets, read
    /// the answers; until the queue is closed and every connection is idle. Then it closes them.
    func run() {
        var descriptors: [pollfd] = []
        var polled: [Int] = []
        while true {
            let (returned, isClosed) = jobs.takeReturned()
            for connection in returned { settle(connection) }
            while let slot = freeSlot(), let job = jobs.take() { start(job, in: slot) }
            if isClosed, slots.allSatisfy(\.isFree) { break }

            descriptors.removeAll(keepingCapacity: true)
            polled.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: jobs.wakeup.descriptor, events: Int16(POLLIN), revents: 0))
            for index in slots.indices {
                guard case .running = slots[index].state, let connection = slots[index].connection else { continue }
                let events = POLLIN | (slots[index].wantsWrite ? POLLOUT : 0)
                descriptors.append(pollfd(fd: connection.socket, events: Int16(events), revents: 0))
                polled.append(index)
            }
            let waits = jobs.prepareToSleep(wantsJobs: freeSlot() != nil)
            let ready = descriptors.withUnsafeMutableBufferPointer { buffer in
                poll(buffer.baseAddress, nfds_t(buffer.count), waits ? jobs.wakeup.longestWait : 0)
            }
            if waits { jobs.awake() }
            guard ready > 0 else { continue }
            for (position, index) in polled.enumerated() where descriptors[position + 1].revents != 0 {
                service(index, events: Int32(descriptors[position + 1].revents))
            }
        }
        for index in slots.indices { close(index) }
    }

    // MARK: Jobs

    /// A free slot, one with an open connection first.
    private func freeSlot() -> Int? {
        slots.indices.first { slots[$0].isFree && slots[$0].connection != nil }
            ?? slots.indices.first { slots[$0].isFree }
    }

    private func start(_ job: DatabaseJob, in index: Int) {
        let now = ContinuousClock.now
        guard job.deadline > now else {
            events.timedOut()
            job.fail(PostgresError.poolTimeout)
            return
        }
        // The deadline is the enqueue time plus the timeout, so the wait needs no clock reading of its own.
        events.waited(now - (job.deadline - acquireTimeout))
        if let connection = slots[index].connection, !connection.isStillAlive() { close(index) }
        guard slots[index].connection != nil else { return open(index, for: job) }
        run(job, in: index)
    }

    private func run(_ job: DatabaseJob, in index: Int) {
        guard let connection = slots[index].connection else {
            // Every caller opens the connection first; should one not, the job still ends.
            return job.fail(PostgresError.connectionLost(message: "the connection is closed"))
        }
        switch job.work {
        case .statement(let sql, let returnsRows, let complete):
            do throws(PostgresError) {
                try connection.send(sql, returningRows: returnsRows)
                slots[index].wantsWrite = !(try connection.flush())
                slots[index].state = .running(complete: complete)
                counts.busy.add(1, ordering: .relaxed)
            } catch {
                connection.abandonPending()
                // Refused before sending (a NUL character, too many parameters), the connection is as it was; a
                // failed flush leaves a command half sent, and the connection cannot be used again.
                if !Self.isIdle(connection) { close(index) }
                complete(.failure(error))
            }
        case .lease(let body):
            lend(index, connection, to: body)
        }
    }

    /// Reads (and writes) what the socket of a running statement is ready for.
    private func service(_ index: Int, events: Int32) {
        guard case .running(let complete) = slots[index].state, let connection = slots[index].connection else {
            return
        }
        var outcome: Result<StatementOutput, PostgresError>?
        if events & (POLLIN | POLLERR | POLLHUP | POLLNVAL) != 0 { outcome = connection.receive() }
        if outcome == nil {
            // Writable, or a read that sent more (the statement after its preparation).
            do throws(PostgresError) {
                slots[index].wantsWrite = !(try connection.flush())
            } catch {
                connection.abandonPending()
                outcome = .failure(error)
            }
        }
        guard let outcome else { return }
        slots[index].state = .idle
        slots[index].wantsWrite = false
        counts.busy.subtract(1, ordering: .relaxed)
        // A statement that left a transaction open (`BEGIN` sent through `query`) is not rolled back here: that
        // would block this thread, and every connection with it, for a round trip. Closing ends the transaction.
        if !Self.isIdle(connection) { close(index) }
        // The caller resumes only once the connection is settled, so what it observes next is consistent.
        complete(outcome)
    }

    // MARK: Helpers

    /// Opens the slot's connection on a helper thread, then runs `job` on it.
    private func open(_ index: Int, for job: DatabaseJob) {
        slots[index].state = .lent
        helpers.submit { [jobs, url, preparesStatements] _ in
            do throws(PostgresError) {
                let connection = try PGConnection.connect(url, preparesStatements: preparesStatements)
                try connection.makeNonBlocking()
                jobs.giveBack(ReturnedConnection(slot: index, connection: connection, pendingJob: job))
            } catch {
                jobs.giveBack(ReturnedConnection(slot: index, connection: nil, pendingJob: nil))
                job.fail(error)
            }
        }
    }

    private func lend(
        _ index: Int, _ connection: PGConnection, to body: @escaping @Sendable (PGConnection) -> @Sendable () -> Void
    ) {
        slots[index].state = .lent
        counts.busy.add(1, ordering: .relaxed)
        helpers.submit { [jobs] _ in
            let resume = body(connection)
            let isReusable = Self.isReusable(connection)
            if !isReusable { connection.close() }
            jobs.giveBack(ReturnedConnection(slot: index, connection: isReusable ? connection : nil, pendingJob: nil))
            resume()
        }
    }

    /// A connection back from a helper.
    private func settle(_ returned: ReturnedConnection) {
        let index = returned.slot
        let wasOpen = slots[index].connection != nil
        slots[index].state = .idle
        if wasOpen { counts.busy.subtract(1, ordering: .relaxed) }
        guard let connection = returned.connection else {
            if wasOpen { counts.open.subtract(1, ordering: .relaxed) }
            slots[index].connection = nil
            return
        }
        if !wasOpen { counts.open.add(1, ordering: .relaxed) }
        slots[index].connection = connection
        if let job = returned.pendingJob { run(job, in: index) }
    }

    private func close(_ index: Int) {
        guard let connection = slots[index].connection else { return }
        connection.close()
        slots[index].connection = nil
        counts.open.subtract(1, ordering: .relaxed)
    }

    /// Whether `connection` is healthy, outside any transaction and with no command in progress.
    private static func isIdle(_ connection: PGConnection) -> Bool {
        connection.transactionState == .idle && connection.isHealthy
    }

    /// Whether `connection` is healthy and outside any transaction, after rolling back one left open (on a helper
    /// thread, which may block).
    private static func isReusable(_ connection: PGConnection) -> Bool {
        let transactionState = connection.transactionState
        if transactionState == .inTransaction || transactionState == .inFailedTransaction {
            connection.rollBack()
        }
        return connection.transactionState == .idle && connection.isHealthy
    }
}

/// What the I/O thread reports about its connections, for `Database.statistics`.
final class ConnectionCounts: Sendable {
    let busy = Atomic<Int>(0)
    let open = Atomic<Int>(0)
}
