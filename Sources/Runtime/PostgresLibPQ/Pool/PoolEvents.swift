/// What the pool tells an observer (metrics) about waiting: how long each statement waited for a connection, and
/// each statement that waited too long or found the queue full. The closures run on the pool's threads, once per
/// statement, and must be quick.
package struct PoolEvents: Sendable {
    package var waited: @Sendable (Duration) -> Void
    package var timedOut: @Sendable () -> Void

    package init(waited: @escaping @Sendable (Duration) -> Void, timedOut: @escaping @Sendable () -> Void) {
        self.waited = waited
        self.timedOut = timedOut
    }

    /// Nobody listens.
    package static let ignored = PoolEvents(waited: { _ in }, timedOut: {})
}
