internal import APIRuntime
internal import NIOCore
internal import NIOHTTP1
internal import Synchronization

/// The cap on open connections, shared by every event loop. A connection past the cap is not served: it gets a
/// quick `503` with `Retry-After` to its first request and is closed, so the server's memory and tasks stay bounded
/// and the connections it does serve stay fast. Past twice the cap a new connection is closed at once.
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// What to do with a connection just accepted.
    enum Admission {
        case serve
        case shed
        case close
    }

    /// Counts `channel` until it closes and says how it is to be treated.
    func admit(_ channel: any Channel) -> Admission {
        let count = open.add(1, ordering: .relaxed).newValue
        channel.closeFuture.whenComplete { [self] _ in open.subtract(1, ordering: .relaxed) }
        if count <= maximum { return .serve }
        return count <= 2 * maximum ? .shed : .close
    }

    var openConnections: Int { open.load(ordering: .relaxed) }
}

/// Answers the first request of a connection past the cap with `503` and closes the connection.
final class OverCapacityResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart

    static let problem = Problem(
        status: 503, detail: "The server has too many open connections; try again shortly",
        headers: ["Retry-After": "1"])

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head = unwrapInboundIn(data) else { return }
        let channel = context.channel
        let flushed = context.eventLoop.makePromise(of: Void.self)
        flushed.futureResult.whenComplete { _ in channel.close(promise: nil) }
        ChannelProblemResponse.write(Self.problem, to: context, promise: flushed)
    }
}
