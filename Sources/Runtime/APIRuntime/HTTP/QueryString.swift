/// Builds a URL query (`a=1&tag=x%20y`) from names and values, percent-encoding everything but RFC 3986's
/// unreserved characters, so any value survives the trip through `FormDecoding` unchanged.
public struct QueryString: Sendable, Hashable {
    /// The encoded query, without the leading `?`.
    public private(set) var encoded = ""

    public init() {}

    /// Appends `name=value`; a repeated name is appended once per value, as form style with `explode` wants.
    public mutating func append(_ name: String, _ value: String) {
        if !encoded.isEmpty { encoded += "&" }
        Self.percentEncode(name, into: &encoded)
        encoded += "="
        Self.percentEncode(value, into: &encoded)
    }

    /// Appends `name=value` once for each value, in order.
    public mutating func append(_ name: String, _ values: some Sequence<String>) {
        for value in values { append(name, value) }
    }

    static func percentEncode(_ text: String, into output: inout String) {
        let hex: [Character] = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output.append("%")
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
    }
}
