internal import NIOCore
internal import Synchronization

/// Tells connections that the server is shutting down, and closes those that sit idle between requests.
final class ShutdownSignal: Sendable {
    private struct State {
        var isTriggered = false
        /// Channels waiting for their next request, which shutdown may close at once.
        var idle: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    var isTriggered: Bool { state.withLock { $0.isTriggered } }

    func trigger() {
        let idle = state.withLock { state in
            state.isTriggered = true
            return Array(state.idle.values)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    /// Records that `channel` is between requests; closes it right away if shutdown has begun.
    func markIdle(_ channel: any Channel) {
        let closeNow = state.withLock { state in
            if state.isTriggered { return true }
            state.idle[ObjectIdentifier(channel)] = channel
            return false
        }
        if closeNow { channel.close(promise: nil) }
    }

    func markBusy(_ channel: any Channel) {
        state.withLock { _ = $0.idle.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
