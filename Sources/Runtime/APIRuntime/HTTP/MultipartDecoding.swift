/// Decodes `multipart/form-data` bodies (RFC 7578): the parts between `--boundary` delimiter lines, each with its
/// own headers. Only `Content-Disposition` (its `name` and `filename`) and `Content-Type` are read.
public enum MultipartDecoding {
    public struct Part: Sendable, Equatable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var bytes: [UInt8]
    }

    /// Parts in order.
    /// - Throws: `MultipartError` for a body without the boundary, a part without headers' end or without
    ///   `Content-Disposition: form-data; name=…`, or a missing final delimiter.
    public static func parse(_ body: [UInt8], boundary: String) throws(MultipartError) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        guard var start = find(delimiter, in: body, from: 0) else { throw MultipartError("no '--\(boundary)' line") }
        var parts: [Part] = []
        while true {
            var cursor = start + delimiter.count
            // The final delimiter has `--` right after the boundary.
            if body[cursor...].starts(with: [0x2D, 0x2D]) { return parts }
            cursor = skipLineEnd(body, cursor)
            guard let headersEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: cursor) else {
                throw MultipartError("a part's headers do not end with an empty line")
            }
            let headers = String(decoding: body[cursor..<headersEnd], as: UTF8.self)
            let contentStart = headersEnd + 4
            guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else {
                throw MultipartError("the body does not end with '--\(boundary)--'")
            }
            parts.append(try part(headers: headers, bytes: Array(body[contentStart..<next])))
            start = next + 2
        }
    }

    /// The `boundary` parameter of a `Content-Type` value.
    public static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pieces = parameter.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, pieces[0].trimmingASCIISpaces().lowercased() == "boundary" else { continue }
            let value = pieces[1].trimmingASCIISpaces().trimmingCharacters(in: "\"")
            return value.isEmpty || value.count > 70 ? nil : String(value)
        }
        return nil
    }

    private static func part(headers: String, bytes: [UInt8]) throws(MultipartError) -> Part {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.split(separator: "\r\n") {
            let pieces = line.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2 else { continue }
            let value = pieces[1].trimmingASCIISpaces()
            switch pieces[0].trimmingASCIISpaces().lowercased() {
            case "content-disposition":
                let fields = value.split(separator: ";").map { $0.trimmingASCIISpaces() }
                guard fields.first?.lowercased() == "form-data" else {
                    throw MultipartError("a part's Content-Disposition is not form-data")
                }
                for field in fields.dropFirst() {
                    let pair = field.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2 else { continue }
                    let text = String(pair[1].trimmingASCIISpaces().trimmingCharacters(in: "\""))
                    switch pair[0].lowercased() {
                    case "name": name = text
                    case "filename": filename = text
                    default: break
                    }
                }
            case "content-type":
                contentType = String(value)
            default:
                break
            }
        }
        guard let name else { throw MultipartError("a part has no Content-Disposition name") }
        return Part(name: name, filename: filename, contentType: contentType, bytes: bytes)
    }

    private static func skipLineEnd(_ body: [UInt8], _ index: Int) -> Int {
        body[index...].starts(with: [0x0D, 0x0A]) ? index + 2 : index
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            guard let candidate = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}

public struct MultipartError: Error, Sendable, Equatable {
    public var message: String

    init(_ message: String) { self.message = message }
}
