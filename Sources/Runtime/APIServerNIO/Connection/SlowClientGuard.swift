internal import NIOCore
internal import NIOHTTP1

/// Closes connections whose client sends too slowly to be served: a request's head must be complete within
/// `headTimeout` of its first byte, and its body must then arrive at `minimumBodyRate` bytes a second on average
/// (after a grace of `headTimeout`). Without this, one byte every few seconds would hold a connection and its buffers
/// forever, since the idle timeout restarts on every byte.
///
/// Two handlers share one guard: `RawSide` before the HTTP decoder sees the bytes (when a request starts, how much
/// body arrives) and `DecodedSide` after it sees the request's parts and the response's end. Both run on the
/// channel's event loop, so the guard needs no lock. Requests only record when their phases began; one timer per
/// connection, once a second, compares those with the limits — a request costs no timer of its own.
final class SlowClientGuard {
    private enum Phase {
        /// Between requests: the idle timeout applies.
        case idle
        /// A request's first bytes arrived at `since`; its head has not.
        case head(since: NIODeadline)
        /// The head arrived at `since`; the body is arriving.
        case body(since: NIODeadline, received: Int)
        /// The request is complete; bytes that arrive now belong to a pipelined request, whose head deadline
        /// starts once this response has gone out.
        case responding(bytesWaiting: Bool)
    }

    /// How often the connection's timer looks: the limits hold to within this.
    static let checkInterval = TimeAmount.seconds(1)

    let headTimeout: TimeAmount
    let minimumBodyRate: Int
    private var phase = Phase.idle
    private var timer: RepeatedTask?

    init(headTimeout: TimeAmount, minimumBodyRate: Int) {
        self.headTimeout = headTimeout
        self.minimumBodyRate = minimumBodyRate
    }

    var handlers: (raw: RawSide, decoded: DecodedSide) { (RawSide(guarding: self), DecodedSide(guarding: self)) }

    fileprivate func start(context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let channel = context.channel
        let guarding = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: Self.checkInterval, delay: Self.checkInterval) {
            _ in
            if guarding.value.isTooSlow(at: .now()) { channel.close(promise: nil) }
        }
    }

    fileprivate func stop() {
        timer?.cancel()
        timer = nil
    }

    fileprivate func bytesArrived(_ count: Int) {
        switch phase {
        case .idle: phase = .head(since: .now())
        case .body(let since, let received): phase = .body(since: since, received: received + count)
        case .responding: phase = .responding(bytesWaiting: true)
        case .head: break
        }
    }

    fileprivate func headArrived() {
        phase = .body(since: .now(), received: 0)
    }

    fileprivate func requestEnded() {
        phase = .responding(bytesWaiting: false)
    }

    fileprivate func responseEnded() {
        guard case .responding(let bytesWaiting) = phase else { return }
        phase = bytesWaiting ? .head(since: .now()) : .idle
    }

    /// A head still incomplete `headTimeout` after its first byte, or a body behind `minimumBodyRate` × the seconds
    /// since the head, less the grace.
    private func isTooSlow(at now: NIODeadline) -> Bool {
        switch phase {
        case .head(let since):
            return now - since > headTimeout
        case .body(let since, let received):
            let elapsed = now - since - headTimeout
            return Int64(received) < Int64(minimumBodyRate) * max(elapsed.nanoseconds, 0) / 1_000_000_000
        case .idle, .responding:
            return false
        }
    }

    /// Before the HTTP decoder: counts bytes.
    final class RawSide: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        private let guarding: SlowClientGuard

        fileprivate init(guarding: SlowClientGuard) { self.guarding = guarding }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { guarding.start(context: context) }
        }

        func channelActive(context: ChannelHandlerContext) {
            guarding.start(context: context)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guarding.bytesArrived(unwrapInboundIn(data).readableBytes)
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
            case .head: guarding.headArrived()
            case .body: break
            case .end: guarding.requestEnded()
            }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .end = unwrapOutboundIn(data) { guarding.responseEnded() }
            context.write(data, promise: promise)
        }
    }
}
