/// The order the router tries paths in.
enum RoutePlanner {
    /// Paths grouped by segment count (ascending); within a group, a literal segment wins over a parameter at the
    /// first position where two paths differ, and otherwise the document's order holds.
    static func groups(_ operations: [OperationPlan]) -> [RouteGroup] {
        var routes: [(path: String, route: RouteGroup.Route)] = []
        for operation in operations {
            if let index = routes.firstIndex(where: { $0.path == operation.path }) {
                routes[index].route.operations.append(operation)
            } else {
                routes.append((operation.path, RouteGroup.Route(segments: operation.segments, operations: [operation])))
            }
        }
        let counts = Set(routes.map(\.route.segments.count)).sorted()
        return counts.map { count in
            let ordered = routes.map(\.route).filter { $0.segments.count == count }
                .enumerated()
                .sorted { lhs, rhs in
                    let left = lhs.element.segments.map(\.isParameter)
                    let right = rhs.element.segments.map(\.isParameter)
                    return left.lexicographicallyPrecedes(right) { !$0 && $1 }
                        || (left == right && lhs.offset < rhs.offset)
                }
                .map(\.element)
            return RouteGroup(segmentCount: count, routes: ordered)
        }
    }
}

extension OperationPlan.Segment {
    var isParameter: Bool {
        parameterName != nil
    }
}
