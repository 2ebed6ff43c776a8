/// A JSON Schema as far as the generator understands it.
package struct Schema: Sendable {
    package enum PrimitiveType: String, Sendable, CaseIterable {
        case string, integer, number, boolean, array, object
    }

    package indirect enum AdditionalProperties: Sendable {
        /// Absent: undeclared members are accepted and not kept.
        case allowed
        /// `true` or `{}`, said explicitly: undeclared members are kept (as JSON values) beside the declared ones.
        case kept
        case forbidden
        case schema(Schema)
    }

    package var location: SourceLocation
    /// JSON pointer of the schema in the document, for doc comments.
    package var pointer: String
    /// The component name of a `$ref: '#/components/schemas/Name'`; the other members are then unused.
    package var reference: String?
    /// The declared types other than `null`; empty when `type` is absent.
    package var types: [PrimitiveType] = []
    /// `type: [T, "null"]` (3.1) or `nullable: true` (3.0).
    package var isNullable = false
    package var format: String?
    package var description: String?
    /// `title`: names an inline schema's Swift type where the document gives no other name.
    package var title: String?
    package var properties: [Property] = []
    package var required: [String] = []
    package var additionalProperties: AdditionalProperties = .allowed
    /// Boxed in an array because a struct cannot contain an optional of itself.
    private var itemsStorage: [Schema] = []
    package var enumValues: [String]?
    /// An untyped `enum` whose values are of several JSON types (`[1, "a", true]`), typed as written.
    package var mixedEnum: [JSONLiteral]?
    package var allOf: [Schema] = []
    package var oneOf: [Schema] = []
    package var anyOf: [Schema] = []
    package var discriminator: Discriminator?
    package var minLength: Int?
    package var maxLength: Int?
    package var pattern: String?
    package var minimum: Double?
    package var maximum: Double?
    package var exclusiveMinimum: Double?
    package var exclusiveMaximum: Double?
    package var multipleOf: Double?
    package var minItems: Int?
    package var maxItems: Int?
    package var uniqueItems = false
    /// `x-max-bytes`: the largest UTF-8 length of a string (bcrypt's 72-byte password limit).
    package var maxBytes: Int?
    /// `x-trim`: surrounding whitespace is removed before the length checks, and the trimmed value is kept.
    package var trims = false
    package var defaultValue: YAMLNode?
    /// `example` and the values of `examples`, as written.
    package var examples: [YAMLNode] = []
    package var isDeprecated = false
    package var isReadOnly = false
    package var isWriteOnly = false

    package init(location: SourceLocation, pointer: String) {
        self.location = location
        self.pointer = pointer
    }

    package var items: Schema? {
        get { itemsStorage.first }
        set { itemsStorage = newValue.map { [$0] } ?? [] }
    }

    /// The single non-null type, if exactly one is declared.
    package var type: PrimitiveType? { types.count == 1 ? types[0] : nil }
}

/// A `discriminator`: which member names the schema of a `oneOf` or `anyOf` value.
package struct Discriminator: Sendable {
    package struct Mapping: Sendable {
        package var value: String
        /// The component schema the value selects.
        package var schemaName: String
        package var location: SourceLocation
    }

    package var propertyName: String
    /// The explicit `mapping`, in document order; schemas not named in it are selected by their own name.
    package var mapping: [Mapping]
    package var location: SourceLocation
}

/// A scalar JSON value as written in the document.
package enum JSONLiteral: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
}

/// A member of `properties`.
package struct Property: Sendable {
    package var name: String
    package var schema: Schema
    package var location: SourceLocation
}
