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

    public init(kind: Kind, scheme: String, value: String) {
        self.kind = kind
        self.scheme = scheme
        self.value = value
    }

    public var description: String { "Credential(\(kind), scheme: \(scheme), value: <redacted>)" }
}

/// Where a security scheme's credential is looked for.
public enum CredentialSource: Sendable {
    case bearer(scheme: String)
    case basic(scheme: String)
    case header(String, scheme: String)
    case query(String, scheme: String)
    case cookie(String, scheme: String)
}
