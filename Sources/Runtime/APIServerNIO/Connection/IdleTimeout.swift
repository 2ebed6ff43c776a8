internal import NIOCore
internal import NIOHTTP1

/// The idle timeout of a connection: closed when nothing was read for the timeout *and* no request is being
/// answered. A request whose answer takes longer (a slow query, a hash behind a busy queue) is not cut off by it;
/// `IdleStateHandler` keeps firing every timeout, so the connection closes one timeout after it falls idle.
final class IdleTimeout {
    /// Requests whose head has arrived and whose response has not ended, on this connection.
    fileprivate var requestsInFlight = 0

    /// Before the HTTP codec: closes the connection on an idle event unless a request is in flight.
    final class Closer: ChannelInboundHandler {
        typealias InboundIn = NIOAny
        private let timeout: IdleTimeout?

        /// Without a timeout object, every idle event closes (a shed connection, which is answered at once).
        init(_ timeout: IdleTimeout?) {
            self.timeout = timeout
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            guard event is IdleStateHandler.IdleStateEvent else {
                context.fireUserInboundEventTriggered(event)
                return
            }
            if (timeout?.requestsInFlight ?? 0) == 0 { context.close(promise: nil) }
        }
    }

    /// After the HTTP codec: counts a request from its head to its response's end.
    final class Tracker: ChannelDuplexHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias InboundOut = HTTPServerRequestPart
        typealias OutboundIn = HTTPServerResponsePart
        typealias OutboundOut = HTTPServerResponsePart
        private let timeout: IdleTimeout

        init(_ timeout: IdleTimeout) {
            self.timeout = timeout
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head = unwrapInboundIn(data) { timeout.requestsInFlight += 1 }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            // A protocol error's response ends no request that was counted: the count stays at zero.
            if case .end = unwrapOutboundIn(data) { timeout.requestsInFlight = max(0, timeout.requestsInFlight - 1) }
            context.write(data, promise: promise)
        }
    }
}
