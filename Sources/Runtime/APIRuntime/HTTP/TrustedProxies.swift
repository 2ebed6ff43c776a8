/// The peers whose `X-Forwarded-For` is believed: single addresses and CIDR ranges, IPv4 and IPv6
/// (`TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1,::1`).
public struct TrustedProxies: Sendable, Hashable {
    /// An address range: the first `prefixLength` bits of `network`.
    struct Range: Sendable, Hashable {
        let network: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var remaining = prefixLength
            for (candidate, base) in zip(address, network) where remaining > 0 {
                let bits = min(remaining, 8)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if candidate & mask != base & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let ranges: [Range]

    /// No proxy is trusted: the socket's peer is the client.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Parses a comma-separated list; `nil` when an entry is not an IP address or a CIDR range.
    public init?(parsing list: String) {
        var ranges: [Range] = []
        for entry in list.split(separator: ",") {
            let text = entry.trimmingASCIISpaces()
            if text.isEmpty { continue }
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let network = IPAddress.bytes(of: String(parts[0])) else { return nil }
            var prefixLength = network.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...prefixLength).contains(length) else { return nil }
                prefixLength = length
            }
            ranges.append(Range(network: network, prefixLength: prefixLength))
        }
        self.ranges = ranges
    }

    /// No proxy is trusted.
    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = IPAddress.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client behind `peer`: `X-Forwarded-For` is read from the right — each proxy appends the address it
    /// received from — past every trusted proxy; the first address no trusted proxy owns is the client. Only a
    /// trusted peer's header is read at all, so a client cannot choose its own address.
    public func clientAddress(peer: String?, forwardedFor fields: [String]) -> String? {
        guard let peer, contains(peer), !fields.isEmpty else { return peer }
        let hops = fields.flatMap { $0.split(separator: ",") }.map { String($0.trimmingASCIISpaces()) }
        var client = peer
        for hop in hops.reversed() {
            guard IPAddress.bytes(of: hop) != nil else { break }  // a malformed entry ends what can be believed
            client = hop
            if !contains(hop) { break }
        }
        return client
    }
}
