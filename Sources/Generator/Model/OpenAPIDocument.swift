/// The subset of an OpenAPI 3.0/3.1 document that the generator turns into Swift.
///
/// Every `$ref` to a parameter, request body, response or header is already resolved here; schema references
/// stay references (`Schema.reference`) because each named schema becomes one Swift type.
package struct OpenAPIDocument: Sendable {
    package var openAPIVersion: String
    package var title: String
    package var schemas: [NamedSchema]
    package var operations: [Operation]
    package var securitySchemes: [SecurityScheme]
}

/// A schema under `components/schemas`.
package struct NamedSchema: Sendable {
    package var name: String
    package var schema: Schema
}

package enum HTTPMethod: String, Sendable, CaseIterable {
    case get, put, post, delete, options, head, patch, trace

    package var token: String { rawValue.uppercased() }
}

package struct Operation: Sendable {
    package var operationID: String
    package var method: HTTPMethod
    /// The path template as written, e.g. `/tasks/{id}`.
    package var path: String
    /// JSON pointer to the operation, e.g. `#/paths/~1tasks~1{id}/get`.
    package var pointer: String
    package var summary: String?
    package var description: String?
    package var parameters: [Parameter]
    package var requestBody: RequestBody?
    package var responses: [Response]
    /// The alternatives of `security` (each a list of schemes that must all be satisfied); empty means none.
    package var security: [[SecurityRequirement]]
    package var location: SourceLocation
    package var isDeprecated = false
    /// `tags`, for the configuration's operation filter.
    package var tags: [String] = []
}

package struct Parameter: Sendable {
    package enum Location: String, Sendable {
        case path, query, header, cookie
    }

    /// How a structured value is written in the request (OpenAPI's `style`).
    package enum Style: String, Sendable, CaseIterable {
        case simple, label, matrix, form, spaceDelimited, pipeDelimited, deepObject
    }

    package var name: String
    package var location: Location
    package var isRequired: Bool
    package var description: String?
    package var schema: Schema
    package var sourceLocation: SourceLocation
    /// The declared `style`, or the location's default: `simple` for path and header, `form` for query and cookie.
    package var style: Style = .simple
    /// The declared `explode`, or the style's default: true for `form`, false otherwise.
    package var explode = false
    /// `content: {application/json: …}` instead of `schema`: the value is JSON text.
    package var isJSON = false
}

package struct RequestBody: Sendable {
    package var isRequired: Bool
    package var description: String?
    package var contents: [MediaContent]
    package var location: SourceLocation
}

/// One entry of a `content` map: a media type and the schema of its body.
package struct MediaContent: Sendable {
    package var mediaType: String
    package var schema: Schema?
    package var location: SourceLocation
}

package struct Response: Sendable {
    package enum Status: Sendable, Hashable {
        case code(Int)
        /// `2XX`-style ranges, holding the first digit.
        case range(Int)
        case `default`
    }

    package var status: Status
    package var description: String?
    package var headers: [ResponseHeader]
    package var contents: [MediaContent]
    package var location: SourceLocation
}

package struct ResponseHeader: Sendable {
    package var name: String
    package var isRequired: Bool
    package var description: String?
    package var schema: Schema
    package var location: SourceLocation
}

/// One scheme of a security requirement, with the scopes (OAuth 2.0, OpenID Connect) or roles it lists.
package struct SecurityRequirement: Sendable, Equatable {
    package var scheme: String
    package var scopes: [String]
}

package struct SecurityScheme: Sendable {
    package enum Kind: Sendable, Equatable {
        /// OAuth 2.0 or OpenID Connect, or HTTP `bearer`: the credential is a bearer token.
        case bearer
        /// HTTP `basic`.
        case basic
        /// An API key in a header or the query.
        case apiKey(name: String, in: Parameter.Location)
    }

    package var name: String
    package var kind: Kind
    package var location: SourceLocation
    /// An OAuth 2.0 password flow's `tokenUrl`, for the generated client's `logIn`.
    package var passwordTokenURL: String?
}
