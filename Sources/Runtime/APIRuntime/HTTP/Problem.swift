/// An RFC 9457 problem detail, the body of every error response.
///
/// `detail` is kept on every problem so that clients written for the FastAPI original (`{"detail": …}`) keep working.
public struct Problem: Error, Sendable, Hashable {
    /// A URI naming the problem type; `about:blank` means "see the status code".
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    /// Every validation failure of a `422`, each naming where it was found (`body.title`, `query.limit`).
    public var errors: [ValidationIssue]?
    /// The OAuth 2.0 error code (RFC 6749 §5.2), e.g. `invalid_grant`, for OAuth clients.
    public var error: String?
    /// Headers sent with the problem (`WWW-Authenticate`, `Allow`, `Retry-After`); not part of the body.
    public var headers: HTTPHeaders

    public init(
        status: Int,
        detail: String? = nil,
        title: String? = nil,
        type: String = "about:blank",
        instance: String? = nil,
        errors: [ValidationIssue]? = nil,
        error: String? = nil,
        headers: HTTPHeaders = [:]
    ) {
        self.type = type
        self.title = title ?? HTTPStatus.reasonPhrase(status)
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors
        self.error = error
        self.headers = headers
    }

    /// A `422` for one input that failed a check only the handler can make, worded as the generated validation
    /// words its own (`query.cursor: …`).
    public static func invalid(_ location: String, _ message: String) -> Problem {
        Problem(
            status: 422, detail: "\(location): \(message)",
            errors: [ValidationIssue(location: location, message: message)])
    }

    /// The same problem with another status (the documented response case decides the status).
    public func with(status: Int) -> Problem {
        var copy = self
        if copy.title == HTTPStatus.reasonPhrase(copy.status) { copy.title = HTTPStatus.reasonPhrase(status) }
        copy.status = status
        return copy
    }
}

extension Problem: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeField("type", type)
        writer.writeField("title", title)
        writer.writeField("status", status)
        writer.writeFieldIfPresent("detail", detail)
        writer.writeFieldIfPresent("instance", instance)
        writer.writeFieldIfPresent("errors", errors)
        writer.writeFieldIfPresent("error", error)
        writer.endObject()
    }
}

extension Problem: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            status: try container.decode(Int.self, forKey: .status),
            detail: try container.decodeIfPresent(String.self, forKey: .detail),
            title: try container.decodeIfPresent(String.self, forKey: .title),
            type: try container.decodeIfPresent(String.self, forKey: .type) ?? "about:blank",
            instance: try container.decodeIfPresent(String.self, forKey: .instance),
            errors: try container.decodeIfPresent([ValidationIssue].self, forKey: .errors),
            error: try container.decodeIfPresent(String.self, forKey: .error)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(instance, forKey: .instance)
        try container.encodeIfPresent(errors, forKey: .errors)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

/// An error that knows which problem response it is, as hummingbird's `HTTPResponseError`.
public protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension Problem: ProblemConvertible {
    public var problem: Problem { self }
}

/// One failed constraint of a request, with where it was found.
public struct ValidationIssue: Sendable, Hashable, Codable, JSONWritable {
    /// `body.title`, `body.tags[2]`, `query.limit`, `path.id`, `header.if-match`.
    public var location: String
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeField("location", location)
        writer.writeField("message", message)
        writer.endObject()
    }
}
