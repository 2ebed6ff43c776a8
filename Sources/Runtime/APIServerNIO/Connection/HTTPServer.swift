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
        /// Connections served at once; past it a connection's first request is answered `503` (see
        /// `ConnectionLimit`).
        public var maximumConnections: Int
        /// A request's head must be complete this long after its first byte, or the connection is closed.
        public var headTimeout: Duration
        /// After the head (and a grace of `headTimeout`), a body must arrive at this many bytes a second on average.
        public var minimumBodyRate: Int
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
            maximumConnections: Int = 1024,
            headTimeout: Duration = .seconds(10),
            minimumBodyRate: Int = 1024,
            eventLoopThreads: Int? = nil
        ) {
            self.maximumConnections = maximumConnections
            self.headTimeout = headTimeout
            self.minimumBodyRate = minimumBodyRate
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
    /// For `Expect: 100-continue`: the application's answer from the head alone (`nil`: send the body).
    let responseBeforeBody: @Sendable (HTTPRequest) async -> HTTPResponse?
    /// The same middleware chain around a response `responseBeforeBody` decided, so it gets the same headers and
    /// log line as any other.
    let earlyResponder: HTTPResponder
    let logger: Logger
    let onListening: @Sendable (_ port: Int) -> Void

    /// - Parameters:
    ///   - middleware: the steps every request passes through, outermost first (see `HTTPMiddleware`).
    ///   - onListening: called once the socket is bound, with the actual port (useful with port 0).
    ///   - responseBeforeBody: for a request with `Expect: 100-continue`, the answer its head already decides
    ///     (a generated router's `responseBeforeBody(to:)`); `nil` sends `100 Continue` and reads the body.
    ///   - responder: the application (usually a generated router). Errors that escape the middleware become
    ///     `500` problems; the process and the connection survive.
    public init(
        configuration: Configuration,
        logger: Logger,
        middleware: MiddlewareChain = MiddlewareChain([]),
        onListening: @escaping @Sendable (_ port: Int) -> Void = { _ in },
        responseBeforeBody: @escaping @Sendable (HTTPRequest) async -> HTTPResponse? = { _ in nil },
        responder: @escaping HTTPResponder
    ) {
        self.configuration = configuration
        self.responder = middleware.wrapping(responder)
        self.responseBeforeBody = responseBeforeBody
        self.earlyResponder = middleware.wrapping { _ in
            EarlyResponse.current
                ?? HTTPResponse(problem: Problem(status: 500, detail: "An unexpected error occurred."))
        }
        self.logger = logger
        self.onListening = onListening
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// An accepted connection: served by `ConnectionHandler`, or past the cap and left to `OverCapacityResponder`.
    enum Accepted {
        case serve(Connection, ClientDeparture)
        case shed
    }

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
        let configuration = self.configuration
        let limit = ConnectionLimit(maximum: configuration.maximumConnections)
        let server = try await ServerBootstrap(group: eventLoops)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A client may close its sending side after the request and still read the response.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture { () throws -> Accepted in
                    switch limit.admit(channel) {
                    case .serve:
                        let departure = ClientDeparture()
                        return Accepted.serve(try Self.configureServed(channel, configuration, departure), departure)
                    case .shed:
                        try Self.configureShed(channel, configuration)
                        return .shed
                    case .close:
                        channel.close(promise: nil)
                        return .shed
                    }
                }
            }
        let port = server.channel.localAddress?.port ?? configuration.port
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        onListening(port)
        let shutdown = ShutdownSignal()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await accepted in inbound {
                        guard case .serve(let connection, let departure) = accepted else { continue }
                        group.addTask(executorPreference: EventLoopTaskExecutor(connection.channel.eventLoop)) {
                            await ConnectionHandler(server: self, shutdown: shutdown).serve(
                                connection, until: departure)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            // Stop accepting; connections finish their current request and then close (see ConnectionHandler).
            logger.info("shutting down: no new connections; in-flight requests finish")
            shutdown.trigger()
            server.channel.close(promise: nil)
        }
        logger.info("stopped")
    }
}

extension HTTPServer {
    /// The pipeline of a served connection: timeouts for idle and slow clients, HTTP/1.1, and the async channel
    /// `ConnectionHandler` reads.
    fileprivate static func configureServed(
        _ channel: any Channel, _ configuration: Configuration, _ departure: ClientDeparture
    ) throws -> Connection {
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(ClientDeparture.Detector(departure))
        let guarding = SlowClientGuard(
            headTimeout: TimeAmount(configuration.headTimeout), minimumBodyRate: configuration.minimumBodyRate)
        let idle = IdleTimeout()
        try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(configuration.idleTimeout)))
        try pipeline.addHandler(IdleTimeout.Closer(idle))
        try pipeline.addHandler(guarding.handlers.raw)
        // Pipelining assistance holds a parse error back until the responses to the requests before it are out,
        // so a client never reads a 400 meant for a later request in place of an earlier 200.
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
        try pipeline.addHandler(IdleTimeout.Tracker(idle))
        try pipeline.addHandler(guarding.handlers.decoded)
        try pipeline.addHandler(ProtocolErrorResponder())
        return try Connection(wrappingChannelSynchronously: channel)
    }

    /// The pipeline of a connection past the cap: its first request is answered `503`; one that sends no head in
    /// time is closed.
    fileprivate static func configureShed(_ channel: any Channel, _ configuration: Configuration) throws {
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(configuration.headTimeout)))
        try pipeline.addHandler(IdleTimeout.Closer(nil))
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try pipeline.addHandler(ProtocolErrorResponder())
        try pipeline.addHandler(OverCapacityResponder())
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
