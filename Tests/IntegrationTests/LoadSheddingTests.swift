import APIRuntime
import Foundation
import PostgresLibPQ
import Testing

/// What keeps the server serving under abuse: a bounded password-hashing queue, a connection cap, a deadline for a
/// request's head and a minimum body rate. Each test runs a server of its own with small limits, over real HTTP,
/// one test at a time: two of them keep the cores busy hashing on purpose.
@Suite(.serialized) struct LoadSheddingTests {
    /// Sends `bytes` one at a time, `interval` apart, until the server closes the connection or all are sent.
    /// - Returns: how many bytes were sent before the server closed the connection, `nil` if it never did.
    func trickle(_ bytes: [UInt8], to connection: TestConnection, every interval: Duration) async throws -> Int? {
        for (index, byte) in bytes.enumerated() {
            do {
                try await connection.sendRaw([byte])
            } catch TestClientError.socket {
                return index
            }
            try await Task.sleep(for: interval)
        }
        return try await connection.isClosedByServer() ? bytes.count : nil
    }

    @Test func aRequestTakingLongerThanTheIdleTimeoutIsStillAnswered() async throws {
        // One hashing thread, cost 12 (a few hundred milliseconds each, 200 ms even on fast cores): the last of ten
        // logins waits well over the one-second idle timeout, during which its connection reads nothing. It used to
        // be closed unanswered.
        let server = try await TestServer.start(environment: [
            "IDLE_TIMEOUT_SECONDS": "1", "BCRYPT_COST": "12", "BCRYPT_THREADS": "1", "BCRYPT_QUEUE_LIMIT": "100",
            "LOGIN_RATE_LIMIT": "0",
        ])
        let user = try await server.newUser()
        let clock = ContinuousClock()
        let start = clock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await server.request(
                        "POST", "/auth/login", form: "username=\(user.email)&password=\(user.password)"
                    ).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 10))
        // Not a speed requirement: the check that the test tested something (the logins outlasted the timeout).
        #expect(clock.now - start > .seconds(1), "the logins were too fast to outlast the idle timeout")
    }

    @Test func aFloodOfBogusLoginsIsShedSoARealLoginIsAnsweredOrRefusedAtOnce() async throws {
        // One hashing thread and room for four: the flood fills the queue within its first milliseconds.
        let server = try await TestServer.start(environment: [
            "BCRYPT_COST": "10", "BCRYPT_THREADS": "1", "BCRYPT_QUEUE_LIMIT": "4", "LOGIN_RATE_LIMIT": "0",
        ])
        let user = try await server.newUser()
        let (flood, real) = try await withThrowingTaskGroup(of: (isReal: Bool, response: TestResponse).self) { group in
            for index in 0..<400 {
                group.addTask {
                    let form = "username=bogus-\(index)@example.com&password=not-the-password"
                    return (false, try await server.request("POST", "/auth/login", form: form))
                }
            }
            group.addTask {
                (
                    true,
                    try await server.request(
                        "POST", "/auth/login", form: "username=\(user.email)&password=\(user.password)")
                )
            }
            var flood: [TestResponse] = []
            var real: TestResponse?
            for try await (isReal, response) in group {
                if isReal { real = response } else { flood.append(response) }
            }
            return (flood, try #require(real))
        }
        let statuses = flood.map(\.status)
        #expect(statuses.allSatisfy { $0 == 401 || $0 == 503 }, "\(Set(statuses))")
        let shed = flood.filter { $0.status == 503 }
        #expect(shed.count > 300, "most of the flood is refused instead of queued: \(shed.count) of 400")
        #expect(shed.allSatisfy { $0.header("Retry-After") == "1" })
        #expect(real.status == 200 || real.status == 503)
        // Once the flood has drained, the real user logs in.
        #expect(
            try await server.request("POST", "/auth/login", form: "username=\(user.email)&password=\(user.password)")
                .status == 200)
        try await server.stop()
    }

    @Test func theQueuedHashOfAClientThatWentAwayIsDroppedAndFreesItsPlace() async throws {
        // One thread, room for two: A's hash runs (cost 14 takes a second or more), B's waits.
        let server = try await TestServer.start(environment: [
            "BCRYPT_COST": "14", "BCRYPT_THREADS": "1", "BCRYPT_QUEUE_LIMIT": "2", "LOGIN_RATE_LIMIT": "0",
        ])
        /// Waits until the server's hashing queue holds `depth` (its metric), so nothing here races the server.
        func waitForQueueDepth(_ depth: Int) async throws {
            for _ in 0..<1500 {
                let metrics = try await server.request("GET", "/metrics").text
                let line = metrics.split(separator: "\n").first { $0.hasPrefix("password_hash_queue_depth ") }
                if let value = line?.split(separator: " ").last.flatMap({ Double($0) }), value == Double(depth) {
                    return
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("the hashing queue never held \(depth)")
        }
        func login(_ connection: TestConnection, _ name: String) async throws {
            let form = "username=\(name)@example.com&password=not-the-password"
            try await connection.sendRaw(
                Array(
                    ("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: \(form.utf8.count)\r\n\r\n\(form)").utf8))
        }
        let first = try await TestConnection(port: server.port)
        try await login(first, "a")
        try await waitForQueueDepth(1)
        var departing: TestConnection? = try await TestConnection(port: server.port)
        try await login(try #require(departing), "b")
        try await waitForQueueDepth(2)
        departing = nil  // closes B's socket while its hash waits behind A's
        try await waitForQueueDepth(1)
        // Were B's hash still queued, the queue would be full and C refused with 503.
        let third = try await TestConnection(port: server.port)
        try await login(third, "c")
        #expect(try await first.readResponse().status == 401)
        #expect(try await third.readResponse().status == 401)
        try await server.stop()
    }

    @Test func aClientTricklingItsHeadIsCutOffAtTheHeadDeadline() async throws {
        let server = try await TestServer.start(environment: ["HEADER_TIMEOUT_SECONDS": "1"])
        let head = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaa\r\n\r\n".utf8)
        // One byte every 200 ms never lets the idle timeout (60 s) fire; the head deadline does, after ~5 bytes.
        let slow = try await TestConnection(port: server.port)
        let sent = try await trickle(head, to: slow, every: .milliseconds(200))
        let cutAfter = try #require(sent, "the server never closed the connection")
        #expect(cutAfter < head.count, "closed before the head was complete")

        // The same on a kept-alive connection: the deadline starts at the next request's first byte.
        let kept = try await TestConnection(port: server.port)
        #expect(try await kept.request("GET", "/health").status == 200)
        let again = try #require(try await trickle(head, to: kept, every: .milliseconds(200)))
        #expect(again < head.count)

        // A client that sends its head in time is served.
        let prompt = try await TestConnection(port: server.port)
        #expect(try await prompt.request("GET", "/health").status == 200)
        try await server.stop()
    }

    @Test func aBodyArrivingBelowTheMinimumRateIsCutOff() async throws {
        let server = try await TestServer.start(environment: [
            "HEADER_TIMEOUT_SECONDS": "1", "MIN_BODY_BYTES_PER_SECOND": "100",
        ])
        let user = try await server.newUser()
        let body = Array(#"{"title": "\#(String(repeating: "x", count: 150))"}"#.utf8)
        let head =
            "POST /tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(user.token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        let slow = try await TestConnection(port: server.port)
        try await slow.sendRaw(Array(head.utf8))
        // 5 bytes a second against 100 owed after the one-second grace.
        let sent = try #require(try await trickle(body, to: slow, every: .milliseconds(200)))
        #expect(sent < body.count)
        let count = try await server.sql("SELECT count(*) AS n FROM tasks WHERE user_id = \(user.id)")
        #expect(try count[0].decode("n", as: Int64.self) == 0)
        try await server.stop()
    }

    @Test func theConnectionCapHoldsAndTheServerKeepsServing() async throws {
        let server = try await TestServer.start(environment: ["MAX_CONNECTIONS": "8"])
        let kept = try await TestConnection(port: server.port)
        #expect(try await kept.request("GET", "/health").status == 200)
        var idle: [TestConnection] = []
        for _ in 0..<7 { idle.append(try await TestConnection(port: server.port)) }
        // The ninth connection is past the cap: a quick 503, then closed.
        let extra = try await TestConnection(port: server.port)
        let refused = try await extra.request("GET", "/health")
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect(try await extra.isClosedByServer())
        // The connections within the cap are still served.
        #expect(try await kept.request("GET", "/health").status == 200)
        // Once some close, new connections are served again.
        idle.removeAll()
        var status = 0
        for _ in 0..<50 where status != 200 {
            let fresh = try await TestConnection(port: server.port)
            status = try await fresh.request("GET", "/health").status
            if status != 200 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(status == 200)
        try await server.stop()
    }
}
