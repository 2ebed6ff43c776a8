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
            ChannelProblemResponse.write(problem, to: context)
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
