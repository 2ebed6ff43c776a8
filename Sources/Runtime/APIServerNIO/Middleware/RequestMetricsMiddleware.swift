public import APIRuntime
public import CoreMetrics
internal import Synchronization

/// Counts every answered request and times it, through swift-metrics: `http_requests_total{method,route,status}`
/// and `http_request_duration_seconds{method,route}` (a Prometheus backend makes the timer a histogram).
///
/// `route` is the operation's path template (`/tasks/{id}`), never the raw path, and methods outside HTTP's own are
/// one `other`, so a client cannot make up new label values; paths that match no route are `unmatched`. The
/// metric objects are made once per label set and kept.
public struct RequestMetricsMiddleware: HTTPMiddleware {
    private let metrics: RequestMetrics

    /// The route comes from the request's `RequestContext`, so place this step inside `RequestContextMiddleware`.
    /// - Parameter factory: the metrics backend (e.g. a `PrometheusMetricsFactory`).
    public init(factory: any MetricsFactory) {
        self.metrics = RequestMetrics(factory: factory)
    }

    public func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request)
        let method = RequestMetrics.methods.contains(request.method) ? request.method : "other"
        metrics.record(
            method: method, route: RequestContext.current?.route ?? "unmatched", status: response.status,
            duration: start.duration(to: clock.now))
        return response
    }
}

/// The counters and timers by label set.
private final class RequestMetrics: Sendable {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    private struct CounterKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct TimerKey: Hashable {
        let method: String
        let route: String
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let timers = Mutex<[TimerKey: Timer]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func record(method: String, route: String, status: Int, duration: Duration) {
        let counter = counters.withLock { counters in
            let key = CounterKey(method: method, route: route, status: status)
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: "http_requests_total",
                dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
            counters[key] = counter
            return counter
        }
        let timer = timers.withLock { timers in
            let key = TimerKey(method: method, route: route)
            if let timer = timers[key] { return timer }
            let timer = Timer(
                label: "http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
                preferredDisplayUnit: .seconds, factory: factory)
            timers[key] = timer
            return timer
        }
        counter.increment()
        timer.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
