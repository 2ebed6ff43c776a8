/// Everything the renderer prints, with every Swift name and type already decided.
struct GenerationPlan {
    var types: [TypeDeclaration]
    var operations: [OperationPlan]
    /// Whether any operation is secured, so the handler protocol needs `authenticate`.
    var hasSecurity: Bool
    var title: String
    /// The access level of every generated declaration and of the imports its signatures need.
    var accessModifier: AccessModifier
}

/// How a value of some schema is represented in Swift, decoded from JSON and checked.
indirect enum ValueKind {
    struct StringRules {
        var trims = false
        var minLength: Int?
        var maxLength: Int?
        var maxBytes: Int?
        var pattern: String?
        var format: String?
    }

    struct NumberRules {
        var minimum: Double?
        var maximum: Double?
        var exclusiveMinimum: Double?
        var exclusiveMaximum: Double?
    }

    case string(StringRules)
    case int64(NumberRules)
    case int32(NumberRules)
    case double(NumberRules)
    case bool
    case dateTime
    /// A generated struct or enum with its own `decode`, by qualified name (`Schemas.Task`).
    case named(String)
    case array(ValueKind, minItems: Int?, maxItems: Int?, uniqueItems: Bool)
    case dictionary(ValueKind)
    /// Any JSON value, unchecked.
    case any

    var swiftType: String {
        switch self {
        case .string: "String"
        case .int64: "Int64"
        case .int32: "Int32"
        case .double: "Double"
        case .bool: "Bool"
        case .dateTime: "Date"
        case .named(let name): name
        case .array(let element, _, _, _): "[\(element.swiftType)]"
        case .dictionary(let value): "[String: \(value.swiftType)]"
        case .any: "JSONValue"
        }
    }

    var usesFoundation: Bool {
        switch self {
        case .dateTime: true
        case .array(let element, _, _, _): element.usesFoundation
        case .dictionary(let value): value.usesFoundation
        default: false
        }
    }
}

/// How a struct member may be absent or null, which decides its Swift type.
enum Presence {
    /// Required, not nullable: `T`.
    case required
    /// Required and nullable: `T?`, must be present.
    case requiredNullable
    /// Optional, not nullable: `T?`, `nil` when absent.
    case optional
    /// Optional and nullable: `Nullable<T>?` — absent, `null` or a value.
    case optionalNullable
    /// Optional with a default: `T`, the default when absent. Holds the Swift expression.
    case defaulted(String)
}

struct PropertyPlan {
    var jsonName: String
    var swiftName: String
    var value: ValueKind
    var presence: Presence
    var documentation: [String]

    var swiftType: String {
        switch presence {
        case .required, .defaulted: value.swiftType
        case .requiredNullable, .optional: value.swiftType + "?"
        case .optionalNullable: "Nullable<\(value.swiftType)>?"
        }
    }
}

enum TypeDeclaration {
    case structure(StructPlan)
    case enumeration(EnumPlan)
    case alias(AliasPlan)

    var usesFoundation: Bool {
        switch self {
        case .structure(let plan):
            plan.properties.contains { $0.value.usesFoundation } || plan.nested.contains { $0.usesFoundation }
        case .enumeration: false
        case .alias(let plan): plan.target.usesFoundation
        }
    }
}

struct StructPlan {
    var name: String
    var qualifiedName: String
    var documentation: [String]
    var properties: [PropertyPlan]
    var nested: [TypeDeclaration]
}

struct EnumPlan {
    struct Case {
        var swiftName: String
        var rawValue: String
    }

    var name: String
    var qualifiedName: String
    var documentation: [String]
    var cases: [Case]
}

struct AliasPlan {
    var name: String
    var documentation: [String]
    var target: ValueKind
}

struct OperationPlan {
    enum Segment {
        case literal(String)
        case parameter(String)
    }

    var typeName: String
    var methodName: String
    var operationID: String
    var method: String
    var path: String
    var segments: [Segment]
    var documentation: [String]
    var pathParameters: [ParameterPlan]
    var queryParameters: [ParameterPlan]
    var headerParameters: [ParameterPlan]
    var cookieParameters: [ParameterPlan]
    var body: BodyPlan?
    var responses: [ResponsePlan]
    var security: SecurityPlan?
    var nested: [TypeDeclaration]

    var allParameters: [ParameterPlan] { pathParameters + queryParameters + headerParameters + cookieParameters }
}

struct ParameterPlan {
    var name: String
    var swiftName: String
    var value: ValueKind
    /// `.required`, `.optional` or `.defaulted`.
    var presence: Presence
    var documentation: [String]
    /// Arrays are repeated query parameters (`?tag=a&tag=b`).
    var isArray: Bool {
        if case .array = value { return true }
        return false
    }

    var swiftType: String {
        switch presence {
        case .required, .defaulted: value.swiftType
        default: value.swiftType + "?"
        }
    }
}

struct BodyPlan {
    enum Format: String {
        case json, form, text
    }

    var value: ValueKind
    var isRequired: Bool
    var mediaTypes: [(mediaType: String, format: Format)]
    var documentation: [String]

    var swiftType: String { isRequired ? value.swiftType : value.swiftType + "?" }
}

struct ResponsePlan {
    enum Status {
        case code(Int)
        case range(Int)
        case `default`
    }

    enum Body {
        case json(ValueKind, contentType: String)
        case problem(contentType: String)
        case text(contentType: String)
    }

    var caseName: String
    var status: Status
    var body: Body?
    var headers: [HeaderPlan]
    var documentation: [String]

    /// Whether the case carries the status code itself (ranges and `default`).
    var carriesStatus: Bool {
        if case .code = status { return false }
        return true
    }
}

struct HeaderPlan {
    var name: String
    var swiftName: String
    var value: ValueKind
    var isRequired: Bool
}

struct SecurityPlan {
    enum Source {
        case bearer
        case basic
        case header(String)
        case query(String)
        case cookie(String)
    }

    /// Tried in order; the first credential present is authenticated.
    var sources: [(scheme: String, source: Source)]
    /// `security: [{}]` among the alternatives: the principal is optional.
    var allowsAnonymous: Bool
}
