/// How a generated client reads the responses its document describes. A body or header that does not match the
/// document is a `ClientError.invalidResponse`, never a crash and never a value that breaks its type's rules.
public enum ClientDecoding {
    /// The body as JSON (an empty body is `null`, for the schema to accept or refuse).
    public static func json(_ response: HTTPResponse) throws -> JSONValue {
        if response.body.isEmpty { return .null }
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw ClientError.invalidResponse(status: response.status, detail: "the body is not JSON: \(error)")
        }
    }

    /// An `application/x-www-form-urlencoded` body as the JSON object its schema reads (with a validator that
    /// converts text): `arrays` name the repeated fields, `json` those that hold JSON text; any other field is its
    /// text, the last one winning.
    public static func form(_ response: HTTPResponse, arrays: Set<String>, json: Set<String>) throws -> JSONValue {
        do {
            return .object(try RequestBody.formMembers(response.body, fields: .init(arrays: arrays, json: json)))
        } catch {
            throw ClientError.invalidResponse(status: response.status, detail: error.detail ?? "not a form")
        }
    }

    /// The body as text; it must be UTF-8.
    public static func text(_ response: HTTPResponse) throws -> String {
        guard let text = String(validating: response.body, as: UTF8.self) else {
            throw ClientError.invalidResponse(status: response.status, detail: "the body is not UTF-8 text")
        }
        return text
    }

    /// A header's value as the validator reads text, or `nil` when the response lacks it.
    public static func header(_ response: HTTPResponse, _ name: String) -> JSONValue? {
        response.headers[name].map(JSONValue.string)
    }

    /// Throws when the validator found any issue in what the response carried.
    public static func check(_ validator: Validator, _ response: HTTPResponse) throws {
        guard !validator.isValid else { return }
        let issues = validator.issues.map { "\($0.location): \($0.message)" }.joined(separator: "; ")
        throw ClientError.invalidResponse(status: response.status, detail: issues)
    }

    /// An `application/problem+json` body as a `Problem`, with the response's headers; a body that is not one
    /// still yields a problem of the response's status, its text as the detail.
    public static func problem(_ response: HTTPResponse) -> Problem {
        guard case .object(let members)? = try? JSONParser.parse(response.body) else {
            let text = String(decoding: response.body, as: UTF8.self)
            return Problem(status: response.status, detail: text.isEmpty ? nil : text, headers: response.headers)
        }
        func string(_ key: String) -> String? {
            if case .string(let value)? = members[key] { return value }
            return nil
        }
        var issues: [ValidationIssue]?
        if case .array(let items)? = members["errors"] {
            issues = items.compactMap { item in
                guard case .object(let issue) = item, case .string(let location)? = issue["location"],
                    case .string(let message)? = issue["message"]
                else { return nil }
                return ValidationIssue(location: location, message: message)
            }
        }
        return Problem(
            status: response.status, detail: string("detail"), title: string("title"),
            type: string("type") ?? "about:blank", instance: string("instance"), errors: issues,
            error: string("error"), headers: response.headers)
    }
}
