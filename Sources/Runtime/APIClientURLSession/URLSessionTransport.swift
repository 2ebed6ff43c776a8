public import APIRuntime
internal import Foundation

#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif

/// A generated client's transport over Foundation's `URLSession` (on Linux, FoundationNetworking over libcurl).
/// In a product of its own, so that the pure runtime stays free of it and a client that brings its own transport
/// (AsyncHTTPClient, a test's in-process router) does not link it.
public struct URLSessionTransport: ClientTransport {
    public let session: URLSession

    public init(session: URLSession = .shared) {
        self.session = session
    }

    public func send(_ request: HTTPRequest, serverURL: String) async throws -> HTTPResponse {
        let target = request.query.isEmpty ? request.path : request.path + "?" + request.query
        guard let url = URL(string: serverURL + target) else { throw URLError(.badURL) }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for field in request.headers { urlRequest.addValue(field.value, forHTTPHeaderField: field.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let (data, response) = try await session.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var headers = HTTPHeaders()
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers.add(name, value) }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }
}
