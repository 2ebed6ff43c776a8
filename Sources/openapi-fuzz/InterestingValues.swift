/// Values that have broken code generators before: names Swift reserves or that collide once turned into
/// identifiers, numbers at the edges of `Int64`, `Int32` and `Double`, and text that means something inside a
/// Swift string, comment or raw literal.
enum InterestingValues {
    /// Property, schema, operation, parameter, header and enum names.
    static let names: [String] = [
        // Swift keywords and names that even backticks cannot save.
        "class", "struct", "enum", "func", "var", "let", "inout", "init", "deinit", "self", "Self", "Type", "Protocol",
        "default", "case", "switch", "return", "throws", "rethrows", "async", "await", "some", "any", "Any", "is", "as",
        "in", "where", "if", "nil", "true", "false", "super", "subscript", "operator", "import", "package", "internal",
        "public", "open", "static", "extension", "protocol", "typealias", "associatedtype", "repeat", "defer", "do",
        "catch", "try", "throw", "guard", "else", "continue", "break", "fallthrough", "consuming", "borrowing", "each",
        "_", "__", "$", "$0", "`", "``", "#if", "#file", "@objc",
        // Names the generated code already uses.
        "Schemas", "Operations", "Input", "Output", "Body", "Patterns", "CodingKeys", "APIHandler", "APIRouter",
        "OpenAPISpec", "DocsPage", "authenticate", "body", "status", "headers", "request", "response", "context",
        "validator", "json", "decode", "encode", "rawValue", "allCases", "hashValue", "description", "ok", "notFound",
        "status200", "status2XX", "Nullable", "JSONValue", "Validator", "Problem", "Request", "Response",
        "String", "Int", "Int32", "Int64", "Double", "Bool", "Date", "Array", "Dictionary", "Optional", "Task",
        "Error", "Result", "Never", "Void", "Codable", "Sendable", "Hashable", "Swift", "Foundation", "Runtime",
        "Generated", "main", "item0", "member0", "itemLocation0", "location", "writer", "object", "issueCount",
        "value", "union", "selected", "UnionDecoding", "Data", "part1", "Part1", "case1", "Case1", "_writer", "_value",
        "bytes", "content", "principal", "segments", "handler", "input", "output", "Value", "Route", "route",
        "operation", "allowed", "checks", "RoutingProblem", "logIn", "sendThroughMiddleware", "transport", "middleware",
        "credentials", "serverURL", "undocumented", "APIClient", "ClientParameters", "cookies", "path", "target",
        // Shapes that name mangling must survive.
        "", " ", "1", "1abc", "123", "0x10", "-", "--", "a b", "a-b", "a_b", "a.b", "a/b", "a~b", "a~1b", "a{b}",
        "{id}", "aB", "AB", "ab", "Ab", "A_B", "a__b", "_a", "a_", "userID", "userId", "user_id", "user-id", "UserID",
        "URL", "url", "uRL", "URLs", "ID", "id", "Id", "iD", "ids", "IDs", "HTTPServer", "httpServer", "x-trim",
        // Text that is not ASCII.
        "名前", "données", "café", "cafe\u{301}", "ß", "SS", "İ", "ı", "ﬁ", "Ω", "Ω", "😀", "🏳️‍🌈", "\u{202E}abc",
        "a\u{200B}b", "\u{00A0}",
        // Text that ends strings, comments and raw literals.
        "a\"b", "a\\b", "a#b", "#", "a`b", "*/", "/*", "\"\"\"", "#\"", "\\(x)", "a\nb", "a\rb", "a\tb", "a\u{0}b",
        "a\u{7F}b", "a\u{85}b", "a\u{2028}b", "\u{FEFF}a",
    ]

    /// Longer texts for descriptions, summaries, titles and defaults.
    static let texts: [String] = [
        "", " ", "  leading", "trailing  ", "trailing\t", "two\n\nparagraphs", "line\nbreak", "carriage\rreturn",
        "crlf\r\nline", "*/ closes a comment", "/* opens one", "/// doc", "\"\"\"", "#\"\"\"#", "\"#", "\"##",
        "\\(interpolation)", "\\#(interpolation)", "\\", "back\\slash", "ends with backslash\\", "\u{0}",
        "nul\u{0}byte",
        "\u{7F}", "\u{1B}[31mred", "\u{85}", "line\u{2028}separator", "\u{2029}", "\u{FEFF}", "\u{202E}reversed",
        "😀", "e\u{301}", "%s %d %@", "${x}", "<script>alert(1)</script>", "`code`", "- list item", "# heading",
        "```swift\nlet x = 1\n```", "}", "{", "#if false", "#endif", "- Parameters:", "- Returns: nothing",
        String(repeating: "long ", count: 2_000), String(repeating: "#", count: 300) + "\"",
    ]

    /// Numbers for bounds, lengths, counts and defaults.
    static let numbers: [String] = [
        "0", "-1", "1", "-0", "00", "007", "1.5", "-1.5", "0.5", "1e3", "1E+3", "1e309", "-1e309", "1e-400", "4.9e-324",
        "1.7976931348623157e308", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "99999999999999999999999", "2147483647", "2147483648", "-2147483649", "4294967296",
        "0.1", "1_000", "0x10", "0o17", "0b1", ".inf", "-.inf", ".nan", "+1", "+.5", "1.", ".5", "1e", "--1", "9e18",
        "9.3e18", "-9.3e18",
    ]

    /// `type` values, single or as 3.1 lists.
    static let types: [String] = [
        "string", "integer", "number", "boolean", "array", "object", "null", "strng", "String", "int", "",
    ]

    /// `format` values, known and unknown.
    static let formats: [String] = [
        "date-time", "date", "time", "email", "uuid", "int32", "int64", "float", "double", "byte", "binary", "password",
        "uri", "hostname", "ipv4", "", "Date-Time", "date-time ",
    ]

    /// `pattern` values, valid and not, and ones that mean something inside Swift string literals.
    static let patterns: [String] = [
        "", ".*", "^\\d+$", "[", "(a", "a{2,1}", "(?<name>a)\\k<name>", "(?i)abc", "[[:alpha:]]", "\\p{L}+", "\\",
        "\"#", "#\"", "\\(x)", "$", "^", "\\u{1F600}", "[\\s\\S]", "a\nb", "\u{0}", "(?x) a # comment", "\\Q.*\\E",
        "(a|b)*c", "^[a-z0-9]+(?:-[a-z0-9]+)*$", "\\d{1,99999}", "(?<=a)b", "\\b\\w+\\b", "😀+",
    ]

    /// Media types for request and response bodies.
    static let mediaTypes: [String] = [
        "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/problem+json",
        "application/merge-patch+json", "application/vnd.api+json", "application/x-www-form-urlencoded",
        "multipart/form-data", "application/octet-stream", "text/plain", "text/html", "text/", "application/yaml",
        "*/*", "application/*", "", "json", "application/json;", " application/json",
    ]

    /// Path templates, good and bad.
    static let paths: [String] = [
        "/", "//", "/{", "/}", "/{}", "/{a}{b}", "/{a}/{a}", "/a/{id}", "/a/{id}/", "/a//b", "/a/{ id }", "/a/{i-d}",
        "/a/{class}", "/a/{1}", "/a/{😀}", "/tasks", "/tasks/", "/TASKS", "/a b", "/a%20b", "/a?b=c", "/a#b",
        "/a/{id}.json", "/a/x{id}", "/{id}x", "/é", "/a\"b", "/a\\b", "no-slash", "",
        "/" + String(repeating: "a/", count: 300),
        "/{a}/{b}/{c}/{d}/{e}", "/a/{a}/a/{b}",
    ]

    /// Response status keys.
    static let statuses: [String] = [
        "200", "201", "204", "299", "2XX", "2xx", "1XX", "6XX", "0XX", "default", "Default", "20", "2000", "099", "100",
        "599", "600", "999", "abc", "", "200 ", "304", "404", "+200", "2_00",
    ]

    /// OpenAPI versions.
    static let versions: [String] = [
        "3.0.0", "3.0.3", "3.1.0", "3.1.1", "3.0", "3.1", "3", "3.2.0", "2.0", "4.0.0", "3.0.3-rc1", "",
    ]

    /// Keywords of a schema, for inserting into schemas.
    static let schemaKeywords: [String] = [
        "type", "format", "nullable", "enum", "default", "minLength", "maxLength", "pattern", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "items", "properties",
        "required",
        "additionalProperties", "allOf", "oneOf", "anyOf", "not", "const", "readOnly", "writeOnly", "description",
        "$ref", "x-trim", "x-max-bytes", "example", "title", "discriminator", "$defs", "multipleOf", "unknownKeyword",
    ]

    /// Keys anywhere in a document, for renaming and inserting.
    static let keys: [String] =
        [
            "openapi", "info", "title", "version", "paths", "components", "schemas", "parameters", "requestBodies",
            "responses", "headers", "securitySchemes", "security", "servers", "tags", "webhooks", "operationId",
            "summary",
            "description", "requestBody", "content", "schema", "required", "name", "in", "get", "put", "post", "delete",
            "patch", "options", "head", "trace", "$ref", "swagger", "x-extension", "callbacks", "links", "examples",
            "style", "explode", "deprecated", "allowEmptyValue", "scheme", "bearerFormat", "flows",
        ] + schemaKeywords

    /// Spellings of other kinds a scalar may be replaced with.
    static let scalars: [FuzzNode] = [
        .plain("true"), .plain("false"), .plain("True"), .plain("yes"), .plain("~"), .plain("null"), .plain(""),
        .quoted(""), .quoted("true"), .quoted("12"), .plain("12"), .plain("-1"), .plain("1.5"), .plain("1e309"),
        .plain("99999999999999999999"), .plain(".nan"), .quoted("null"),
    ]
}
