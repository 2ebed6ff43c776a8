internal import APIRuntime
internal import Handlers

/// A request with a deleted user's token that validation refuses (`400`, `415`, `422`) gets `401`, as every other
/// request with that token does. Authentication checks only the token, and each operation's own statement proves
/// the user exists; a refused request runs no statement, so this asks — one statement, and only on refusals.
struct DeletedAccountMiddleware: HTTPMiddleware {
    static let refusals: Set<Int> = [400, 415, 422]

    let handler: TaskAPIHandler

    func respond(to request: HTTPRequest, next: HTTPResponder) async throws -> HTTPResponse {
        let response = try await next(request)
        guard Self.refusals.contains(response.status),
            let credential = CredentialLookup.first(in: request, from: [.bearer(scheme: "OAuth2PasswordBearer")]),
            try await handler.namesDeletedUser(credential)
        else { return response }
        return HTTPResponse(problem: TaskAPIHandler.invalidToken)
    }
}
