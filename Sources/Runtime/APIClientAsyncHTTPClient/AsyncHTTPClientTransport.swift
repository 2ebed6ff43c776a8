public import APIRuntime
public import AsyncHTTPClient
internal import NIOCore
internal import NIOHTTP1

/// A generated client's transport over AsyncHTTPClient (SwiftNIO): for servers and command-line tools that
/// already run NIO. In a product of its own, so that a client that uses another transport does not build it.
public struct AsyncHTTPClientTransport: ClientTransport {
    public let client: HTTPClient
    /// The whole exchange, from sending the head to the last byte of the response.
    public var timeout: Duration
    /// Larger response bodies fail the request instead of filling memory.
    public var maximumResponseSize: Int

    public init(client: HTTPClient = .shared, timeout: Duration = .seconds(60), maximumResponseSize: Int = 10 << 20) {
        self.client = client
        self.timeout = timeout
        self.maximumResponseSize = maximumResponseSize
    }

    public func send(_ request: APIRuntime.HTTPRequest, serverURL: String) async throws -> APIRuntime.HTTPResponse {
        let target = request.query.isEmpty ? request.path : request.path + "?" + request.query
        var outgoing = HTTPClientRequest(url: serverURL + target)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if !request.body.isEmpty { outgoing.body = .bytes(request.body) }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let response = try await client.execute(outgoing, timeout: .nanoseconds(nanoseconds))
        let body = try await response.body.collect(upTo: maximumResponseSize)
        var headers = APIRuntime.HTTPHeaders()
        for (name, value) in response.headers { headers.add(name, value) }
        return APIRuntime.HTTPResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body))
    }
}
