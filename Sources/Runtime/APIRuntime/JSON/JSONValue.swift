/// A parsed JSON document, kept close to the text so validation can tell integers from other numbers.
public enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// The literals `true` and `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int64`.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string, with escapes already resolved.
    case string(String)
    /// An array, in document order.
    case array([JSONValue])
    /// An object; when a key appears twice, the last value wins.
    case object([String: JSONValue])

    /// The JSON Schema name of this value's type, for messages such as "expected string, got integer".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
