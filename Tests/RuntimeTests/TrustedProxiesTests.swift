import APIRuntime
import Testing

@Suite struct TrustedProxiesTests {
    static let zeros: [UInt8] = Array(repeating: 0, count: 16)
    static let parsed: [(String, [UInt8])] = [
        ("192.0.2.1", [192, 0, 2, 1]),
        ("0.0.0.0", [0, 0, 0, 0]),
        ("::1", Array(zeros.prefix(15)) + [1]),
        ("::", zeros),
        ("2001:db8::ff00:42:8329", [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42, 0x83, 0x29]),
        ("::ffff:192.0.2.1", Array(zeros.prefix(10)) + [0xff, 0xff, 192, 0, 2, 1]),
        ("fe80:0:0:0:0:0:0:1", [0xfe, 0x80] + Array(zeros.prefix(13)) + [1]),
    ]

    @Test(arguments: parsed)
    func addressesParse(_ text: String, _ bytes: [UInt8]) {
        #expect(IPAddress.bytes(of: text) == bytes)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4", "1::2::3", "1:2:3:4:5:6:7:8:9",
        "12345::", "fe80::1%eth0", "::1.2.3", "g::1", "1:2:3:4:5:6:7::8", "localhost",
    ])
    func nonAddressesDoNotParse(_ text: String) {
        #expect(IPAddress.bytes(of: text) == nil, "\(text)")
    }

    @Test func rangesContainTheirAddressesOnly() throws {
        let proxies = try #require(TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.7 ,2001:db8::/33,,"))
        #expect(proxies.contains("10.255.0.1"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(proxies.contains("192.168.1.7"))
        #expect(!proxies.contains("192.168.1.8"))
        #expect(proxies.contains("2001:db8:7fff::1"))
        #expect(!proxies.contains("2001:db8:8000::1"))
        #expect(!proxies.contains("not an address"))
        #expect(TrustedProxies(parsing: "10.0.0.0/33") == nil)
        #expect(TrustedProxies(parsing: "10.0.0.0/8, example.com") == nil)
        #expect(TrustedProxies(parsing: "")?.isEmpty == true)
    }

    @Test func theClientIsTheFirstUntrustedAddressFromTheRight() throws {
        let proxies = try #require(TrustedProxies(parsing: "10.0.0.0/8"))
        // Only a trusted peer's header is read.
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
        #expect(proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        // A client's own claim on the left is not believed past the first untrusted hop.
        #expect(
            proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["1.1.1.1, 198.51.100.1", "10.0.0.3"])
                == "198.51.100.1")
        // A malformed entry ends what can be believed: the last hop before it stands.
        #expect(proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["garbage, 10.0.0.5"]) == "10.0.0.5")
        #expect(proxies.clientAddress(peer: nil, forwardedFor: ["198.51.100.1"]) == nil)
        #expect(TrustedProxies.none.clientAddress(peer: "10.0.0.2", forwardedFor: ["1.1.1.1"]) == "10.0.0.2")
    }
}
