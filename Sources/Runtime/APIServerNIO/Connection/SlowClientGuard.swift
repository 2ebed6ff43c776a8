internal import NIOCore
internal import NIOHTTP1

/// Closes connections whose client sends too slowly to be served: a request's head must be complete within
/// `headTimeout` of its first byte, and its body must then arrive at `minimumBodyRate` bytes a second on average
/// (after a grace of `headTimeout`). Without this, one byte every few seconds would hold a connection and its buffers
/// forever, since the idle timeout restarts on every byte.
///
/// Two handlers share one guard: `RawSide` before the HTTP decoder sees the bytes (when a request starts, how much
/// body arrives) and `DecodedSide` after it sees the request's parts and the response's end. Both run on the
/// channel's event loop, so the guard needs no lock.
final class SlowClientGuard {
    private enum Phase {
        /// Between requests: the idle timeout applies.
        case idle
        /// A request's first bytes have arrived; its head has not.
        case head
        /// The head has arrived at `since`; the body is arriving.
        case body(since: NIODeadline, received: Int)
        /// The request is complete; bytes that arrive now belong to a pipelined request, whose head deadline
        /// starts once this response has gone out.
        case responding(bytesWaiting: Bool)
    }

    let headTimeout: TimeAmount
    let minimumBodyRate: Int
    private var phase = Phase.idle
    private var timer: Scheduled<Void>?

    init(headTimeout: TimeAmount, minimumBodyRate: Int) {
        self.headTimeout = headTimeout
        self.minimumBodyRate = minimumBodyRate
    }

    var handlers: (raw: RawSide, decoded: DecodedSide) { (RawSide(guarding: self), DecodedSide(guarding: self)) }

    fileprivate func bytesArrived(_ count: Int, context: ChannelHandlerContext) {
        switch phase {
        case .idle:
            startHead(context: context)
        case .body(let since, let received):
            phase = .body(since: since, received: received + count)
        case .responding:
            phase = .responding(bytesWaiting: true)
        case .head:
            break
        }
    }

    fileprivate func headArrived(context: ChannelHandlerContext) {
        timer?.cancel()
        phase = .body(since: .now(), received: 0)
        scheduleBodyCheck(context: context)
    }

    fileprivate func requestEnded() {
        timer?.cancel()
        timer = nil
        phase = .responding(bytesWaiting: false)
    }

    fileprivate func responseEnded(context: ChannelHandlerContext) {
        guard case .responding(let bytesWaiting) = phase else { return }
        phase = .idle
        if bytesWaiting { startHead(context: context) }
    }

    fileprivate func stop() {
        timer?.cancel()
        timer = nil
    }

    private func startHead(context: ChannelHandlerContext) {
        phase = .head
        let channel = context.channel
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: headTimeout) { [self] in
            if case .head = phase { channel.close(promise: nil) }
        }
    }

    /// Once a second: the body so far must be at least `minimumBodyRate` × the seconds since the head, less the
    /// grace.
    private func scheduleBodyCheck(context: ChannelHandlerContext) {
        let channel = context.channel
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { [self] in
            guard case .body(let since, let received) = phase else { return }
            let elapsed = NIODeadline.now() - since - headTimeout
            let owed = Int64(minimumBodyRate) * max(elapsed.nanoseconds, 0) / 1_000_000_000
            if Int64(received) < owed {
                channel.close(promise: nil)
            } else {
                scheduleBodyCheck(context: context)
            }
        }
    }

    /// Before the HTTP decoder: counts bytes.
    final class RawSide: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        private let guarding: SlowClientGuard

        fileprivate init(guarding: SlowClientGuard) { self.guarding = guarding }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guarding.bytesArrived(unwrapInboundIn(data).readableBytes, context: context)
            context.fireChannelRead(data)
        }

        func channelInactive(context: ChannelHandlerContext) {
            guarding.stop()
            context.fireChannelInactive()
        }
    }

    /// After the HTTP decoder: sees where each request and response begins and ends.
    final class DecodedSide: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias InboundOut = HTTPServerRequestPart
        typealias OutboundIn = HTTPServerResponsePart
        typealias OutboundOut = HTTPServerResponsePart
        private let guarding: SlowClientGuard

        fileprivate init(guarding: SlowClientGuard) { self.guarding = guarding }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: guarding.headArrived(context: context)
            case .body: break
            case .end: guarding.requestEnded()
            }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .end = unwrapOutboundIn(data) { guarding.responseEnded(context: context) }
            context.write(data, promise: promise)
        }
    }
}
