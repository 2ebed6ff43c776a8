/// The problems of routing itself, before any operation runs.
public enum RoutingProblem {
    public static func notFound() -> Problem {
        Problem(status: 404, detail: "Not Found")
    }

    public static func methodNotAllowed(allowed: [String]) -> Problem {
        Problem(status: 405, detail: "Method Not Allowed", headers: ["Allow": allowed.joined(separator: ", ")])
    }
}
