/// Writes `application/x-www-form-urlencoded` bodies from JSON-writable values: responses of that media type, and
/// a generated client's requests.
///
/// It is the inverse of how the router reads a form: each member of the object is one field; a string is its text,
/// a number or boolean its JSON text, an array one field per item, an object (as a member or an array's item)
/// one field of JSON text; a `null` member is left out. Fields come in name order, so one value always yields
/// the same bytes.
public enum FormEncoding {
    /// The form for `body`; `nil` when it is not a JSON object (a form has no other shape).
    /// - Parameter forRequest: a client's request, whose `writeOnly` members are written too.
    public static func encode<Body: JSONWritable>(_ body: Body, forRequest: Bool = false) -> [UInt8]? {
        let json = JSONWriter.encode(body, forRequest: forRequest)
        guard let members = try? JSONParser.parseObject(json) else { return nil }
        var query = QueryString()
        for name in members.keys.sorted() {
            guard let value = members[name] else { continue }
            if case .array(let items) = value {
                for item in items { query.append(name, fieldText(item)) }
            } else if value != .null {
                query.append(name, fieldText(value))
            }
        }
        return Array(query.encoded.utf8)
    }

    private static func fieldText(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return String(decoding: JSONWriter.encode(value), as: UTF8.self)
    }
}
