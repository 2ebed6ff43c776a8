internal import Dispatch
internal import Synchronization

/// Work for a pooled connection: `run` with the worker's connection, or `fail` when it never gets one. Exactly
/// one of them is called, by whoever takes the job out of the queue.
struct DatabaseJob: Sendable {
    let id: UInt64
    /// When the job stops waiting for a connection and fails with `PostgresError.poolTimeout`.
    let deadline: ContinuousClock.Instant
    /// Does the work and returns how to resume the caller, which the worker calls once the connection is settled.
    let run: @Sendable (PGConnection) -> @Sendable () -> Void
    let fail: @Sendable (any Error) -> Void
}

/// The pool's one FIFO queue: callers append jobs, worker threads take them back to back, blocking while it is
/// empty. Bounded, so that overload is refused at once instead of queueing without end.
final class JobQueue: Sendable {
    private struct State {
        var jobs: [DatabaseJob] = []
        var head = 0
        var isClosed = false

        var waiting: Int { jobs.count - head }
    }

    private let state = Mutex(State())
    /// Counts jobs queued (and, once closed, wake-ups for every worker); a worker that finds nothing after a
    /// signal — its job was cancelled or timed out meanwhile — simply waits again.
    private let available = DispatchSemaphore(value: 0)
    private let capacity: Int
    private let workers: Int

    init(capacity: Int, workers: Int) {
        self.capacity = capacity
        self.workers = workers
    }

    enum Refusal: Error {
        case full
        case closed
    }

    /// Appends `job` and wakes one worker.
    func enqueue(_ job: DatabaseJob) throws(Refusal) {
        try state.withLock { state throws(Refusal) in
            guard !state.isClosed else { throw .closed }
            guard state.waiting < capacity else { throw .full }
            state.jobs.append(job)
        }
        available.signal()
    }

    /// The oldest job, waiting while there is none; `nil` once the queue is closed.
    func take() -> DatabaseJob? {
        while true {
            available.wait()
            let taken = state.withLock { state -> (job: DatabaseJob?, closed: Bool) in
                guard state.head < state.jobs.count else { return (nil, state.isClosed) }
                let job = state.jobs[state.head]
                state.head += 1
                Self.compact(&state)
                return (job, false)
            }
            if let job = taken.job { return job }
            if taken.closed { return nil }
        }
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

    /// Refuses new jobs, wakes every worker so it can stop, and returns the jobs that were still waiting.
    func close() -> [DatabaseJob] {
        let waiting = state.withLock { state in
            state.isClosed = true
            let waiting = Array(state.jobs[state.head...])
            state.jobs = []
            state.head = 0
            return waiting
        }
        for _ in 0..<workers { available.signal() }
        return waiting
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
