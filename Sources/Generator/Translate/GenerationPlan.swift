/// Everything the renderer prints, with every Swift name, type, default value, route order and import already
/// decided: the renderers only spell it.
package struct GenerationPlan {
    var types: [TypeDeclaration]
    var operations: [OperationPlan]
    /// Whether any operation is secured, so the handler protocol needs `authenticate`.
    var hasSecurity: Bool
    /// Whether some operation requires several credentials at once, so the handler protocol also needs
    /// `authenticate(_ credentials: [Credential])`.
    var hasCompoundSecurity: Bool
    var title: String
    /// The access level of every generated declaration and of the imports its signatures need.
    var accessModifier: AccessModifier
    /// The routes in matching order: by segment count, and within one count literal segments before parameters.
    var routes: [RouteGroup]
    /// The modules each file imports.
    var imports: [GeneratedFile: [ModuleImport]]
    /// The document's examples as checks, when asked for (`ExampleChecks.swift`).
    var exampleChecks: [ExampleCheck] = []
    /// OAuth 2.0 password flows, by scheme name: where the generated client's `logIn` posts the form.
    var passwordFlows: [(scheme: String, tokenURL: String)] = []
}

/// The files the generator writes.
package enum GeneratedFile: String, CaseIterable, Sendable {
    case handler = "APIHandler.swift"
    case router = "APIRouter.swift"
    case docs = "DocsPage.swift"
    case spec = "OpenAPISpec.swift"
    case operations = "Operations.swift"
    case client = "APIClient.swift"
    case schemas = "Schemas.swift"
}

/// One `import` line: `visible` when the file's declarations show the module's types, so the import carries the
/// generated code's access level; otherwise it is an internal import.
struct ModuleImport: Equatable {
    var module: String
    var visible: Bool
}

/// The paths of one segment count, in matching order.
struct RouteGroup {
    struct Route {
        var segments: [OperationPlan.Segment]
        /// Every operation on the path, in document order.
        var operations: [OperationPlan]
    }

    var segmentCount: Int
    var routes: [Route]
}

/// Which JSON coding a generated type needs: decoding when a request can carry it, writing when a response can.
/// A type needs neither when only documentation uses it; a password in a request type can then never be written.
struct CodingRoles: OptionSet, Hashable {
    let rawValue: Int

    static let decoding = CodingRoles(rawValue: 1)
    static let writing = CodingRoles(rawValue: 2)
    /// Decoded from a request the server receives, where `required` does not hold for `readOnly` members.
    static let decodesRequests = CodingRoles(rawValue: 4)
    /// Decoded from a response a client receives, where `required` does not hold for `writeOnly` members.
    static let decodesResponses = CodingRoles(rawValue: 8)
}

/// A schema's `default`, checked against the Swift type it must fit.
enum DefaultValue: Equatable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case bool(Bool)
    /// The case name of the enum value.
    case enumCase(String)
    case emptyArray
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
        var multipleOf: Double?
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
    /// Bytes: a binary body as it came, or a base64 string inside JSON.
    case bytes
    /// Any JSON value, unchecked.
    case any
    /// A value of the kind that must also equal one of the Swift literals (an `enum` or `const` of numbers or
    /// booleans).
    case allowed(ValueKind, [String])
}

/// How a struct member may be absent or null, which decides its Swift type.
enum Presence: Equatable {
    /// Required, not nullable: `T`.
    case required
    /// Required and nullable: `T?`, must be present.
    case requiredNullable
    /// Optional, not nullable: `T?`, `nil` when absent.
    case optional
    /// Optional and nullable: `Nullable<T>?` — absent, `null` or a value.
    case optionalNullable
    /// Optional with a default: `T`, the default when absent.
    case defaulted(DefaultValue)
}

struct PropertyPlan {
    var jsonName: String
    var swiftName: String
    var value: ValueKind
    var presence: Presence
    var documentation: [String]
    /// Stored `@Indirect`, in a box, because it closes a cycle of structs containing each other.
    var isIndirect = false
    /// `readOnly`: a response member; `required` does not apply to requests.
    var isReadOnly = false
    /// `writeOnly`: a request member, never written into a response.
    var isWriteOnly = false
    /// A `required` member made optional because the type is also decoded in the direction where it is absent:
    /// the decoder still reports it missing when reading the other direction (`Validator.readsResponse`).
    var requiredOnlyIn: Direction?

    enum Direction { case requests, responses }
}

enum TypeDeclaration {
    case structure(StructPlan)
    case enumeration(EnumPlan)
    case union(UnionPlan)
    case alias(AliasPlan)
}

struct StructPlan {
    var name: String
    var qualifiedName: String
    var documentation: [String]
    var coding: CodingRoles = []
    var properties: [PropertyPlan]
    var nested: [TypeDeclaration]
    /// An `allOf` that is not one object: every property is a part, decoded from the whole value and written
    /// into one object with the others.
    var isAllOf = false
    /// `additionalProperties: false`: a member the schema does not declare is an issue.
    var forbidsUnknownMembers = false
    /// `additionalProperties: true` or a schema beside `properties`: the undeclared members, each checked by that
    /// schema (`JSONValue` for `true`), kept in a dictionary member of this name.
    var additionalMembers: (swiftName: String, value: ValueKind)?
}

/// A `oneOf` or `anyOf`: an enum with one case per member schema.
struct UnionPlan {
    struct Case {
        var swiftName: String
        var value: ValueKind
        /// What messages call the member: its schema's name, or its JSON type.
        var label: String
        /// The discriminator values that select this member, when a discriminator decides.
        var discriminatorValues: [String]
    }

    var name: String
    var qualifiedName: String
    var documentation: [String]
    /// `oneOf`: exactly one member must match. `anyOf`: the first member that matches, in declared order.
    var requiresExactlyOne: Bool
    /// The member of the JSON object that selects the case, when a discriminator decides instead of trying each.
    var discriminatorProperty: String?
    var cases: [Case]
    var nested: [TypeDeclaration]
    var coding: CodingRoles = []
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
    var coding: CodingRoles = []
}

struct AliasPlan {
    /// What an alias names: a value kind, or one of the runtime's own types.
    enum Target {
        case value(ValueKind)
        /// The runtime's `Problem`, for a schema that only describes `application/problem+json` bodies.
        case problem
        /// The runtime's `ValidationIssue`, for the items of such a schema's arrays.
        case validationIssue
    }

    var name: String
    var documentation: [String]
    var target: Target
}

struct OperationPlan {
    enum Segment {
        case literal(String)
        case parameter(String)
        /// A parameter between literal text in one segment: `thumbnail.{extension}`.
        case affixed(prefix: String, name: String, suffix: String)

        /// The parameter's name, for either kind of parameter segment.
        var parameterName: String? {
            switch self {
            case .literal: nil
            case .parameter(let name), .affixed(_, let name, _): name
            }
        }
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
    /// `deprecated: true`: the handler method is `@available(*, deprecated)`.
    var isDeprecated: Bool
    var nested: [TypeDeclaration]

    var allParameters: [ParameterPlan] { pathParameters + queryParameters + headerParameters + cookieParameters }
}

struct ParameterPlan {
    var name: String
    var swiftName: String
    /// The router's local variable: `_` + the name, so that no parameter collides with the router's own
    /// variables (`request`, `body`, `query`, …), and unique across the operation's parameter groups.
    var localName: String
    var value: ValueKind
    /// `.required`, `.optional` or `.defaulted`.
    var presence: Presence
    var documentation: [String]
    /// The `style`, `explode` and shape to read the value with; `nil` for the forms the plain readers handle
    /// (scalars, and query and header arrays in their default style).
    var serialization: ParameterSerialization?
    /// Arrays are repeated query parameters (`?tag=a&tag=b`).
    var isArray: Bool {
        if case .array = value { return true }
        return false
    }
}

/// Arguments of the runtime's styled parameter readers, by their Swift case names.
struct ParameterSerialization: Equatable {
    var style: String
    var explode: Bool
    var shape: String
}

struct BodyPlan {
    enum Format: String {
        case json, form, text, binary, multipart
    }

    var value: ValueKind
    var isRequired: Bool
    var mediaTypes: [(mediaType: String, format: Format)]
    var documentation: [String]
    /// For forms and `multipart/form-data`: the members whose fields are bytes, arrays and JSON, by name.
    var fields: (binary: [String], arrays: [String], json: [String])?
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
        case binary(contentType: String)
    }

    var caseName: String
    var status: Status
    var body: Body?
    /// For an `application/x-www-form-urlencoded` body: its repeated fields and those of JSON text, so that a
    /// client reads the form back into the schema's shape.
    var formFields: (arrays: [String], json: [String])?
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

    /// One credential a requirement needs, and the scopes (or roles) the requirement lists for it.
    struct Scheme {
        var name: String
        var source: Source
        var scopes: [String]
    }

    /// The alternatives, tried in order: the first whose credentials are all present is authenticated. Most have
    /// one scheme; a requirement naming several needs all of them at once.
    var alternatives: [[Scheme]]
    /// `security: [{}]` among the alternatives: the principal is optional.
    var allowsAnonymous: Bool

    /// Whether some alternative needs several credentials at once.
    var isCompound: Bool { alternatives.contains { $0.count > 1 } }
}
