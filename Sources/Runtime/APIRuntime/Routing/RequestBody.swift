#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parses a request body by its media type into a JSON value for the validator.
public enum RequestBody {
    public enum Format: Sendable {
        case json
        case form
        case text
        /// The bytes as they came (`application/octet-stream`, images, …): no parsing, no charset.
        case binary
        /// `multipart/form-data`: each part a member, read as `Fields` says.
        case multipart
    }

    /// How the fields of a form or the parts of a `multipart/form-data` body become members of the object the
    /// schema checks.
    public struct Fields: Sendable {
        /// Members of bytes: their parts arrive base64-encoded, as a schema of bytes reads them.
        public var binary: Set<String>
        /// Array members: every field or part of that name is an item, even a single one.
        public var arrays: Set<String>
        /// Object members: their parts are JSON (the default content type of an object part).
        public var json: Set<String>

        public init(binary: Set<String> = [], arrays: Set<String> = [], json: Set<String> = []) {
            self.binary = binary
            self.arrays = arrays
            self.json = json
        }
    }

    public struct Content: Sendable {
        public var json: JSONValue
        public var isForm: Bool
        /// The body itself, for a binary media type.
        public var bytes: [UInt8] = []
    }

    /// The request body parsed by its media type, or `nil` when there is none.
    ///
    /// An empty body without `Content-Type` is an empty form where the operation takes a form — a form without
    /// fields, whose missing fields validation then names one by one — and no body otherwise.
    ///
    /// - Throws: `415` for a media type the operation does not accept (or a charset other than UTF-8), `400` for
    ///   malformed JSON or form data.
    public static func decode(
        _ request: HTTPRequest,
        accepting accepted: [(mediaType: String, format: Format)],
        fields: Fields = .init()
    ) throws(Problem) -> Content? {
        guard let mediaType = request.mediaType else {
            if request.body.isEmpty {
                return accepted.contains { $0.format == .form } ? Content(json: .object([:]), isForm: true) : nil
            }
            throw unsupportedMediaType(nil, accepted)
        }
        let format = try format(of: mediaType, request, accepted)
        switch format {
        case .json:
            do {
                return Content(json: try JSONParser.parse(request.body), isForm: false)
            } catch {
                throw Problem(status: 400, detail: "Malformed JSON: \(error.message)")
            }
        case .form:
            return Content(json: .object(try formMembers(request.body, fields: fields)), isForm: true)
        case .text:
            guard let text = String(validating: request.body, as: UTF8.self) else {
                throw Problem(status: 400, detail: "The body is not valid UTF-8")
            }
            return Content(json: .string(text), isForm: false)
        case .binary:
            return Content(json: .null, isForm: false, bytes: request.body)
        case .multipart:
            return Content(json: try multipart(request, fields), isForm: true)
        }
    }

    /// A form field's or multipart part's JSON text, or a `400` naming it.
    private static func json(_ bytes: [UInt8], in what: String) throws(Problem) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw Problem(status: 400, detail: "Malformed JSON in \(what): \(error.message)")
        }
    }

    private static func multipart(_ request: HTTPRequest, _ fields: Fields) throws(Problem) -> JSONValue {
        guard let boundary = request.headers["Content-Type"].flatMap({ MultipartDecoding.boundary(of: String($0)) })
        else { throw Problem(status: 400, detail: "Malformed multipart body: Content-Type has no boundary") }
        let parts: [MultipartDecoding.Part]
        do {
            parts = try MultipartDecoding.parse(request.body, boundary: boundary)
        } catch {
            throw Problem(status: 400, detail: "Malformed multipart body: \(error.message)")
        }
        var members: [String: JSONValue] = [:]
        for part in parts {
            let value: JSONValue
            if fields.binary.contains(part.name) {
                value = .string(Data(part.bytes).base64EncodedString())
            } else if let text = String(validating: part.bytes, as: UTF8.self) {
                if fields.json.contains(part.name) {
                    value = try json(part.bytes, in: "part '\(part.name)'")
                } else {
                    value = .string(text)
                }
            } else {
                throw Problem(status: 400, detail: "Part '\(part.name)' is not UTF-8 text")
            }
            fields.add(value, named: part.name, to: &members)
        }
        return .object(members)
    }

    /// The `415` a request's `Content-Type` already earns before its body is read; nothing when it has none
    /// (whether that is acceptable depends on the body, which `decode` sees).
    public static func checkMediaType(
        _ request: HTTPRequest,
        accepting accepted: [(mediaType: String, format: Format)]
    ) throws(Problem) {
        guard let mediaType = request.mediaType else { return }
        _ = try format(of: mediaType, request, accepted)
    }

    /// How a body of `mediaType` is parsed; `415` when the operation does not accept it or its charset.
    private static func format(
        of mediaType: Substring,
        _ request: HTTPRequest,
        _ accepted: [(mediaType: String, format: Format)]
    ) throws(Problem) -> Format {
        guard let format = accepted.first(where: { $0.mediaType == mediaType })?.format else {
            throw unsupportedMediaType(String(mediaType), accepted)
        }
        if format != .binary, let charset = request.charset, charset != "utf-8", charset != "utf8" {
            throw Problem(status: 415, detail: "Unsupported charset '\(charset)': request bodies must be UTF-8")
        }
        return format
    }

    private static func unsupportedMediaType(
        _ mediaType: String?,
        _ accepted: [(mediaType: String, format: Format)]
    ) -> Problem {
        let expected = accepted.map(\.mediaType).joined(separator: ", ")
        let detail =
            mediaType.map { "Unsupported media type '\($0)'; expected \(expected)" }
            ?? "Missing Content-Type; expected \(expected)"
        return Problem(
            status: 415, detail: detail, headers: ["Accept": accepted.map(\.mediaType).joined(separator: ", ")])
    }
}

extension RequestBody {
    /// A form's fields as the members of the JSON object its schema reads: the router's request bodies, and a
    /// generated client's form responses.
    /// - Throws: a `400` problem for malformed form data or a JSON field that is not JSON.
    static func formMembers(_ bytes: [UInt8], fields: Fields) throws(Problem) -> [String: JSONValue] {
        let parsed: [FormDecoding.Field]
        do {
            parsed = try FormDecoding.parse(bytes)
        } catch {
            throw Problem(status: 400, detail: "Malformed form data: \(error.message)")
        }
        var members: [String: JSONValue] = [:]
        for field in parsed {
            // No form style writes an object in one field; JSON text is what multipart parts use too.
            let value =
                fields.json.contains(field.name)
                ? try json(Array(field.value.utf8), in: "field '\(field.name)'") : .string(field.value)
            fields.add(value, named: field.name, to: &members)
        }
        return members
    }
}

extension RequestBody.Fields {
    /// A field's value into the body's members: appended when the member is an array (a repeated field), else
    /// the last one wins.
    fileprivate func add(_ value: JSONValue, named name: String, to members: inout [String: JSONValue]) {
        guard arrays.contains(name) else {
            members[name] = value
            return
        }
        guard case .array(var items) = members[name] ?? .array([]) else { return }
        members[name] = nil
        items.append(value)
        members[name] = .array(items)
    }
}
