internal import NIOPosix

/// bcrypt off the event loops and off Swift's cooperative pool: every hash and verification runs on a dedicated
/// thread pool, because each one blocks a thread for tens to hundreds of milliseconds.
package final class PasswordService: Sendable {
    private let hasher: PasswordHasher
    private let threadPool: NIOThreadPool

    /// - Parameter threads: how many hashes may run at once; more than the cores only adds queueing in the kernel.
    package init(cost: Int, threads: Int) throws(PasswordHashError) {
        self.hasher = try PasswordHasher(cost: cost)
        self.threadPool = NIOThreadPool(numberOfThreads: max(threads, 1))
        threadPool.start()
    }

    package func hash(_ password: Password) async throws -> String {
        let hasher = self.hasher
        return try await threadPool.runIfActive { try hasher.hash(password) }
    }

    /// Verifies `password` against `hash`; with no hash (an unknown user) it verifies against a dummy hash of the same
    /// cost, so the answer takes as long either way and timing does not reveal which accounts exist.
    package func verify(_ password: Password, against hash: String?) async throws -> Bool {
        let hasher = self.hasher
        return try await threadPool.runIfActive {
            guard let hash else { return hasher.verifyDummy(password) }
            return hasher.verify(password, against: hash)
        }
    }

    package func shutdown() async {
        try? await threadPool.shutdownGracefully()
    }
}
