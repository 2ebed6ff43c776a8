internal import ServiceLifecycle

/// In a `ServiceGroup` the pool lives as long as the group: it serves leases until graceful shutdown reaches it —
/// after every service started later (the HTTP server) has stopped — and then closes.
extension Database: Service {
    package func run() async throws {
        // Returns on graceful shutdown and throws on cancellation; the pool closes either way.
        try? await gracefulShutdown()
        await shutdown()
    }
}
