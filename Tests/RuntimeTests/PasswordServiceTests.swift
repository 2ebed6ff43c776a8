import PasswordsLibxcrypt
import Testing

/// The bounded queue in front of the hashing threads.
@Suite struct PasswordServiceTests {
    static let password = Password("correct horse battery staple")

    @Test func pastTheQueueBoundAHashIsRefusedAtOnce() async throws {
        // Cost 12 keeps the one thread busy for far longer than it takes to submit the rest.
        let service = try PasswordService(cost: 12, threads: 1, maximumPending: 2)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do {
                        _ = try await service.verify(Self.password, against: nil)
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 2)
        #expect(service.pendingCount == 0)
        await #expect(throws: Never.self) { _ = try await service.verify(Self.password, against: nil) }
        await service.shutdown()
    }

    @Test func theOverloadErrorSaysSo() async throws {
        let service = try PasswordService(cost: 12, threads: 1, maximumPending: 1)
        async let first = service.verify(Self.password, against: nil)
        // The first holds the only place until its hash is done.
        while service.pendingCount == 0 { await Task.yield() }
        await #expect(throws: PasswordServiceError.overloaded) { try await service.verify(Self.password, against: nil) }
        _ = try await first
        await service.shutdown()
    }

    @Test func aHashWhoseCallerWasCancelledWhileWaitingDoesNotRun() async throws {
        let service = try PasswordService(cost: 12, threads: 1, maximumPending: 4)
        async let running = service.verify(Self.password, against: nil)
        while service.pendingCount == 0 { await Task.yield() }
        let waiting = Task { try await service.verify(Self.password, against: nil) }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        _ = try await running
        await service.shutdown()
    }
}
