/// Reads an operation's parameters out of a request, as JSON values for the validator.
public enum RequestParameters {
    /// A path segment, percent-decoded, as a JSON string for the validator.
    public static func path(_ segment: Substring) -> JSONValue {
        .string(FormDecoding.percentDecode(segment, plusAsSpace: false) ?? String(segment))
    }

    /// The query's parameters by name, each with every value in order.
    public static func queryItems(of request: HTTPRequest) throws(Problem) -> [String: [String]] {
        guard !request.query.isEmpty else { return [:] }
        do {
            var items: [String: [String]] = [:]
            for field in try FormDecoding.parse(request.query.utf8) {
                items[field.name, default: []].append(field.value)
            }
            return items
        } catch {
            throw Problem.invalid("query", error.message)
        }
    }

    /// A scalar query parameter; when repeated, the last value counts (as in FastAPI).
    public static func query(_ items: [String: [String]], _ name: String) -> JSONValue? {
        items[name]?.last.map(JSONValue.string)
    }

    /// A repeated query parameter (`?tag=a&tag=b`) as an array.
    public static func queryList(_ items: [String: [String]], _ name: String) -> JSONValue? {
        items[name].map { .array($0.map(JSONValue.string)) }
    }

    public static func header(_ request: HTTPRequest, _ name: String) -> JSONValue? {
        request.headers[name].map { .string(String($0.trimmingASCIISpaces())) }
    }

    /// A list-valued header: every field of that name, split at commas (RFC 9110 §5.3).
    public static func headerList(_ request: HTTPRequest, _ name: String) -> JSONValue? {
        let values = request.headers.values(of: name)
        guard !values.isEmpty else { return nil }
        let items = values.flatMap { $0.split(separator: ",") }.map { String($0.trimmingASCIISpaces()) }.filter {
            !$0.isEmpty
        }
        return .array(items.map(JSONValue.string))
    }

    public static func cookie(_ request: HTTPRequest, _ name: String) -> JSONValue? {
        for header in request.headers.values(of: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingASCIISpaces() == name {
                    return .string(String(parts[1].trimmingASCIISpaces().trimmingCharacters(in: "\"")))
                }
            }
        }
        return nil
    }
}
