/// Turns names from the document into Swift identifiers, following the API Design Guidelines:
/// `due_at` → `dueAt`, `user_id` → `userID`, `in_progress` → `inProgress`, `task-list` → `TaskList`.
enum SwiftNaming {
    /// Words written in one case as Swift's guidelines want acronyms (`userID`, `HTTPServer`).
    private static let acronyms: Set<String> = [
        "id", "url", "uri", "http", "https", "json", "api", "uuid", "ip", "html", "jwt", "xml", "sql",
    ]

    private static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "as", "Any", "false", "is", "nil", "super", "throws", "true", "try", "package", "some", "any",
        "await", "async", "consuming", "borrowing", "each",
    ]

    /// Types the generated code names without a module; a generated type of one of these names would shadow it.
    /// (`Problem` and `ValidationIssue` are not here: schemas of those names become aliases of the same types.)
    static let typesSpelledUnqualified: Set<String> = [
        "String", "Substring", "Int", "Int32", "Int64", "UInt8", "Double", "Bool", "Array", "Dictionary", "Optional",
        "Set", "Error", "Never", "Void", "Hashable", "Sendable", "CaseIterable", "Date", "Data", "JSONValue",
        "JSONWriter", "JSONWritable", "JSONDecodable", "JSONParser", "Nullable", "Indirect", "Validator",
        "UnionDecoding", "Pattern", "Patterns", "HTTPRequest", "HTTPResponse", "HTTPHeaders", "RequestBody",
        "RequestParameters", "RoutingProblem", "Credential", "APIHandler", "APIRouter", "OpenAPISpec", "DocsPage",
        "ExampleChecks", "Schemas", "Operations",
    ]

    /// Names that even backticks cannot make usable as members or types.
    private static let reserved: Set<String> = ["self", "Self", "Type", "Protocol", "init"]

    /// A type name: `task_status` → `TaskStatus`.
    static func typeName(_ raw: String) -> String {
        let name = words(raw).map(capitalized).joined()
        return sanitized(name.isEmpty ? "Unnamed" : name, isType: true)
    }

    /// A property, case or method name: `due_at` → `dueAt`, `ID` → `id`.
    static func memberName(_ raw: String) -> String {
        let parts = words(raw)
        guard let first = parts.first else { return "empty" }
        let head = acronyms.contains(first.lowercased()) ? first.lowercased() : lowercasedFirst(first)
        return sanitized(head + parts.dropFirst().map(capitalized).joined(), isType: false)
    }

    /// An enum case name for a raw value. A leading sign is spelled out, so values that differ only by it get
    /// names that say how: `-created_at` → `minusCreatedAt` beside `created_at` → `createdAt`, `-1` → `minus1`.
    static func enumCaseName(_ raw: String) -> String {
        let signs: [Character: String] = ["-": "minus", "+": "plus"]
        guard let first = raw.first, let word = signs[first], raw.count > 1 else { return memberName(raw) }
        return memberName(word + "_" + raw.dropFirst())
    }

    /// Splits on anything that is not a letter or digit, and between a lower-case letter and an upper-case one.
    static func words(_ raw: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character?
        for character in raw {
            if !(character.isLetter || character.isNumber) || !character.isASCII {
                if !current.isEmpty { result.append(current) }
                current = ""
                previous = nil
                continue
            }
            if let previous, previous.isLowercase || previous.isNumber, character.isUppercase {
                result.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func capitalized(_ word: String) -> String {
        acronyms.contains(word.lowercased()) ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `URLPath` → `urlPath`, `Name` → `name`: lower-cases a leading run of capitals, keeping the next word's capital.
    private static func lowercasedFirst(_ word: String) -> String {
        let characters = Array(word)
        var index = 0
        while index < characters.count, characters[index].isUppercase { index += 1 }
        if index == characters.count { return word.lowercased() }
        if index <= 1 {
            return word.prefix(1).lowercased() + word.dropFirst()
        }
        return String(characters[..<(index - 1)]).lowercased() + String(characters[(index - 1)...])
    }

    private static func sanitized(_ name: String, isType: Bool) -> String {
        var name = name
        if let first = name.first, first.isNumber { name = "_" + name }
        if reserved.contains(name) { return name + "_" }
        if keywords.contains(name) { return "`\(name)`" }
        return name
    }

    /// Whether `name` can be written as a Swift identifier as it is: ASCII letters, digits and `_`, not starting
    /// with a digit, not a keyword (for names a configuration gives).
    static func isPlainIdentifier(_ name: String) -> Bool {
        isModuleName(name) && !keywords.contains(name) && !reserved.contains(name)
    }

    /// Whether `name` can name a module in an `import`.
    static func isModuleName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        }
    }

    /// A Swift string literal with everything escaped that must be.
    static func stringLiteral(_ text: String) -> String {
        "\"" + Escaping.escape(text, style: .swift, quotes: true) + "\""
    }

    /// Makes `name` unique among `used` by appending a number, and records it.
    static func unique(_ name: String, in used: inout NameSet) -> String {
        used.claim(name)
    }
}

extension String {
    var trimmingBackticks: String { filter { $0 != "`" } }

    /// The name as an argument label at a call site, where only `inout` still needs backticks.
    var argumentLabel: String {
        let bare = trimmingBackticks
        return bare == "inout" ? self : bare
    }
}
