internal import APIRuntime
internal import NIOCore
internal import NIOHTTP1

/// A complete problem+json response written straight from a channel handler, for the answers the server gives
/// before or instead of the application (a parse error, too many connections), always with `Connection: close`.
enum ChannelProblemResponse {
    /// - Parameter promise: completed once the response is flushed.
    static func write(_ problem: Problem, to context: ChannelHandlerContext, promise: EventLoopPromise<Void>? = nil) {
        let body = JSONWriter.encode(problem)
        var headers = NIOHTTP1.HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json")
        headers.add(name: "Content-Length", value: String(body.count))
        for field in problem.headers { headers.add(name: field.name, value: field.value) }
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Date", value: ResponseDate.now)
        headers.add(name: "Connection", value: "close")
        let status = HTTPResponseStatus(statusCode: problem.status, reasonPhrase: problem.title)
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        context.write(
            NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
            promise: nil)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: promise)
    }
}
