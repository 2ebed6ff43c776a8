internal import APIRuntime
internal import NIOCore
internal import NIOHTTP1

/// Answers requests SwiftNIO cannot parse with a problem+json response before the connection closes:
/// `431` for header sections over the parser's limit, `400` for anything else malformed.
///
/// Modelled on NIO's `HTTPServerProtocolErrorHandler`, which answers every parse error with an empty `400`.
final class ProtocolErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// A response has started and not ended: a second one cannot be written.
    private var hasUnterminatedResponse = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        // Parse errors are fatal: the decoder closes the channel right after this returns, so write now.
        if !hasUnterminatedResponse {
            let problem: Problem
            switch parserError {
            case .headerOverflow:
                problem = Problem(status: 431, detail: "The request's header section is too large")
            default:
                problem = Problem(status: 400, detail: "Malformed HTTP request")
            }
            let body = JSONWriter.encode(problem)
            var headers = NIOHTTP1.HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/problem+json")
            headers.add(name: "Content-Length", value: String(body.count))
            headers.add(name: "X-Content-Type-Options", value: "nosniff")
            headers.add(name: "Date", value: ResponseDate.now)
            headers.add(name: "Connection", value: "close")
            let status = HTTPResponseStatus(statusCode: problem.status, reasonPhrase: problem.title)
            let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code < 200:
            break  // informational (1xx): the final response is still to come
        case .head:
            hasUnterminatedResponse = true
        case .body:
            break
        case .end:
            hasUnterminatedResponse = false
        }
        context.write(data, promise: promise)
    }
}
