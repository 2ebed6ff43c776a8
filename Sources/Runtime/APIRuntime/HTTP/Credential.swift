/// A credential found in a request for one of an operation's security schemes.
public struct Credential: Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `Authorization: Bearer <token>` (OAuth 2.0, OpenID Connect, HTTP bearer).
        case bearer
        /// `Authorization: Basic <base64>`.
        case basic
        /// An API key from a header, query parameter or cookie.
        case apiKey
    }

    public var kind: Kind
    /// The security scheme's name in the OpenAPI document.
    public var scheme: String
    /// The token, the base64 user:password, or the key. Never logged.
    public var value: String
    /// The scopes (OAuth 2.0, OpenID Connect) or roles the operation's security requirement lists for this scheme.
    /// The router does not check them: only the handler knows what the credential grants.
    public var scopes: [String]

    public init(kind: Kind, scheme: String, value: String, scopes: [String] = []) {
        self.kind = kind
        self.scheme = scheme
        self.value = value
        self.scopes = scopes
    }

    public var description: String {
        let scopes = scopes.isEmpty ? "" : ", scopes: \(scopes)"
        return "Credential(\(kind), scheme: \(scheme)\(scopes), value: <redacted>)"
    }
}

/// Where a security scheme's credential is looked for, and the scopes the requirement lists for it.
public enum CredentialSource: Sendable {
    case bearer(scheme: String, scopes: [String] = [])
    case basic(scheme: String, scopes: [String] = [])
    case header(String, scheme: String, scopes: [String] = [])
    case query(String, scheme: String, scopes: [String] = [])
    case cookie(String, scheme: String, scopes: [String] = [])
}
