internal import APIRuntime
internal import Logging
internal import NIOCore
internal import NIOHTTP1

/// Serves the requests of one connection in order: collects each request with its body, asks the responder,
/// and writes the response with `Content-Length`, `X-Request-ID` and `X-Content-Type-Options`.
struct ConnectionHandler {
    /// How much of a rejected body is read and dropped before the connection closes anyway.
    static let maximumDiscard = 8 << 20

    let server: HTTPServer
    let shutdown: ShutdownSignal

    /// Serves `connection` until it ends, or until its client goes away: then whatever request is in flight is
    /// cancelled (see `ClientDeparture`).
    func serve(_ connection: HTTPServer.Connection, until departure: ClientDeparture) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await serve(connection) }
            group.addTask { await departure.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    private func serve(_ connection: HTTPServer.Connection) async {
        let channel = connection.channel
        let peerAddress = channel.remoteAddress?.ipAddress
        do {
            try await connection.executeThenClose { inbound, outbound in
                var pending: (head: HTTPRequestHead, body: ByteBuffer)?
                // After a 413 the rest of the body is read and dropped (up to a bound) before closing, so the
                // client, still sending, reads the answer instead of a connection reset.
                var discarded: Int?
                shutdown.markIdle(channel)
                for try await part in inbound {
                    if let count = discarded {
                        if case .body(let chunk) = part, count + chunk.readableBytes < Self.maximumDiscard {
                            discarded = count + chunk.readableBytes
                            continue
                        }
                        return
                    }
                    switch part {
                    case .head(let head):
                        shutdown.markBusy(channel)
                        if let length = head.headers.first(name: "content-length").flatMap(Int.init),
                            length > server.configuration.maximumBodySize
                        {
                            try await write(tooLarge(), for: head, to: outbound)
                            discarded = 0
                            continue
                        }
                        // The client waits for this before it sends the body (curl does so for a second on
                        // every body over 1 KiB); a body that is too large was refused above instead, and one
                        // the head already decides (401, 415, 404) is refused here without reading it.
                        if Self.expectsContinue(head) {
                            let headOnly = request(from: head, peerAddress: peerAddress)
                            if let early = await server.responseBeforeBody(headOnly) {
                                let response = try await EarlyResponse.$current.withValue(early) {
                                    try await server.earlyResponder(headOnly)
                                }
                                try await write(response, for: head, to: outbound)
                                discarded = 0
                                continue
                            }
                            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .continue)))
                        }
                        pending = (head, channel.allocator.buffer(capacity: 0))
                    case .body(var chunk):
                        guard var request = pending else { continue }
                        if request.body.readableBytes + chunk.readableBytes > server.configuration.maximumBodySize {
                            try await write(tooLarge(), for: request.head, to: outbound)
                            pending = nil
                            discarded = 0
                            continue
                        }
                        pending = nil  // keep the buffer uniquely referenced while appending
                        request.body.writeBuffer(&chunk)
                        pending = request
                    case .end:
                        guard let request = pending else { continue }
                        pending = nil
                        let keepAlive = try await respond(
                            to: request.head, body: request.body, peerAddress: peerAddress, outbound: outbound)
                        if !keepAlive || shutdown.isTriggered { return }
                        shutdown.markIdle(channel)
                    }
                }
            }
        } catch {
            server.logger.debug("connection closed", metadata: ["error": "\(error)"])
        }
        shutdown.markBusy(channel)
    }

    /// `Expect: 100-continue` from an HTTP/1.1 client (RFC 9110 §10.1.1: an HTTP/1.0 one's is ignored).
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        (head.version.major, head.version.minor) >= (1, 1)
            && head.headers["Expect"].contains { $0.trimmingASCIISpaces().lowercased() == "100-continue" }
    }

    /// Answers one complete request; returns whether the connection stays open.
    private func respond(
        to head: HTTPRequestHead,
        body: ByteBuffer,
        peerAddress: String?,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        var request = request(from: head, peerAddress: peerAddress)
        request.body = Array(body.readableBytesView)
        let response: HTTPResponse
        do {
            response = try await server.responder(request)
        } catch is CancellationError where Task.isCancelled {
            // The client went away (or the server is stopping): nobody reads an answer; the connection closes.
            server.logger.info(
                "request abandoned: the client went away",
                metadata: ["method": "\(request.method)", "path": "\(request.path)"])
            throw CancellationError()
        } catch {
            // Only a chain without `UnhandledErrorMiddleware` gets here; the error itself stays out of the response.
            server.logger.error("unhandled error", metadata: ["method": "\(request.method)", "error": "\(error)"])
            response = HTTPResponse(problem: Problem(status: 500, detail: "An unexpected error occurred."))
        }
        let keepAlive = head.isKeepAlive && !shutdown.isTriggered
        try await write(response, for: head, to: outbound, keepAlive: keepAlive)
        return keepAlive
    }

    /// The request as the responder sees it, without its body.
    private func request(from head: HTTPRequestHead, peerAddress: String?) -> HTTPRequest {
        var headers = APIRuntime.HTTPHeaders()
        for field in head.headers { headers.add(field.name, field.value) }
        var request = HTTPRequest(method: head.method.rawValue, target: head.uri, headers: headers)
        request.peerAddress = peerAddress
        return request
    }

    private func tooLarge() -> HTTPResponse {
        let limit = server.configuration.maximumBodySize
        return HTTPResponse(problem: Problem(status: 413, detail: "The request body exceeds \(limit) bytes"))
    }

    private func write(
        _ response: HTTPResponse,
        for head: HTTPRequestHead,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        keepAlive: Bool = false
    ) async throws {
        var fields = NIOHTTP1.HTTPHeaders()
        fields.reserveCapacity(response.headers.fields.count + 4)
        for field in response.headers { fields.add(name: field.name, value: field.value) }
        fields.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        fields.replaceOrAdd(name: "Date", value: ResponseDate.now)
        if fields["X-Request-ID"].isEmpty { fields.add(name: "X-Request-ID", value: RequestID.generate()) }
        // 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6).
        let hasBody = response.status != 204 && response.status != 304
        if hasBody { fields.replaceOrAdd(name: "Content-Length", value: String(response.body.count)) }
        fields.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let responseHead = HTTPResponseHead(
            version: head.version,
            // Our reason phrases follow RFC 9110 (422 is "Unprocessable Content"), like the problem titles.
            status: HTTPResponseStatus(
                statusCode: response.status, reasonPhrase: HTTPStatus.reasonPhrase(response.status)),
            headers: fields
        )
        var parts: [HTTPServerResponsePart] = [.head(responseHead)]
        if hasBody, head.method != .HEAD, !response.body.isEmpty {
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
        }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }
}
