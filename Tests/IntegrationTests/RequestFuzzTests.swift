import Foundation
import Testing

/// Malformed HTTP against a live server: every answer is a 4xx or a closed connection, never a 5xx or a crash,
/// and other clients keep being served.
@Suite struct RequestFuzzTests {
    /// A server of its own with a one-second idle timeout, so slow clients are cut off quickly.
    static let server = Task {
        let shared = try await TestServer.shared.value
        return try await TestServer.start(databaseURL: shared.databaseURL, environment: ["IDLE_TIMEOUT_SECONDS": "1"])
    }

    /// Sends raw bytes on a new connection and returns the status of the answer, or `nil` if the server closed
    /// the connection without one.
    func statusAfterSending(_ bytes: [UInt8], to server: TestServer) async throws -> Int? {
        let connection = try await TestConnection(port: server.port)
        try? await connection.sendRaw(bytes)
        // Half-close, so an incomplete request ends now instead of at the idle timeout.
        connection.finishSending()
        do {
            return try await connection.readResponse().status
        } catch TestClientError.closed {
            return nil
        } catch TestClientError.socket {
            return nil  // reset by the server
        }
    }

    static let malformed: [(String, [UInt8])] = [
        ("no version", Array("GET /\r\n\r\n".utf8)),
        ("unknown version", Array("GET / HTTP/9.9\r\n\r\n".utf8)),
        ("binary garbage", [0, 1, 2, 3, 255, 254, 13, 10, 13, 10]),
        ("space in target", Array("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        ("header without colon", Array("GET / HTTP/1.1\r\nHost x\r\n\r\n".utf8)),
        ("bad content length", Array("POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".utf8)),
        (
            "two content lengths",
            Array("POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab".utf8)
        ),
        ("bad chunk size", Array("POST /tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8)),
        (
            "invalid UTF-8 in path",
            Array("GET /tasks/".utf8) + [0xFF, 0xFE] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        ),
        (
            "invalid UTF-8 in a header",
            Array("GET /users/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ".utf8) + [0xC3, 0x28]
                + Array("\r\n\r\n".utf8)
        ),
        (
            "invalid UTF-8 in JSON",
            Array(
                "POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n\""
                    .utf8) + [0xFF, 0x22, 0x7D]
        ),
    ]

    @Test(arguments: malformed.map(\.0))
    func malformedRequestGetsA4xxOrAClosedConnection(_ name: String) async throws {
        let server = try await Self.server.value
        let bytes = try #require(Self.malformed.first { $0.0 == name }?.1)
        let status = try await statusAfterSending(bytes, to: server)
        #expect(status.map { (400..<500).contains($0) } ?? true, "\(name): \(String(describing: status))")
        #expect(try await server.request("GET", "/health").status == 200)
    }

    @Test func oversizedHeaderSectionIs431() async throws {
        let server = try await Self.server.value
        let request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n"
        #expect(try await statusAfterSending(Array(request.utf8), to: server) == 431)
    }

    @Test func truncatedBodyDoesNotDisturbOtherClients() async throws {
        let server = try await Self.server.value
        do {
            let connection = try await TestConnection(port: server.port)
            try await connection.sendRaw(
                Array(
                    "POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\""
                        .utf8))
        }  // the connection is dropped mid-body here
        #expect(try await server.request("GET", "/health").status == 200)
    }

    @Test func slowClientsAreCutOffByTheIdleTimeout() async throws {
        let server = try await Self.server.value
        let slow = try await TestConnection(port: server.port)
        try await slow.sendRaw(Array("GET /health HTTP/1.1\r\nHost: x\r\n".utf8))  // never finishes its headers
        let idle = try await TestConnection(port: server.port)  // says nothing at all
        // Meanwhile a well-behaved client is served.
        #expect(try await server.request("GET", "/health").status == 200)
        #expect(try await slow.isClosedByServer())
        #expect(try await idle.isClosedByServer())
    }

    /// Seeded random mutations of valid requests: a fixed seed makes any failure replayable.
    @Test func randomlyMutatedRequestsNeverGet5xx() async throws {
        let server = try await Self.server.value
        let user = try await server.newUser()
        let templates = [
            "POST /tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(user.token)\r\nContent-Type: application/json\r\nContent-Length: 47\r\n\r\n{\"title\": \"t\", \"status\": \"done\", \"tags\": [1]}",
            "PATCH /tasks/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(user.token)\r\nContent-Type: application/merge-patch+json\r\nContent-Length: 20\r\n\r\n{\"description\": null}",
            "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 30\r\n\r\nusername=a%40b.c&password=abcd",
            "GET /tasks?limit=5 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(user.token)\r\n\r\n",
        ].map { Array($0.utf8) }
        var random = SplitMix64(seed: 20_261_125)
        let specials = Array("\r\n:;/%?#[]{}\",\\\0 \t".utf8) + [0xFF, 0xC3]
        var statuses: [Int: Int] = [:]
        for _ in 0..<200 {
            var bytes = templates[Int(random.next() % UInt64(templates.count))]
            for _ in 0..<(1 + random.next() % 4) {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[position] = specials[Int(random.next() % UInt64(specials.count))]
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                default: bytes.replaceSubrange(position..., with: bytes[position...].prefix(Int(random.next() % 8)))
                }
            }
            let status = try await statusAfterSending(bytes, to: server)
            statuses[status ?? 0, default: 0] += 1
            #expect(
                status.map { $0 < 500 } ?? true,
                "\(String(decoding: bytes, as: UTF8.self).debugDescription) → \(String(describing: status))")
        }
        // Most mutants still parse as HTTP, so the router and validation see them, not only the HTTP parser.
        let answered = statuses.filter { $0.key != 0 }.values.reduce(0, +)
        #expect(answered >= 100, "\(statuses)")
        #expect(try await server.request("GET", "/health").status == 200)
    }
}

/// A small deterministic generator (SplitMix64), so the same seed always produces the same requests.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
