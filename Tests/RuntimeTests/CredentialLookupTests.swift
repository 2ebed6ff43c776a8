import APIRuntime
import Testing

@Suite struct CredentialLookupTests {
    static let keyAndApp: [CredentialSource] = [
        .header("X-API-Key", scheme: "apiKey"), .query("app_id", scheme: "appID"),
    ]
    static let alternatives: [[CredentialSource]] = [keyAndApp, [.bearer(scheme: "bearer")]]

    func request(_ target: String, _ headers: HTTPHeaders = [:]) -> HTTPRequest {
        HTTPRequest(method: "GET", target: target, headers: headers)
    }

    @Test func aRequirementOfTwoSchemesNeedsBothCredentials() throws {
        let both = try #require(
            CredentialLookup.all(in: request("/r?app_id=a1", ["X-API-Key": "k1"]), anyOf: Self.alternatives))
        #expect(both.map(\.scheme) == ["apiKey", "appID"])
        #expect(both.map(\.value) == ["k1", "a1"])
        #expect(CredentialLookup.all(in: request("/r", ["X-API-Key": "k1"]), anyOf: [Self.keyAndApp]) == nil)
    }

    @Test func theFirstCompleteAlternativeWins() throws {
        let onlyKey = request("/r", ["X-API-Key": "k1", "Authorization": "Bearer t"])
        let found = try #require(CredentialLookup.all(in: onlyKey, anyOf: Self.alternatives))
        #expect(found.map(\.scheme) == ["bearer"])
    }

    @Test func noCompleteAlternativeIs401NamingTheBearerChallenge() {
        #expect(throws: Problem.self) {
            try CredentialLookup.requireAll(in: request("/r?app_id=a"), anyOf: Self.alternatives)
        }
        do {
            _ = try CredentialLookup.requireAll(in: request("/r?app_id=a"), anyOf: Self.alternatives)
        } catch {
            #expect(error.status == 401)
            #expect(error.headers["WWW-Authenticate"] == "Bearer")
        }
    }

    @Test func aCredentialCarriesTheScopesItsRequirementLists() throws {
        let sources: [CredentialSource] = [.bearer(scheme: "oauth", scopes: ["pets:read", "pets:write"])]
        let credential = try #require(
            CredentialLookup.first(in: request("/r", ["Authorization": "Bearer t"]), from: sources))
        #expect(credential.scopes == ["pets:read", "pets:write"])
        #expect(
            credential.description
                == #"Credential(bearer, scheme: oauth, scopes: ["pets:read", "pets:write"], value: <redacted>)"#)
        let key = try #require(CredentialLookup.first(in: request("/r", ["X-API-Key": "k"]), from: Self.keyAndApp))
        #expect(key.scopes.isEmpty)
    }

    @Test func emptyCredentialsDoNotCount() {
        #expect(
            CredentialLookup.first(in: request("/r", ["Authorization": "Bearer "]), from: [.bearer(scheme: "b")]) == nil
        )
        #expect(CredentialLookup.all(in: request("/r?app_id=", ["X-API-Key": "k"]), anyOf: [Self.keyAndApp]) == nil)
    }
}
