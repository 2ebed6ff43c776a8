internal import Synchronization

/// Work for a pooled connection, and how to fail it when it never gets one. Exactly one of them ends the job:
/// `work`'s completion, or `fail`, called by whoever takes the job out of the queue.
struct DatabaseJob: Sendable {
    enum Work: Sendable {
        /// One statement, sent by the I/O thread without blocking; `complete` gets its outcome.
        case statement(SQL, returnsRows: Bool, complete: @Sendable (Result<StatementOutput, PostgresError>) -> Void)
        /// The connection lent to a helper thread for blocking work (transactions, migrations); `run` returns how
        /// to resume the caller, which is called once the connection is back in the pool.
        case lease(run: @Sendable (PGConnection) -> @Sendable () -> Void)
    }

    let id: UInt64
    /// When the job stops waiting for a connection and fails with `PostgresError.poolTimeout`.
    let deadline: ContinuousClock.Instant
    let work: Work
    let fail: @Sendable (any Error) -> Void
}

/// A connection coming back to the I/O thread from a helper: after connecting (with the job it was opened for),
/// or after a lease. `nil` when it could not be opened or was closed.
struct ReturnedConnection: Sendable {
    let slot: Int
    let connection: PGConnection?
    let pendingJob: DatabaseJob?
}

/// What the pool's I/O thread and its callers share: one FIFO queue of jobs, bounded so that overload is refused at
/// once instead of queueing without end, and the connections helpers give back. The I/O thread takes jobs only when
/// it has a free connection; callers wake it (one write to a pipe) only when it sleeps and could take theirs.
final class JobQueue: Sendable {
    private struct State {
        var jobs: [DatabaseJob] = []
        var head = 0
        var returned: [ReturnedConnection] = []
        var isClosed = false
        /// The I/O thread is about to wait, or waiting; with `wantsJobs` when a job would find a free connection.
        var isSleeping = false
        var wantsJobs = false

        var waiting: Int { jobs.count - head }
    }

    private let state = Mutex(State())
    let wakeup = Wakeup()
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    enum Refusal: Error {
        case full
        case closed
    }

    /// Appends `job`, waking the I/O thread if it sleeps with a free connection.
    func enqueue(_ job: DatabaseJob) throws(Refusal) {
        let wake = try state.withLock { state throws(Refusal) -> Bool in
            guard !state.isClosed else { throw .closed }
            guard state.waiting < capacity else { throw .full }
            state.jobs.append(job)
            return Self.takeWakeup(&state, forJob: true)
        }
        if wake { wakeup.signal() }
    }

    /// The oldest job, or `nil` when none waits. For the I/O thread, when it has a free connection.
    func take() -> DatabaseJob? {
        state.withLock { state in
            guard state.head < state.jobs.count else { return nil }
            let job = state.jobs[state.head]
            state.head += 1
            Self.compact(&state)
            return job
        }
    }

    /// Hands a connection back to the I/O thread.
    func giveBack(_ returned: ReturnedConnection) {
        let wake = state.withLock { state in
            state.returned.append(returned)
            return Self.takeWakeup(&state, forJob: false)
        }
        if wake { wakeup.signal() }
    }

    /// The connections given back since the last call, and whether the queue is closed.
    func takeReturned() -> (returned: [ReturnedConnection], isClosed: Bool) {
        state.withLock { state in
            defer { state.returned.removeAll(keepingCapacity: true) }
            return (state.returned, state.isClosed)
        }
    }

    /// Called by the I/O thread before it waits: `false` when there is something to do at once (then it polls its
    /// sockets without waiting). Until `awake()`, callers will write to the pipe.
    func prepareToSleep(wantsJobs: Bool) -> Bool {
        state.withLock { state in
            // A closed queue is no reason to stay awake: `close()` wrote to the pipe, and what is still running
            // wakes the thread when it ends (polling without waiting here spun a core until then).
            guard state.returned.isEmpty, !(wantsJobs && state.waiting > 0) else { return false }
            state.isSleeping = true
            state.wantsJobs = wantsJobs
            return true
        }
    }

    /// Called by the I/O thread when its wait ends.
    func awake() {
        state.withLock { state in
            state.isSleeping = false
            state.wantsJobs = false
        }
        wakeup.drain()
    }

    /// Takes the job out if it is still waiting (a cancelled caller), so that it never runs.
    func remove(_ id: UInt64) -> DatabaseJob? {
        state.withLock { state in
            guard let index = state.jobs[state.head...].firstIndex(where: { $0.id == id }) else { return nil }
            return state.jobs.remove(at: index)
        }
    }

    /// Takes out every waiting job whose deadline has passed.
    func removeExpired(at now: ContinuousClock.Instant) -> [DatabaseJob] {
        state.withLock { state in
            let waiting = state.jobs[state.head...]
            guard waiting.contains(where: { $0.deadline <= now }) else { return [] }
            let expired = waiting.filter { $0.deadline <= now }
            state.jobs = waiting.filter { $0.deadline > now }
            state.head = 0
            return expired
        }
    }

    /// Refuses new jobs, wakes the I/O thread so that it can finish, and returns the jobs that were still waiting.
    func close() -> [DatabaseJob] {
        let waiting = state.withLock { state in
            state.isClosed = true
            let waiting = Array(state.jobs[state.head...])
            state.jobs = []
            state.head = 0
            return waiting
        }
        wakeup.signal()
        return waiting
    }

    /// Whether to write to the pipe: only once per wait, and for a job only when the I/O thread could take it.
    private static func takeWakeup(_ state: inout State, forJob: Bool) -> Bool {
        guard state.isSleeping, !forJob || state.wantsJobs else { return false }
        state.isSleeping = false
        state.wantsJobs = false
        return true
    }

    /// Drops the taken jobs' slots once they are half the storage, so that `take` stays O(1) amortised.
    private static func compact(_ state: inout State) {
        if state.head == state.jobs.count {
            state.jobs.removeAll(keepingCapacity: true)
            state.head = 0
        } else if state.head > 64, state.head * 2 > state.jobs.count {
            state.jobs.removeFirst(state.head)
            state.head = 0
        }
    }
}
