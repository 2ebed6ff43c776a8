/// Sends an idempotent request again when it failed for a reason that may pass: the transport threw (the
/// connection broke), or the server answered `429`, `502`, `503` or `504`. Waits grow exponentially with jitter,
/// and a `Retry-After` in seconds is honoured up to `maximumDelay`. Other methods are never repeated: a `POST`
/// that reached the server must not run twice (send an `Idempotency-Key` and retry it yourself if the API takes one).
public struct RetryMiddleware: ClientMiddleware {
    public var attempts: Int
    public var initialDelay: Duration
    public var maximumDelay: Duration
    /// Waits between attempts; tests pass one that records instead of sleeping.
    public var sleep: @Sendable (Duration) async throws -> Void

    static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]
    static let retriedStatuses: Set<Int> = [429, 502, 503, 504]

    public init(
        attempts: Int = 3, initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.sleep = sleep
    }

    public func intercept(
        _ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        guard Self.idempotentMethods.contains(request.method) else { return try await next(request) }
        var attempt = 1
        while true {
            let delay: Duration
            do {
                let response = try await next(request)
                guard attempt < attempts, Self.retriedStatuses.contains(response.status) else { return response }
                delay = retryAfter(response) ?? backoff(attempt)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                guard attempt < attempts else { throw error }
                delay = backoff(attempt)
            }
            try await sleep(min(delay, maximumDelay))
            attempt += 1
        }
    }

    /// `initialDelay × 2^(attempt − 1)`, between half and all of it.
    private func backoff(_ attempt: Int) -> Duration {
        let full = initialDelay * (1 << min(attempt - 1, 20))
        return full * Double.random(in: 0.5...1)
    }

    private func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let text = response.headers["Retry-After"], let seconds = Int(text), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}

/// One line per request — method, path, status and duration — through `log`; never a header or a body, which
/// hold credentials.
public struct LoggingMiddleware: ClientMiddleware {
    public var log: @Sendable (String) -> Void

    public init(log: @escaping @Sendable (String) -> Void) {
        self.log = log
    }

    public func intercept(
        _ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request)
            log("\(request.method) \(request.path) \(response.status) in \(clock.now - start)")
            return response
        } catch {
            log("\(request.method) \(request.path) failed after \(clock.now - start): \(type(of: error))")
            throw error
        }
    }
}
