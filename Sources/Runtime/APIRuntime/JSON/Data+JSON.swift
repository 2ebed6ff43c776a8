#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Bytes inside JSON travel as base64 strings (`format: byte`); a binary body is the bytes themselves.
extension Data: JSONWritable {
    /// Writes the bytes as a base64 string.
    public func writeJSON(to writer: inout JSONWriter) { writer.writeString(base64EncodedString()) }
}

extension Validator {
    /// Bytes written in JSON as a base64 string.
    public mutating func bytes(_ json: JSONValue, at location: @autoclosure () -> String) -> Data? {
        guard let text = string(json, at: location()) else { return nil }
        guard let data = Data(base64Encoded: text) else {
            fail(location(), "must be base64-encoded bytes")
            return nil
        }
        return data
    }
}
