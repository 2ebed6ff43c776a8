internal import ServiceLifecycle

/// In a `ServiceGroup` the hashing threads live until graceful shutdown reaches this service, which comes after
/// every service started later (the HTTP server) has finished its requests.
extension PasswordService: Service {
    package func run() async throws {
        // Returns on graceful shutdown and throws on cancellation; the threads stop either way.
        try? await gracefulShutdown()
        await shutdown()
    }
}
