/// Request ids: echoed from `X-Request-ID` when the client sent a sane one, else generated.
public enum RequestID {
    /// Accepts 1–128 visible ASCII characters, so a client cannot inject anything into logs or headers.
    public static func accept(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        return value
    }

    /// 16 hex digits from the system's random source.
    public static func generate() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
