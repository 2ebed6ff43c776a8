/// Sends a generated client's requests: over `URLSession` (`APIClientURLSession`), AsyncHTTPClient, or a test's
/// in-process router. The request's `path` and `query` are relative to `serverURL`.
public protocol ClientTransport: Sendable {
    func send(_ request: HTTPRequest, serverURL: String) async throws -> HTTPResponse
}

/// A step around every request a generated client sends, outermost first: retries, logging, extra headers.
public protocol ClientMiddleware: Sendable {
    func intercept(
        _ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse
}

/// What the generated client throws besides its transport's errors.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// A documented response whose body or headers do not match the document: the server broke the contract.
    case invalidResponse(status: Int, detail: String)
    /// The operation's security needs a credential the client was not given.
    case missingCredential(scheme: String)

    public var description: String {
        switch self {
        case .invalidResponse(let status, let detail): "the \(status) response does not match the document: \(detail)"
        case .missingCredential(let scheme): "no credential for the security scheme '\(scheme)'"
        }
    }
}
