/// A value that may be explicitly `null`.
///
/// A property that is both optional and nullable has the type `Nullable<T>?`: `nil` means the member was absent,
/// `.null` that it was sent as `null`. RFC 7396 merge patches need the difference (absent = unchanged, null = clear).
public enum Nullable<Wrapped> {
    case null
    case value(Wrapped)

    /// The wrapped value, or `nil` for `.null`.
    public var value: Wrapped? {
        if case .value(let wrapped) = self { return wrapped }
        return nil
    }

    public init(_ optional: Wrapped?) {
        self = optional.map(Nullable.value) ?? .null
    }
}

extension Nullable: Sendable where Wrapped: Sendable {}
extension Nullable: Equatable where Wrapped: Equatable {}
extension Nullable: Hashable where Wrapped: Hashable {}

extension Nullable: Codable where Wrapped: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Wrapped.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let wrapped): try container.encode(wrapped)
        }
    }
}

extension Nullable: JSONWritable where Wrapped: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.writeNull()
        case .value(let wrapped): wrapped.writeJSON(to: &writer)
        }
    }
}
