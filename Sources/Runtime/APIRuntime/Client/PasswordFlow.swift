/// The OAuth 2.0 resource-owner password grant (RFC 6749 §4.3) for a generated client's `logIn`: the form goes to
/// the scheme's `tokenUrl`, and the `access_token` answered becomes the scheme's bearer token in `credentials`, so
/// every later request the scheme secures carries it.
public enum PasswordFlow {
    /// - Returns: the token response's JSON members (`access_token`, `token_type`, `expires_in`, and whatever else
    ///   the server sends, such as `refresh_token`).
    /// - Throws: `ClientError.invalidResponse` for an answer other than `200` with an `access_token`; its detail is
    ///   the server's `detail` or OAuth `error`, never the password.
    @discardableResult
    public static func logIn(
        username: String, password: String, scope: String? = nil, tokenURL: String, scheme: String,
        credentials: ClientCredentials, send: (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> [String: JSONValue] {
        var form = QueryString()
        form.append("grant_type", "password")
        form.append("username", username)
        form.append("password", password)
        if let scope { form.append("scope", scope) }
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/x-www-form-urlencoded")
        headers.set("Accept", "application/json")
        let response = try await send(
            HTTPRequest(method: "POST", target: tokenURL, headers: headers, body: Array(form.encoded.utf8)))
        let members = try? JSONParser.parseObject(response.body)
        guard response.status == 200, case .string(let token)? = members?["access_token"] else {
            let problem = ClientDecoding.problem(response)
            throw ClientError.invalidResponse(
                status: response.status, detail: problem.detail ?? problem.error ?? "no access_token in the answer")
        }
        credentials.set(token, for: scheme)
        return members ?? [:]
    }
}
