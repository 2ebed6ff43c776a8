/// What the transport knows about the request that a handler may need but the operation's input does not carry.
///
/// The values are task-local: the server's middleware binds them around the rest of the chain, and a handler reads
/// them anywhere below without every generated signature growing a parameter.
public enum RequestContext {
    /// The client's IP address as the server decided it: the socket's peer, or the address a trusted proxy reported
    /// for it. `nil` outside a request.
    @TaskLocal public static var clientAddress: String?
}
