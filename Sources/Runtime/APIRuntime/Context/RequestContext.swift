internal import Synchronization

/// What the server knows about the request in flight that a handler may need, or may tell, beyond the operation's
/// input: the client's address, and who the request was authenticated as (for the access log).
///
/// One per request, bound task-locally by `RequestContextMiddleware` around the rest of the chain, so a handler
/// reads and writes it anywhere below without every generated signature growing a parameter.
public final class RequestContext: Sendable {
    /// The client's IP address as the server decided it: the socket's peer, or the address a trusted proxy reported
    /// for it.
    public let clientAddress: String?
    /// The path template of the operation the request is routed to (`/tasks/{id}`), for logs and metrics; `nil`
    /// when no route matches. Decided once, so every step that labels the request reads the same value.
    public let route: String?
    private let principal = Mutex<String?>(nil)

    public init(clientAddress: String?, route: String? = nil) {
        self.clientAddress = clientAddress
        self.route = route
    }

    /// Who the handler authenticated the request as (a user id), for the access log; never a credential.
    public var authenticatedAs: String? {
        get { principal.withLock { $0 } }
        set { principal.withLock { $0 = newValue } }
    }

    /// The request in flight's context; `nil` outside a request.
    @TaskLocal public static var current: RequestContext?
}
