import APIRuntime
import Foundation
import Testing

/// `/metrics` in the Prometheus text format after known traffic, on servers of their own (counts are per server).
@Suite struct MetricsTests {
    /// The sample lines of an exposition, `name{labels}` → value (comments left out).
    func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    @Test func countersHistogramsAndGaugesReflectTheTraffic() async throws {
        let server = try await TestServer.start()
        let user = try await server.newUser()
        for _ in 0..<3 { #expect(try await server.request("GET", "/health").status == 200) }
        let task = try await server.newTask(for: user)
        let id = try #require(task["id"]?.integer)
        #expect(try await server.request("GET", "/tasks/\(id)", token: user.token).status == 200)
        #expect(try await server.request("GET", "/tasks/\(id + 1000)", token: user.token).status == 404)
        #expect(try await server.request("GET", "/no/such/path").status == 404)
        #expect(try await server.request("PURGE", "/health").status == 405)

        let scrape = try await server.request("GET", "/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.header("Content-Type")?.hasPrefix("text/plain") == true)
        let metrics = samples(scrape.text)
        #expect(metrics[#"http_requests_total{method="GET",route="/health",status="200"}"#] == 3)
        #expect(metrics[#"http_requests_total{method="GET",route="/tasks/{id}",status="200"}"#] == 1)
        #expect(metrics[#"http_requests_total{method="GET",route="/tasks/{id}",status="404"}"#] == 1)
        #expect(metrics[#"http_requests_total{method="POST",route="/tasks",status="201"}"#] == 1)
        #expect(metrics[#"http_requests_total{method="GET",route="unmatched",status="404"}"#] == 1)
        #expect(metrics[#"http_requests_total{method="other",route="/health",status="405"}"#] == 1)
        // Never a raw path as a label.
        #expect(!scrape.text.contains("/tasks/\(id)"))
        // The histogram: cumulative buckets from 1 ms, ending with +Inf equal to the count.
        let bucket = #"http_request_duration_seconds_bucket{method="GET",route="/health",le="#
        #expect(metrics[bucket + #""0.001"}"#] != nil)
        #expect(metrics[bucket + #""+Inf"}"#] == 3)
        #expect(metrics[#"http_request_duration_seconds_count{method="GET",route="/health"}"#] == 3)
        // The pool, the hashing queue and the process.
        #expect(metrics[#"db_pool_connections{state="in_use"}"#] != nil)
        #expect((metrics[#"db_pool_connections{state="idle"}"#] ?? 0) >= 1)
        #expect((metrics["db_pool_wait_seconds_count"] ?? 0) >= 4)
        #expect(metrics["db_pool_timeouts_total"] == 0)
        #expect(metrics["password_hash_queue_depth"] == 0)
        #expect((metrics["process_start_time_seconds"] ?? 0) > 1_700_000_000)
        try await server.stop()
    }

    @Test func aMetricsTokenProtectsTheMetrics() async throws {
        let token = "scrape-\(UUID().uuidString)"
        let server = try await TestServer.start(environment: ["METRICS_TOKEN": token])
        let anonymous = try await server.request("GET", "/metrics")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate") == "Bearer")
        #expect(try await server.request("GET", "/metrics", token: "not-the-token-at-all").status == 401)
        let user = try await server.newUser()
        #expect(
            try await server.request("GET", "/metrics", token: user.token).status == 401,
            "a user's token is no metrics token")
        let scraped = try await server.request("GET", "/metrics", token: token)
        #expect(scraped.status == 200)
        #expect(scraped.text.contains("http_requests_total"))
        #expect(try await server.request("GET", "/tasks", token: token).status == 401, "the metrics token is no user's")
        try await server.stop()
    }
}
