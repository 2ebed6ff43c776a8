public import APIRuntime
public import Logging
internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
public import ServiceLifecycle

/// The HTTP/1.1 server: SwiftNIO parses HTTP, keeps connections alive and orders pipelined responses; each
/// complete request is answered by the responder on Swift concurrency.
///
/// On graceful shutdown it stops accepting, lets every in-flight request finish, and closes idle connections.
public struct HTTPServer: Service {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Larger bodies are answered `413` and the connection is closed.
        public var maximumBodySize: Int
        /// Connections that send nothing for this long are closed.
        public var idleTimeout: Duration
        /// SwiftNIO event-loop threads of a group of the server's own; `nil` means NIO's shared singleton group
        /// (sized by `NIOSingletons.groupLoopCountSuggestion`), which can also run Swift concurrency's tasks
        /// (`NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`), so that
        /// a handler resumes on the threads that own the sockets instead of hopping between two pools.
        public var eventLoopThreads: Int?

        public init(
            host: String,
            port: Int,
            maximumBodySize: Int = 1 << 20,
            idleTimeout: Duration = .seconds(60),
            eventLoopThreads: Int? = nil
        ) {
            self.host = host
            self.port = port
            self.maximumBodySize = maximumBodySize
            self.idleTimeout = idleTimeout
            self.eventLoopThreads = eventLoopThreads
        }
    }

    let configuration: Configuration
    /// The middleware chain around the application's responder, composed once.
    let responder: HTTPResponder
    let logger: Logger
    let onListening: @Sendable (_ port: Int) -> Void

    /// - Parameters:
    ///   - middleware: the steps every request passes through, outermost first (see `HTTPMiddleware`).
    ///   - onListening: called once the socket is bound, with the actual port (useful with port 0).
    ///   - responder: the application (usually a generated router). Errors that escape the middleware become
    ///     `500` problems; the process and the connection survive.
    public init(
        configuration: Configuration,
        logger: Logger,
        middleware: MiddlewareChain = MiddlewareChain([]),
        onListening: @escaping @Sendable (_ port: Int) -> Void = { _ in },
        responder: @escaping HTTPResponder
    ) {
        self.configuration = configuration
        self.responder = middleware.wrapping(responder)
        self.logger = logger
        self.onListening = onListening
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public func run() async throws {
        guard let threads = configuration.eventLoopThreads else {
            // The shared group lives as long as the process; it is never shut down.
            return try await serve(on: MultiThreadedEventLoopGroup.singleton)
        }
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: max(threads, 1))
        do {
            try await serve(on: eventLoops)
        } catch {
            try? await eventLoops.shutdownGracefully()
            throw error
        }
        try await eventLoops.shutdownGracefully()
    }

    private func serve(on eventLoops: MultiThreadedEventLoopGroup) async throws {
        let idleTimeout = TimeAmount.nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000)
        let server = try await ServerBootstrap(group: eventLoops)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A client may close its sending side after the request and still read the response.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                    // Pipelining assistance holds a parse error back until the responses to the requests before it
                    // are out, so a client never reads a 400 meant for a later request in place of an earlier 200.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: true,
                        withErrorHandling: false
                    )
                    try channel.pipeline.syncOperations.addHandler(ProtocolErrorResponder())
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? configuration.port
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        onListening(port)
        let shutdown = ShutdownSignal()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask {
                            await ConnectionHandler(server: self, shutdown: shutdown).serve(connection)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            // Stop accepting; connections finish their current request and then close (see ConnectionHandler).
            shutdown.trigger()
            server.channel.close(promise: nil)
        }
        logger.info("stopped")
    }
}

/// Closes a connection when the `IdleStateHandler` reports that nothing was read for the idle timeout.
private final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
