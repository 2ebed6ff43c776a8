/// The problems of routing itself, before any operation runs.
public enum RoutingProblem {
    public static func notFound() -> Problem {
        Problem(status: 404, detail: "Not Found")
    }

    public static func methodNotAllowed(allowed: [String]) -> Problem {
        Problem(status: 405, detail: "Method Not Allowed", headers: ["Allow": allowed.joined(separator: ", ")])
    }

    /// The answer to `OPTIONS` on a path whose operations do not declare it (RFC 9110 §9.3.7): `204` naming the
    /// methods the path allows. A CORS preflight is this request too; `CORSMiddleware` adds its headers.
    public static func options(allowed: [String]) -> HTTPResponse {
        HTTPResponse(status: 204, headers: ["Allow": allowed.joined(separator: ", ")])
    }
}
