/// Finds the credentials of an operation's security requirements in a request.
public enum CredentialLookup {
    /// The first credential present, in the order of the operation's security alternatives.
    public static func first(in request: HTTPRequest, from sources: [CredentialSource]) -> Credential? {
        for source in sources {
            if let credential = credential(in: request, from: source) { return credential }
        }
        return nil
    }

    /// The credential `source` names, if the request carries it.
    private static func credential(in request: HTTPRequest, from source: CredentialSource) -> Credential? {
        switch source {
        case .bearer(let scheme, let scopes):
            if let token = authorization(request, scheme: "Bearer") {
                return Credential(kind: .bearer, scheme: scheme, value: token, scopes: scopes)
            }
        case .basic(let scheme, let scopes):
            if let value = authorization(request, scheme: "Basic") {
                return Credential(kind: .basic, scheme: scheme, value: value, scopes: scopes)
            }
        case .header(let name, let scheme, let scopes):
            if let value = request.headers[name], !value.isEmpty {
                return Credential(kind: .apiKey, scheme: scheme, value: value, scopes: scopes)
            }
        case .query(let name, let scheme, let scopes):
            let items = try? RequestParameters.queryItems(of: request)
            if let value = items?[name]?.last, !value.isEmpty {
                return Credential(kind: .apiKey, scheme: scheme, value: value, scopes: scopes)
            }
        case .cookie(let name, let scheme, let scopes):
            if case .string(let value)? = RequestParameters.cookie(request, name), !value.isEmpty {
                return Credential(kind: .apiKey, scheme: scheme, value: value, scopes: scopes)
            }
        }
        return nil
    }

    /// The credentials of the first alternative whose schemes are all present, in the alternative's order. An
    /// alternative of several schemes is a requirement that names them all (OpenAPI: they must all be satisfied).
    public static func all(in request: HTTPRequest, anyOf alternatives: [[CredentialSource]]) -> [Credential]? {
        for alternative in alternatives where !alternative.isEmpty {
            let found = alternative.compactMap { credential(in: request, from: $0) }
            if found.count == alternative.count { return found }
        }
        return nil
    }

    /// The credential, or a `401` whose `WWW-Authenticate` names the expected scheme (RFC 6750 §3 for bearer).
    public static func require(in request: HTTPRequest, from sources: [CredentialSource]) throws(Problem) -> Credential
    {
        if let credential = first(in: request, from: sources) { return credential }
        throw notAuthenticated(sources)
    }

    /// The credentials of the first complete alternative, or a `401` naming the expected schemes.
    public static func requireAll(
        in request: HTTPRequest,
        anyOf alternatives: [[CredentialSource]]
    ) throws(Problem) -> [Credential] {
        if let credentials = all(in: request, anyOf: alternatives) { return credentials }
        throw notAuthenticated(alternatives.flatMap { $0 })
    }

    private static func notAuthenticated(_ sources: [CredentialSource]) -> Problem {
        var headers = HTTPHeaders()
        for source in sources {
            switch source {
            case .bearer: headers.add("WWW-Authenticate", "Bearer")
            case .basic: headers.add("WWW-Authenticate", "Basic")
            default: break
            }
        }
        return Problem(status: 401, detail: "Not authenticated", headers: headers)
    }

    /// The credentials of `Authorization: <scheme> <credentials>`; the scheme compares case-insensitively (RFC 9110 §11.1).
    private static func authorization(_ request: HTTPRequest, scheme: String) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, String(parts[0]).caseInsensitiveEquals(scheme) else { return nil }
        let credentials = parts[1].trimmingASCIISpaces()
        return credentials.isEmpty ? nil : String(credentials)
    }
}
