/// Parameters in every OpenAPI `style`, read into JSON values for the validator (which converts their text by
/// the schema's types): arrays and objects in path, query, header and cookie.
///
/// The default forms of scalars and of query and header arrays have the plain functions of `RequestParameters`;
/// these cover the rest. A value that does not have the style's shape is passed on as a string, so validation
/// reports it ("must be an array") at the parameter's location.
public enum ParameterStyle: Sendable {
    case simple, label, matrix, form, spaceDelimited, pipeDelimited, deepObject
}

/// What the parameter's schema holds.
public enum ParameterShape: Sendable {
    case scalar, array, object
    /// A union with an object among scalars (`created=5` or `created[gt]=5`).
    case scalarOrObject
    /// JSON text (`content: application/json`, or an array of objects, which no style can write).
    case json
}

extension RequestParameters {
    /// Nested brackets deeper than this are kept as part of the last key: `a[b][c]…` cannot nest without end.
    static let deepObjectDepth = 8

    public static func query(
        _ items: [String: [String]], _ name: String, style: ParameterStyle, explode: Bool, shape: ParameterShape
    ) -> JSONValue? {
        if shape == .json { return items[name]?.last.map(json) }
        if style == .deepObject {
            if let object = deepObject(items, name) { return object }
            return shape == .array || shape == .object ? nil : items[name]?.last.map(JSONValue.string)
        }
        switch shape {
        case .array:
            guard let values = items[name] else { return nil }
            if explode, style == .form { return .array(values.map(JSONValue.string)) }
            let separator: Character = style == .spaceDelimited ? " " : style == .pipeDelimited ? "|" : ","
            return .array(values.flatMap { split($0, separator) }.map(JSONValue.string))
        case .object, .scalarOrObject:
            if let value = items[name]?.last {
                return shape == .scalarOrObject && !explode ? .string(value) : pairs(value, separator: ",")
            }
            // `form` with explode: the object's members are the query's own parameters.
            guard explode, !items.isEmpty else { return nil }
            return .object(items.compactMapValues { $0.last.map(JSONValue.string) })
        case .scalar, .json:
            return items[name]?.last.map(JSONValue.string)
        }
    }

    /// A path segment in `simple`, `label` or `matrix` style; each piece is percent-decoded after splitting, so an
    /// encoded separator stays part of its value.
    public static func path(
        _ segment: Substring, _ name: String, style: ParameterStyle, explode: Bool, shape: ParameterShape
    ) -> JSONValue {
        if shape == .json { return json(decoded(segment)) }
        var text = segment
        var separator: Character = ","
        switch style {
        case .label:
            guard text.first == "." else { return path(segment) }
            text = text.dropFirst()
            if explode { separator = "." }
        case .matrix:
            let prefix = ";" + name
            // An exploded object names its members, not itself: `;role=admin;firstName=Alex`.
            let namesItself = !(explode && (shape == .object || shape == .scalarOrObject))
            guard text.hasPrefix(namesItself ? prefix : ";") else { return path(segment) }
            if explode, shape != .scalar {
                // `;id=3;id=4` or `;role=admin;firstName=Alex`.
                let pieces = text.dropFirst().split(separator: ";").map(String.init)
                if shape == .array {
                    return .array(pieces.map { .string(decoded(Substring($0.drop { $0 != "=" }.dropFirst()))) })
                }
                return object(pieces.map { $0.split(separator: "=", maxSplits: 1).map(String.init) })
            }
            text = text.dropFirst(prefix.count)
            guard text.isEmpty || text.first == "=" else { return path(segment) }
            text = text.dropFirst()
        default:
            break
        }
        return simple(text, separator: separator, explode: explode, shape: shape)
    }

    /// A header in `simple` style.
    public static func header(
        _ request: HTTPRequest, _ name: String, explode: Bool, shape: ParameterShape
    ) -> JSONValue? {
        guard let value = request.headers[name] else { return nil }
        if shape == .json { return json(String(value.trimmingASCIISpaces())) }
        return simple(value.trimmingASCIISpaces(), separator: ",", explode: explode, shape: shape)
    }

    /// A cookie in `form` style: a list or an object is one comma-separated value.
    public static func cookie(
        _ request: HTTPRequest, _ name: String, explode: Bool, shape: ParameterShape
    ) -> JSONValue? {
        guard case .string(let value)? = cookie(request, name) else { return nil }
        if shape == .json { return json(decoded(Substring(value))) }
        return simple(Substring(value), separator: ",", explode: false, shape: shape)
    }

    // MARK: Pieces

    /// Parsed JSON; text that is not JSON stays a string, so validation names what it should have been.
    private static func json(_ text: String) -> JSONValue {
        (try? JSONParser.parse(Array(text.utf8))) ?? .string(text)
    }

    private static func simple(
        _ text: Substring, separator: Character, explode: Bool, shape: ParameterShape
    ) -> JSONValue {
        switch shape {
        case .scalar, .json:
            return .string(decoded(text))
        case .array:
            return .array(
                text.split(separator: separator, omittingEmptySubsequences: false).map { .string(decoded($0)) })
        case .object, .scalarOrObject:
            let pieces = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            if explode {
                // `role=admin,firstName=Alex`
                guard pieces.allSatisfy({ $0.contains("=") }) else { return .string(decoded(text)) }
                return object(pieces.map { $0.split(separator: "=", maxSplits: 1).map(String.init) })
            }
            // `role,admin,firstName,Alex`
            guard pieces.count.isMultiple(of: 2), pieces.count > 1 else { return .string(decoded(text)) }
            return object(stride(from: 0, to: pieces.count, by: 2).map { [pieces[$0], pieces[$0 + 1]] })
        }
    }

    private static func pairs(_ value: String, separator: Character) -> JSONValue {
        let pieces = split(value, separator)
        guard pieces.count.isMultiple(of: 2), pieces.count > 1 else { return .string(value) }
        return .object(
            Dictionary(
                stride(from: 0, to: pieces.count, by: 2).map { (pieces[$0], JSONValue.string(pieces[$0 + 1])) },
                uniquingKeysWith: { _, last in last }))
    }

    private static func object(_ pairs: [[String]]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for pair in pairs {
            let key = decoded(Substring(pair[0]))
            members[key] = .string(pair.count > 1 ? decoded(Substring(pair[1])) : "")
        }
        return .object(members)
    }

    private static func split(_ value: String, _ separator: Character) -> [String] {
        value.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    private static func decoded(_ text: Substring) -> String {
        FormDecoding.percentDecode(text, plusAsSpace: false) ?? String(text)
    }

    /// `name[key]=…` items as one object: `filter[owner][id]=7` nests, `tag[]=a&tag[]=b` appends, `line[0][x]=1`
    /// makes an object with the key "0" that an array schema reads as its first item.
    static func deepObject(_ items: [String: [String]], _ name: String) -> JSONValue? {
        let prefix = name + "["
        var root: JSONValue?
        for (key, values) in items.sorted(by: { $0.key < $1.key }) where key.hasPrefix(prefix) && key.hasSuffix("]") {
            let inner = key.dropFirst(prefix.count).dropLast()
            var path = inner.split(separator: "][", omittingEmptySubsequences: false).map { Substring($0) }
            if path.count > deepObjectDepth {
                let rest = path.dropFirst(deepObjectDepth - 1).joined(separator: "][")
                path = Array(path.prefix(deepObjectDepth - 1)) + [Substring(rest)]
            }
            var node = root ?? .object([:])
            for value in path.last == "" ? values : [values.last ?? ""] {
                insert(value, at: path[...], into: &node)
            }
            root = node
        }
        return root
    }

    private static func insert(_ value: String, at path: ArraySlice<Substring>, into node: inout JSONValue) {
        guard let key = path.first else {
            node = .string(value)
            return
        }
        if key.isEmpty {
            var items: [JSONValue] = []
            if case .array(let existing) = node { items = existing }
            var child = JSONValue.null
            insert(value, at: path.dropFirst(), into: &child)
            items.append(child)
            node = .array(items)
            return
        }
        var members: [String: JSONValue] = [:]
        if case .object(let existing) = node { members = existing }
        var child = members[String(key)] ?? .null
        insert(value, at: path.dropFirst(), into: &child)
        members[String(key)] = child
        node = .object(members)
    }
}
