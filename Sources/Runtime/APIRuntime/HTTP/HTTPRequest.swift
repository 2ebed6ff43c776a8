/// A complete HTTP request as the router sees it: the server has already read the whole body.
public struct HTTPRequest: Sendable {
    /// Upper-case method token, e.g. `GET`.
    public var method: String
    /// The path part of the request target, still percent-encoded, e.g. `/tasks/7`.
    public var path: String
    /// The query part of the request target without the `?`, still percent-encoded.
    public var query: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The id that logs and the `X-Request-ID` response header carry.
    public var requestID: String
    /// The IP address of the socket's other end (`203.0.113.7`, `2001:db8::1`): the client, or a proxy in front of
    /// it. `nil` when the transport has none (a Unix socket, a test).
    public var peerAddress: String?

    public init(
        method: String,
        path: String,
        query: String = "",
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        requestID: String = "",
        peerAddress: String? = nil
    ) {
        self.peerAddress = peerAddress
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.requestID = requestID
    }

    /// Splits a request target (`/tasks?limit=5`) into path and query.
    public init(method: String, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [], requestID: String = "")
    {
        if let mark = target.firstIndex(of: "?") {
            self.init(
                method: method,
                path: String(target[..<mark]),
                query: String(target[target.index(after: mark)...]),
                headers: headers,
                body: body,
                requestID: requestID
            )
        } else {
            self.init(method: method, path: target, headers: headers, body: body, requestID: requestID)
        }
    }

    /// The path's segments after the leading `/`, still percent-encoded: `/tasks/7` → `["tasks", "7"]`.
    /// `nil` when the path does not start with `/`.
    public var pathSegments: [Substring]? {
        guard path.first == "/" else { return nil }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    }

    /// The media type of the body without parameters, lower-cased (`application/json`), or `nil` when absent.
    public var mediaType: Substring? {
        guard let value = headers["Content-Type"] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return Substring(type.trimmingASCIISpaces().lowercased())
    }

    /// The `charset` parameter of `Content-Type`, lower-cased, when there is one.
    public var charset: String? {
        guard let value = headers["Content-Type"] else { return nil }
        for parameter in value.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingASCIISpaces().lowercased() == "charset" else { continue }
            return parts[1].trimmingASCIISpaces().trimmingCharacters(in: "\"").lowercased()
        }
        return nil
    }
}

extension StringProtocol {
    /// Drops leading and trailing spaces and tabs (HTTP's optional whitespace).
    public func trimmingASCIISpaces() -> Substring {
        let text = Substring(self)
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        let end = text.lastIndex { $0 != " " && $0 != "\t" }.map { text.index(after: $0) } ?? start
        return start < end ? text[start..<end] : text[start..<start]
    }

    func trimmingCharacters(in character: Character) -> Substring {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return text
    }
}
