/// Reads IP addresses as text: IPv4 dotted quads (RFC 791) and IPv6 (RFC 4291 §2.2, with `::` and an IPv4 tail).
public enum IPAddress {
    /// The address's bytes in network order: 4 for IPv4, 16 for IPv6; `nil` when it is neither. Zone indexes
    /// (`fe80::1%eth0`) are not addresses here.
    public static func bytes(of text: String) -> [UInt8]? {
        text.contains(":") ? ipv6(Substring(text)) : ipv4(Substring(text))
    }

    /// Four decimal octets, 0–255, without leading zeros (which some parsers read as octal).
    static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), part == "0" || part.first != "0",
                let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func ipv6(_ text: Substring) -> [UInt8]? {
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2, let head = groups(halves[0], allowsIPv4Tail: halves.count == 1) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1], allowsIPv4Tail: true), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Colon-separated groups of 1–4 hex digits (the last may be an IPv4 address), as bytes; `""` is none.
    private static func groups(_ text: Substring, allowsIPv4Tail: Bool) -> [UInt8]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowsIPv4Tail, part.contains(".") {
                guard let tail = ipv4(part) else { return nil }
                bytes += tail
            } else {
                guard (1...4).contains(part.count), let value = UInt16(part, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
        }
        return bytes
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
