internal import NIOCore
internal import Synchronization

/// Tells a connection's task that its client has gone — the client closed its side or the connection dropped —
/// so the work of a request still in flight is cancelled: nobody will read its answer, and a queued database
/// statement or password hash is better left undone. nginx (`proxy_ignore_client_abort off`) and Go's `net/http`
/// (the request context) treat a client's close the same way.
final class ClientDeparture: Sendable {
    private enum State {
        case present(waiter: CheckedContinuation<Void, Never>?)
        case gone
    }

    private let state = Mutex(State.present(waiter: nil))

    /// Returns once the client has gone, or at once when the waiting task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    guard case .present = state, !Task.isCancelled else { return true }
                    state = .present(waiter: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            resume(markingGone: false)
        }
    }

    func markGone() {
        resume(markingGone: true)
    }

    private func resume(markingGone: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard case .present(let waiter) = state else { return nil }
            state = markingGone ? .gone : .present(waiter: nil)
            return waiter
        }
        waiter?.resume()
    }

    /// First in the pipeline: sees the end of the client's input and the connection's end before anything else.
    final class Detector: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        private let departure: ClientDeparture

        init(_ departure: ClientDeparture) {
            self.departure = departure
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? ChannelEvent, event == .inputClosed { departure.markGone() }
            context.fireUserInboundEventTriggered(event)
        }

        func channelInactive(context: ChannelHandlerContext) {
            departure.markGone()
            context.fireChannelInactive()
        }
    }
}
