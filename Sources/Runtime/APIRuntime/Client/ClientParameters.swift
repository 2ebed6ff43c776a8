/// Writes parameters in every OpenAPI `style` for a generated client: the inverse of `RequestParameters`, so that
/// what the client sends the router reads back as the same value. A value goes through its JSON form, which
/// says whether it is a scalar, an array or an object.
public enum ClientParameters {
    /// A path parameter, percent-encoded, with the style's prefix (`.` for `label`, `;name=` for `matrix`).
    public static func path<Value: JSONWritable>(
        _ value: Value, name: String, style: ParameterStyle = .simple, explode: Bool = false
    ) -> String {
        let json = jsonValue(value)
        switch style {
        case .label:
            return "." + pieces(json, explode: explode).joined(separator: explode ? "." : ",")
        case .matrix:
            switch json {
            case .array(let items) where explode:
                return items.map { ";" + encoded(name) + "=" + encoded(text($0)) }.joined()
            case .object(let members) where explode:
                return members.sorted { $0.key < $1.key }.map { ";" + encoded($0.key) + "=" + encoded(text($0.value)) }
                    .joined()
            default:
                return ";" + encoded(name) + "=" + pieces(json, explode: false).joined(separator: ",")
            }
        default:
            return pieces(json, explode: explode).joined(separator: ",")
        }
    }

    /// A query parameter appended to `query`; `nil` values are left out by the caller.
    public static func query<Value: JSONWritable>(
        _ query: inout QueryString, _ name: String, _ value: Value, style: ParameterStyle = .form,
        explode: Bool = true
    ) {
        let json = jsonValue(value)
        switch (json, style) {
        case (.object, .deepObject), (.array, .deepObject):
            appendDeepObject(&query, name, json)
        case (.object(let members), _) where explode:
            for (key, member) in members.sorted(by: { $0.key < $1.key }) { query.append(key, text(member)) }
        case (.array(let items), _) where explode && style == .form:
            query.append(name, items.map(text))
        case (.array(let items), _):
            let separator = style == .spaceDelimited ? " " : style == .pipeDelimited ? "|" : ","
            query.append(name, items.map(text).joined(separator: separator))
        case (.object, _):
            query.append(name, flattened(json).joined(separator: ","))
        default:
            query.append(name, text(json))
        }
    }

    /// `name[key]=value` for every member, nested as deep as the value (`lines[0][amount]=7`), as the router's
    /// `deepObject` reader takes it back.
    private static func appendDeepObject(_ query: inout QueryString, _ name: String, _ value: JSONValue) {
        switch value {
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                appendDeepObject(&query, "\(name)[\(key)]", member)
            }
        case .array(let items):
            for (index, item) in items.enumerated() { appendDeepObject(&query, "\(name)[\(index)]", item) }
        default:
            query.append(name, text(value))
        }
    }

    /// A header's value (`simple` style): items and members separated by commas.
    public static func header<Value: JSONWritable>(_ value: Value, explode: Bool = false) -> String {
        let json = jsonValue(value)
        if case .object(let members) = json, explode {
            return members.sorted { $0.key < $1.key }.map { $0.key + "=" + text($0.value) }.joined(separator: ",")
        }
        return flattened(json).joined(separator: ",")
    }

    /// One `name=value` pair of a `Cookie` header: items and members separated by commas, each percent-encoded,
    /// since a cookie cannot hold spaces, commas or semicolons of its own.
    public static func cookie<Value: JSONWritable>(_ name: String, _ value: Value) -> String {
        name + "=" + flattened(jsonValue(value)).map(encoded).joined(separator: ",")
    }

    /// A parameter declared with `content: application/json`: its JSON text.
    public static func json<Value: JSONWritable>(_ value: Value) -> String {
        String(decoding: JSONWriter.encode(value), as: UTF8.self)
    }

    static func jsonValue<Value: JSONWritable>(_ value: Value) -> JSONValue {
        (try? JSONParser.parse(JSONWriter.encode(value))) ?? .null
    }

    /// A scalar as the router reads text back: a string as it is, a number or boolean as its JSON.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .null: ""
        default: String(decoding: JSONWriter.encode(value), as: UTF8.self)
        }
    }

    /// Items, or members as `key,value,…` (`explode: false`) or `key=value,…`, each percent-encoded.
    private static func pieces(_ json: JSONValue, explode: Bool) -> [String] {
        switch json {
        case .array(let items): return items.map { encoded(text($0)) }
        case .object(let members):
            let sorted = members.sorted { $0.key < $1.key }
            return explode
                ? sorted.map { encoded($0.key) + "=" + encoded(text($0.value)) }
                : sorted.flatMap { [encoded($0.key), encoded(text($0.value))] }
        default: return [encoded(text(json))]
        }
    }

    private static func flattened(_ json: JSONValue) -> [String] {
        switch json {
        case .array(let items): items.map(text)
        case .object(let members): members.sorted { $0.key < $1.key }.flatMap { [$0.key, text($0.value)] }
        default: [text(json)]
        }
    }

    /// Everything but RFC 3986's unreserved characters percent-encoded, so no value can add a path segment or a
    /// style's separator.
    static func encoded(_ text: String) -> String {
        var output = ""
        QueryString.percentEncode(text, into: &output)
        return output
    }
}
