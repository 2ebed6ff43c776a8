package import APIRuntime
package import Generated
import Logging
import PasswordsLibxcrypt
import SecurityLibcrypto

extension TaskAPIHandler {
    /// RFC 6750 §3.1: a rejected token is `invalid_token`.
    package static let invalidToken = Problem(
        status: 401,
        detail: "Could not validate credentials",
        headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""]
    )

    /// Checks the token's signature and expiry only. That its user still exists is proven by each operation's
    /// own statement (see `TaskStore`), so a request costs one round trip, and a deleted user's token still gets
    /// `401` everywhere.
    package func authenticate(_ credential: Credential) async throws -> AuthenticatedUser {
        if credential.scheme == Self.metricsScheme { return try authenticateScraper(credential) }
        guard let id = tokens.userID(from: credential.value) else { throw Self.invalidToken }
        RequestContext.current?.authenticatedAs = String(id)
        return AuthenticatedUser(id: id)
    }

    static let metricsScheme = "MetricsToken"

    /// With no `METRICS_TOKEN` the metrics are public, and whatever token comes is as good as none.
    private func authenticateScraper(_ credential: Credential) throws -> AuthenticatedUser {
        guard let expected = metricsToken else { return .metricsScraper }
        guard ConstantTime.areEqual(Array(credential.value.utf8), Array(expected.utf8)) else {
            throw Self.invalidToken
        }
        return .metricsScraper
    }

    /// Whether `credential` is a valid token whose user no longer exists. A request refused by validation never
    /// reaches the statement that would have told (see `authenticate`), so the composition root asks here before
    /// such a refusal goes out: a deleted user's token gets `401` whatever else is wrong with the request.
    package func namesDeletedUser(_ credential: Credential) async throws -> Bool {
        guard let id = tokens.userID(from: credential.value) else { return false }
        return try await users.user(id: id) == nil
    }

    static let tooManyAttempts = Problem(status: 429, detail: "Too many attempts; try again later")

    package func register(_ input: Operations.Register.Input) async throws -> Operations.Register.Output {
        let address = RateLimiter.Bucket.registerAddress(
            RequestContext.current?.clientAddress, rateLimiter.limits.registration)
        if let retryAfter = try await rateLimiter.attempt([address]) {
            return .tooManyRequests(Self.tooManyAttempts, retryAfter: retryAfter)
        }
        let email = input.body.email.lowercased()
        let hash = try await passwords.hash(Password(input.body.password))
        guard let user = try await users.create(email: email, passwordHash: hash) else {
            return .badRequest(Problem(status: 400, detail: "Email already registered"))
        }
        logger.info("user registered", metadata: ["user_id": "\(user.id)"])
        return .created(user, location: "/users/me")
    }

    /// The attempt is counted against the email and the client address before bcrypt runs, so a guesser past the
    /// limit costs one statement, not a hash; a success takes its attempt back and clears the email's count.
    package func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        let email = input.body.username.lowercased()
        let emailBucket = RateLimiter.Bucket.loginEmail(email, rateLimiter.limits.login)
        let addressBucket = RateLimiter.Bucket.loginAddress(
            RequestContext.current?.clientAddress, rateLimiter.limits.login)
        if let retryAfter = try await rateLimiter.attempt([emailBucket, addressBucket]) {
            return .tooManyRequests(Self.tooManyAttempts, retryAfter: retryAfter)
        }
        let account = try await users.credentials(email: email)
        // Unknown emails are verified against a dummy hash, so both failures take the same time.
        let isValid = try await passwords.verify(Password(input.body.password), against: account?.passwordHash)
        guard isValid, let account else {
            let problem = Problem(status: 401, detail: "Incorrect email or password", error: "invalid_grant")
            return .unauthorized(problem, wwwAuthenticate: "Bearer")
        }
        try await rateLimiter.forgive(clearing: emailBucket, returning: addressBucket)
        let refreshToken = try await refreshTokens.issue(forUser: account.id)
        return .ok(try tokenResponse(for: account.id, refreshToken: refreshToken), cacheControl: "no-store")
    }

    package func refreshToken(_ input: Operations.RefreshToken.Input) async throws -> Operations.RefreshToken.Output {
        switch try await refreshTokens.rotate(input.body.refreshToken) {
        case .rotated(let userID, let next):
            return .ok(try tokenResponse(for: userID, refreshToken: next), cacheControl: "no-store")
        case .refused:
            return .unauthorized(
                Problem(status: 401, detail: "The refresh token is not valid", error: "invalid_grant"))
        }
    }

    package func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        try await refreshTokens.revokeFamily(of: input.body.refreshToken)
        return .noContent
    }

    /// A new access token for `userID` beside `refreshToken`, as login and refresh answer them.
    private func tokenResponse(for userID: Int64, refreshToken: String) throws -> Schemas.Token {
        let (token, expiresIn) = try tokens.issue(forUser: userID)
        return Schemas.Token(
            accessToken: token.text, tokenType: "bearer", expiresIn: expiresIn, refreshToken: refreshToken)
    }

    package func getCurrentUser(
        _ input: Operations.GetCurrentUser.Input,
        principal: AuthenticatedUser
    ) async throws -> Operations.GetCurrentUser.Output {
        guard let user = try await users.user(id: principal.id) else { throw Self.invalidToken }
        return .ok(user)
    }

    /// Access tokens name the user and every statement proves the user exists, so once the row is gone every token
    /// of the account is refused: nothing to revoke one by one.
    package func deleteCurrentUser(
        _ input: Operations.DeleteCurrentUser.Input,
        principal: AuthenticatedUser
    ) async throws -> Operations.DeleteCurrentUser.Output {
        guard try await users.delete(id: principal.id) else { throw Self.invalidToken }
        return .noContent
    }
}
