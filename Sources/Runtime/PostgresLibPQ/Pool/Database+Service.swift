internal import ServiceLifecycle

/// In a `ServiceGroup` the pool lives as long as the group: it serves statements until graceful shutdown reaches
/// it — after every service started later (the HTTP server) has stopped — and then closes.
extension Database: Service {
    package func run() async throws {
        // Until graceful shutdown (or cancellation), fail the statements that waited too long, ten times a second:
        // one timer for the whole pool instead of one per waiting statement.
        await withDiscardingTaskGroup { group in
            group.addTask {
                while (try? await Task.sleep(for: .milliseconds(100))) != nil { self.failExpiredJobs() }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await shutdown()
    }
}
