internal import NIOPosix
internal import Synchronization

/// bcrypt off the event loops and off Swift's cooperative pool: every hash and verification runs on a dedicated
/// thread pool, because each one blocks a thread for tens to hundreds of milliseconds.
///
/// The queue in front of the threads is bounded: with `maximumPending` hashes running or waiting, the next is
/// refused at once (`PasswordServiceError.overloaded`), so a flood of logins makes the excess fail fast instead of
/// making every login — the real user's too — wait behind it. A hash whose caller was cancelled while it waited
/// (its client went away) is dropped without running.
package final class PasswordService: Sendable {
    private let hasher: PasswordHasher
    private let threadPool: NIOThreadPool
    private let pending = Atomic<Int>(0)
    /// Hashes running or queued at most; a full queue means a wait of about `maximumPending / threads` hash times.
    package let maximumPending: Int

    /// - Parameters:
    ///   - threads: how many hashes may run at once; more than the cores only adds queueing in the kernel.
    ///   - maximumPending: how many may run or wait (at least `threads`).
    package init(cost: Int, threads: Int, maximumPending: Int) throws(PasswordHashError) {
        self.hasher = try PasswordHasher(cost: cost)
        self.threadPool = NIOThreadPool(numberOfThreads: max(threads, 1))
        self.maximumPending = max(maximumPending, max(threads, 1))
        threadPool.start()
    }

    /// Hashes or verifications running or waiting right now.
    package var pendingCount: Int { pending.load(ordering: .relaxed) }

    package func hash(_ password: Password) async throws -> String {
        let hasher = self.hasher
        return try await run { try hasher.hash(password) }
    }

    /// Verifies `password` against `hash`; with no hash (an unknown user) it verifies against a dummy hash of the same
    /// cost, so the answer takes as long either way and timing does not reveal which accounts exist.
    package func verify(_ password: Password, against hash: String?) async throws -> Bool {
        let hasher = self.hasher
        return try await run {
            guard let hash else { return hasher.verifyDummy(password) }
            return hasher.verify(password, against: hash)
        }
    }

    /// Admits `work` to the bounded queue and runs it on the pool.
    /// - Throws: `PasswordServiceError.overloaded` when the queue is full, `CancellationError` when the caller was
    ///   cancelled before the work started, or the work's own error.
    private func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        guard pending.add(1, ordering: .relaxed).newValue <= maximumPending else {
            pending.subtract(1, ordering: .relaxed)
            throw PasswordServiceError.overloaded
        }
        // The place in the queue is given back once: when the hash ends, or at once when the caller is cancelled
        // while it waits (the pool then skips it), so a departed client's hash never holds up a present one's.
        let job = QueuedHash()
        defer { if job.finish() { pending.subtract(1, ordering: .relaxed) } }
        return try await withTaskCancellationHandler {
            try await threadPool.runIfActive {
                guard job.start() else { throw CancellationError() }
                return try work()
            }
        } onCancel: {
            if job.cancel() { pending.subtract(1, ordering: .relaxed) }
        }
    }

    package func shutdown() async {
        try? await threadPool.shutdownGracefully()
    }
}

/// One hash's way through the queue: waiting, then running or cancelled, then finished.
private final class QueuedHash: Sendable {
    private static let waiting = 0, running = 1, cancelled = 2, finished = 3
    private let state = Atomic<Int>(QueuedHash.waiting)

    /// On the pool's thread: whether to run, which it does unless the caller was cancelled first.
    func start() -> Bool {
        state.compareExchange(expected: Self.waiting, desired: Self.running, ordering: .acquiringAndReleasing).exchanged
    }

    /// The caller was cancelled: whether it was still waiting, so its place is given back now.
    func cancel() -> Bool {
        state.compareExchange(expected: Self.waiting, desired: Self.cancelled, ordering: .acquiringAndReleasing)
            .exchanged
    }

    /// The caller is done: whether its place is still held (it was not given back on cancellation).
    func finish() -> Bool {
        state.exchange(Self.finished, ordering: .acquiringAndReleasing) != Self.cancelled
    }
}

/// Why the password service did not run a hash.
package enum PasswordServiceError: Error, Sendable, Equatable {
    /// As many hashes as the queue holds are already running or waiting.
    case overloaded
}
