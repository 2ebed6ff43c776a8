internal import Foundation

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
final class JobQueue: @unchecked Sendable {
    // @unchecked Sendable: every stored property below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var jobs: [DatabaseJob] = []
    private var head = 0
    private var isClosed = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    enum Refusal: Error {
        case full
        case closed
    }

    /// Appends `job` and wakes one worker.
    func enqueue(_ job: DatabaseJob) throws(Refusal) {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { throw .closed }
        guard jobs.count - head < capacity else { throw .full }
        jobs.append(job)
        condition.signal()
    }

    /// The oldest job, waiting while there is none; `nil` once the queue is closed.
    func take() -> DatabaseJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            if isClosed { return nil }
            condition.wait()
        }
        let job = jobs[head]
        head += 1
        compact()
        return job
    }

    /// Takes the job out if it is still waiting (a cancelled caller), so that it never runs.
    func remove(_ id: UInt64) -> DatabaseJob? {
        condition.lock()
        defer { condition.unlock() }
        guard let index = jobs[head...].firstIndex(where: { $0.id == id }) else { return nil }
        return jobs.remove(at: index)
    }

    /// Takes out every waiting job whose deadline has passed.
    func removeExpired(at now: ContinuousClock.Instant) -> [DatabaseJob] {
        condition.lock()
        defer { condition.unlock() }
        let waiting = jobs[head...]
        guard waiting.contains(where: { $0.deadline <= now }) else { return [] }
        let expired = waiting.filter { $0.deadline <= now }
        jobs = waiting.filter { $0.deadline > now }
        head = 0
        return expired
    }

    /// Refuses new jobs, wakes every worker so it can stop, and returns the jobs that were still waiting.
    func close() -> [DatabaseJob] {
        condition.lock()
        defer { condition.unlock() }
        isClosed = true
        let waiting = Array(jobs[head...])
        jobs = []
        head = 0
        condition.broadcast()
        return waiting
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }

    /// Drops the taken jobs' slots once they are half the storage, so that `take` stays O(1) amortised.
    private func compact() {
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
    }
}
