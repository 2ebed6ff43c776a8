/// A type that generated code decodes from a parsed JSON value, checking every schema constraint.
public protocol JSONDecodable {
    /// Decodes `json`, recording every violation in `validator` with its location.
    /// - Returns: the value, or `nil` when anything was invalid (the reasons are in `validator`).
    static func decode(_ json: JSONValue, at location: @autoclosure () -> String, _ validator: inout Validator) -> Self?
}

extension JSONValue: JSONDecodable {
    public static func decode(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        _ validator: inout Validator
    ) -> JSONValue? {
        json
    }
}
