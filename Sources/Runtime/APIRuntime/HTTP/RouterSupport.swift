/// What generated routers call to read requests: credentials, parameters and bodies, and the errors of routing.
public enum RouterSupport {
    // MARK: Routing errors

    public static func notFound() -> Problem {
        Problem(status: 404, detail: "Not Found")
    }

    public static func methodNotAllowed(allowed: [String]) -> Problem {
        Problem(status: 405, detail: "Method Not Allowed", headers: ["Allow": allowed.joined(separator: ", ")])
    }

    // MARK: Credentials

    /// The first credential present, in the order of the operation's security alternatives.
    public static func credential(in request: HTTPRequest, from sources: [CredentialSource]) -> Credential? {
        for source in sources {
            switch source {
            case .bearer(let scheme):
                if let token = authorization(request, scheme: "Bearer") {
                    return Credential(kind: .bearer, scheme: scheme, value: token)
                }
            case .basic(let scheme):
                if let value = authorization(request, scheme: "Basic") {
                    return Credential(kind: .basic, scheme: scheme, value: value)
                }
            case .header(let name, let scheme):
                if let value = request.headers[name], !value.isEmpty {
                    return Credential(kind: .apiKey, scheme: scheme, value: value)
                }
            case .query(let name, let scheme):
                let items = try? queryItems(of: request)
                if let value = items?[name]?.last, !value.isEmpty {
                    return Credential(kind: .apiKey, scheme: scheme, value: value)
                }
            case .cookie(let name, let scheme):
                if case .string(let value)? = cookieValue(request, name), !value.isEmpty {
                    return Credential(kind: .apiKey, scheme: scheme, value: value)
                }
            }
        }
        return nil
    }

    /// The credential, or a `401` whose `WWW-Authenticate` names the expected scheme (RFC 6750 §3 for bearer).
    public static func requireCredential(in request: HTTPRequest, from sources: [CredentialSource]) throws(Problem) -> Credential {
        if let credential = credential(in: request, from: sources) { return credential }
        var headers = HTTPHeaders()
        for source in sources {
            switch source {
            case .bearer: headers.add("WWW-Authenticate", "Bearer")
            case .basic: headers.add("WWW-Authenticate", "Basic")
            default: break
            }
        }
        throw Problem(status: 401, detail: "Not authenticated", headers: headers)
    }

    /// The credentials of `Authorization: <scheme> <credentials>`; the scheme compares case-insensitively (RFC 9110 §11.1).
    private static func authorization(_ request: HTTPRequest, scheme: String) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, String(parts[0]).caseInsensitiveEquals(scheme) else { return nil }
        let credentials = parts[1].trimmingASCIISpaces()
        return credentials.isEmpty ? nil : String(credentials)
    }

    // MARK: Parameters

    /// A path segment, percent-decoded, as a JSON string for the validator.
    public static func pathValue(_ segment: Substring) -> JSONValue {
        .string(FormDecoding.percentDecode(segment, plusAsSpace: false) ?? String(segment))
    }

    /// The query's parameters by name, each with every value in order.
    public static func queryItems(of request: HTTPRequest) throws(Problem) -> [String: [String]] {
        guard !request.query.isEmpty else { return [:] }
        do {
            var items: [String: [String]] = [:]
            for field in try FormDecoding.parse(request.query.utf8) { items[field.name, default: []].append(field.value) }
            return items
        } catch {
            throw Problem(
                status: 422,
                detail: "query: \(error.message)",
                errors: [ValidationIssue(location: "query", message: error.message)]
            )
        }
    }

    /// A scalar query parameter; when repeated, the last value counts (as in FastAPI).
    public static func queryValue(_ items: [String: [String]], _ name: String) -> JSONValue? {
        items[name]?.last.map(JSONValue.string)
    }

    /// A repeated query parameter (`?tag=a&tag=b`) as an array.
    public static func queryValues(_ items: [String: [String]], _ name: String) -> JSONValue? {
        items[name].map { .array($0.map(JSONValue.string)) }
    }

    public static func headerValue(_ request: HTTPRequest, _ name: String) -> JSONValue? {
        request.headers[name].map { .string(String($0.trimmingASCIISpaces())) }
    }

    /// A list-valued header: every field of that name, split at commas (RFC 9110 §5.3).
    public static func headerValues(_ request: HTTPRequest, _ name: String) -> JSONValue? {
        let values = request.headers.values(of: name)
        guard !values.isEmpty else { return nil }
        let items = values.flatMap { $0.split(separator: ",") }.map { String($0.trimmingASCIISpaces()) }.filter { !$0.isEmpty }
        return .array(items.map(JSONValue.string))
    }

    public static func cookieValue(_ request: HTTPRequest, _ name: String) -> JSONValue? {
        for header in request.headers.values(of: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingASCIISpaces() == name {
                    return .string(String(parts[1].trimmingASCIISpaces().trimmingCharacters(in: "\"")))
                }
            }
        }
        return nil
    }

    // MARK: Bodies

    public enum BodyFormat: Sendable {
        case json
        case form
        case text
    }

    public struct BodyContent: Sendable {
        public var json: JSONValue
        public var isForm: Bool
    }

    /// The request body parsed by its media type, or `nil` when there is none.
    ///
    /// An empty body without `Content-Type` is an empty form where the operation takes a form — a form without
    /// fields, whose missing fields validation then names one by one — and no body otherwise.
    ///
    /// - Throws: `415` for a media type the operation does not accept (or a charset other than UTF-8), `400` for
    ///   malformed JSON or form data.
    public static func body(
        of request: HTTPRequest,
        accepting accepted: [(mediaType: String, format: BodyFormat)]
    ) throws(Problem) -> BodyContent? {
        guard let mediaType = request.mediaType else {
            if request.body.isEmpty {
                return accepted.contains { $0.format == .form } ? BodyContent(json: .object([:]), isForm: true) : nil
            }
            throw unsupportedMediaType(nil, accepted)
        }
        guard let format = accepted.first(where: { $0.mediaType == mediaType })?.format else {
            throw unsupportedMediaType(String(mediaType), accepted)
        }
        if let charset = request.charset, charset != "utf-8", charset != "utf8" {
            throw Problem(status: 415, detail: "Unsupported charset '\(charset)': request bodies must be UTF-8")
        }
        switch format {
        case .json:
            do {
                return BodyContent(json: try JSONParser.parse(request.body), isForm: false)
            } catch {
                throw Problem(status: 400, detail: "Malformed JSON: \(error.message)")
            }
        case .form:
            do {
                var members: [String: JSONValue] = [:]
                for field in try FormDecoding.parse(request.body) { members[field.name] = .string(field.value) }
                return BodyContent(json: .object(members), isForm: true)
            } catch {
                throw Problem(status: 400, detail: "Malformed form data: \(error.message)")
            }
        case .text:
            guard let text = String(validating: request.body, as: UTF8.self) else {
                throw Problem(status: 400, detail: "The body is not valid UTF-8")
            }
            return BodyContent(json: .string(text), isForm: false)
        }
    }

    private static func unsupportedMediaType(
        _ mediaType: String?,
        _ accepted: [(mediaType: String, format: BodyFormat)]
    ) -> Problem {
        let expected = accepted.map(\.mediaType).joined(separator: ", ")
        let detail = mediaType.map { "Unsupported media type '\($0)'; expected \(expected)" }
            ?? "Missing Content-Type; expected \(expected)"
        return Problem(status: 415, detail: detail, headers: ["Accept": accepted.map(\.mediaType).joined(separator: ", ")])
    }
}
