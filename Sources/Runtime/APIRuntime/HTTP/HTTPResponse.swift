/// A complete HTTP response produced by the router.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response; `Content-Type` defaults to `application/json`.
    public init<Body: JSONWritable>(
        status: Int,
        json body: Body,
        contentType: String = "application/json",
        headers: HTTPHeaders = [:]
    ) {
        var headers = headers
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: JSONWriter.encode(body))
    }

    /// An `application/x-www-form-urlencoded` response, written by `FormEncoding`; a body that is not an object
    /// is sent as JSON, labelled so.
    public init<Body: JSONWritable>(status: Int, form body: Body, contentType: String, headers: HTTPHeaders = [:]) {
        guard let form = FormEncoding.encode(body) else {
            self.init(status: status, json: body, headers: headers)
            return
        }
        var headers = headers
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: form)
    }

    /// A text response such as the `/docs` page.
    public init(status: Int, text: String, contentType: String, headers: HTTPHeaders = [:]) {
        var headers = headers
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// A response of raw bytes, such as a file download.
    public init(status: Int, bytes: [UInt8], contentType: String, headers: HTTPHeaders = [:]) {
        var headers = headers
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: bytes)
    }

    /// An RFC 9457 problem response; the problem's own headers (e.g. `WWW-Authenticate`) are added.
    public init(problem: Problem, headers: HTTPHeaders = [:]) {
        var all = problem.headers
        for field in headers { all.set(field.name, field.value) }
        self.init(status: problem.status, json: problem, contentType: "application/problem+json", headers: all)
    }
}
