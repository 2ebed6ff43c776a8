#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// Writes `multipart/form-data` bodies for a generated client: the inverse of `MultipartDecoding` as the router
/// reads parts. Each member of the body's JSON object is a part in name order — an array one part per item — with
/// the members named in `binaryFields` sent as their bytes (`application/octet-stream`), objects as JSON, and
/// everything else as its text; `null` members are left out.
public enum MultipartEncoding {
    public static func encode<Body: JSONWritable>(
        _ body: Body, binaryFields: Set<String>
    ) -> (contentType: String, body: [UInt8]) {
        var bytes: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        let boundary =
            "apiruntime-" + String(generator.next() as UInt64, radix: 16)
            + String(generator.next() as UInt64, radix: 16)
        let members = (try? JSONParser.parseObject(JSONWriter.encode(body, forRequest: true))) ?? [:]
        func part(_ name: String, _ value: JSONValue) {
            var contentType = "text/plain; charset=utf-8"
            var content: [UInt8]
            switch value {
            case .string(let text) where binaryFields.contains(name):
                contentType = "application/octet-stream"
                content = Data(base64Encoded: text).map(Array.init) ?? Array(text.utf8)
            case .string(let text):
                content = Array(text.utf8)
            case .object, .array:
                contentType = "application/json"
                content = JSONWriter.encode(value)
            default:
                content = Array(ClientParameters.text(value).utf8)
            }
            let quoted = name.replacing("\"", with: "%22")
            let filename = binaryFields.contains(name) ? "; filename=\"\(quoted)\"" : ""
            bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(quoted)\"\(filename)\r\n".utf8)
            bytes += Array("Content-Type: \(contentType)\r\n\r\n".utf8)
            bytes += content
            bytes += Array("\r\n".utf8)
        }
        for name in members.keys.sorted() {
            switch members[name] {
            case .array(let items)?: items.forEach { part(name, $0) }
            case .null?, nil: continue
            case let value?: part(name, value)
            }
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", bytes)
    }
}
