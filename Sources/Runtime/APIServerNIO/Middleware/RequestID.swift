internal import Synchronization

/// Request ids: echoed from `X-Request-ID` when the client sent a sane one, else generated.
public enum RequestID {
    /// Accepts 1–128 visible ASCII characters, so a client cannot inject anything into logs or headers.
    public static func accept(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        return value
    }

    /// 16 hex digits, unique within the process: a counter from a random start, scrambled by a bijection so that
    /// consecutive ids do not look consecutive. Ids are for correlating logs, not secrets, so no system call (and
    /// no entropy) is spent per request.
    public static func generate() -> String {
        let value = scramble(counter.add(1, ordering: .relaxed).newValue)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static let counter = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    /// SplitMix64's finaliser: invertible, so distinct counters give distinct ids.
    private static func scramble(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return mixed ^ (mixed >> 31)
    }
}
