internal import Synchronization

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The secrets a generated client sends, by security scheme name (as the document's `securitySchemes` names
/// them): a bearer token, an API key, or `user:password` for basic authentication. Shared and changeable while
/// requests run, so that logging in (`APIClient.logIn`) or refreshing a token reaches every later request.
/// `description` names the schemes, never the values.
public final class ClientCredentials: Sendable, CustomStringConvertible {
    private let values: Mutex<[String: String]>

    public init(_ values: [String: String] = [:]) {
        self.values = Mutex(values)
    }

    /// Sets (or, with `nil`, removes) the credential of `scheme`.
    public func set(_ value: String?, for scheme: String) {
        values.withLock { $0[scheme] = value }
    }

    public func value(for scheme: String) -> String? {
        values.withLock { $0[scheme] }
    }

    public var description: String {
        "ClientCredentials(" + values.withLock { $0.keys.sorted() }.joined(separator: ", ") + ")"
    }

    /// Adds the credentials of the first alternative the client holds every one of, as the operation's security
    /// says. With none of them held, an operation that also allows anonymous calls is sent without; any other
    /// throws `ClientError.missingCredential` naming the first scheme, before anything is sent.
    public func apply(
        _ alternatives: [[CredentialSource]], allowsAnonymous: Bool, to headers: inout HTTPHeaders,
        query: inout QueryString, cookies: inout [String]
    ) throws {
        let held = values.withLock { $0 }
        for alternative in alternatives {
            let secrets = alternative.map { held[$0.scheme] }
            guard secrets.allSatisfy({ $0 != nil }) else { continue }
            for (source, secret) in zip(alternative, secrets.map { $0! }) {
                switch source {
                case .bearer: headers.set("Authorization", "Bearer " + secret)
                case .basic: headers.set("Authorization", "Basic " + Data(secret.utf8).base64EncodedString())
                case .header(let name, _, _): headers.set(name, secret)
                case .query(let name, _, _): query.append(name, secret)
                case .cookie(let name, _, _): cookies.append(name + "=" + ClientParameters.encoded(secret))
                }
            }
            return
        }
        guard allowsAnonymous else {
            throw ClientError.missingCredential(scheme: alternatives.first?.first?.scheme ?? "")
        }
    }
}

extension CredentialSource {
    /// The security scheme the source belongs to.
    public var scheme: String {
        switch self {
        case .bearer(let scheme, _), .basic(let scheme, _), .header(_, let scheme, _), .query(_, let scheme, _),
            .cookie(_, let scheme, _):
            scheme
        }
    }
}
