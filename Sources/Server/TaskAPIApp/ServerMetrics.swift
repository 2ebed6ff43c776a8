internal import Metrics
internal import PostgresLibPQ
internal import Prometheus

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The server's Prometheus registry: the request metrics (recorded through swift-metrics by
/// `RequestMetricsMiddleware`), the pool's waits and timeouts as they happen, and the gauges read when `/metrics`
/// is scraped. Each `Application` has its own, so servers in one process (the tests) never share counts.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// For swift-metrics: request timers become histograms with these buckets.
    let factory: PrometheusMetricsFactory
    let poolEvents: PoolEvents
    private let poolInUse: Prometheus.Gauge
    private let poolIdle: Prometheus.Gauge
    private let hashQueueDepth: Prometheus.Gauge

    /// Buckets from 1 ms: most answers take a few milliseconds, and the default buckets start at 5.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
        let wait = registry.makeDurationHistogram(
            descriptor: Self.name(
                "db_pool_wait", "seconds", "How long statements waited for a pooled PostgreSQL connection."),
            buckets: Self.durationBuckets)
        let timeouts = registry.makeCounter(
            descriptor: Self.name(
                "db_pool_timeouts", "total",
                "Statements refused because no connection was free in time or the queue was full."))
        poolEvents = PoolEvents(waited: { wait.record($0) }, timedOut: { timeouts.increment() })
        let connections = Self.name("db_pool", "connections", "PostgreSQL connections of the pool, by state.")
        poolInUse = registry.makeGauge(descriptor: connections, labels: [("state", "in_use")])
        poolIdle = registry.makeGauge(descriptor: connections, labels: [("state", "idle")])
        hashQueueDepth = registry.makeGauge(
            descriptor: Self.name("password_hash_queue", "depth", "Password hashes running or waiting for a thread."))
        registry.makeGauge(
            descriptor: Self.name("process_start_time", "seconds", "Start time of the process, in Unix seconds.")
        ).set(Date().timeIntervalSince1970)
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: metric, unitName: unit, helpText: help)
    }

    /// The text `/metrics` answers, with the gauges read now.
    func exposition(pool: (inUse: Int, idle: Int), hashQueueDepth depth: Int) -> String {
        poolInUse.set(Int64(pool.inUse))
        poolIdle.set(Int64(pool.idle))
        hashQueueDepth.set(Int64(depth))
        return registry.emitToString()
    }
}
