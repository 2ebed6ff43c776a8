import APIRuntime
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A response as a test sees it.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed by the runtime's own JSON parser; `nil` when it is not JSON.
    var json: JSONValue? { try? JSONParser.parse(body) }

    /// The body's members when it is a JSON object, else none.
    var object: [String: JSONValue] { json?.members ?? [:] }

    /// The `location`s of a problem's `errors`.
    var errorLocations: [String] {
        (object["errors"]?.objects ?? []).compactMap { $0["location"]?.string }
    }
}

/// Reading JSON values in assertions.
extension JSONValue {
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var integer: Int64? {
        if case .int(let number) = self { return number }
        return nil
    }

    var members: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array of objects.
    var objects: [[String: JSONValue]]? {
        guard case .array(let items) = self else { return nil }
        let objects = items.compactMap(\.members)
        return objects.count == items.count ? objects : nil
    }
}

/// One TCP connection speaking plain HTTP/1.1, with blocking socket calls run off Swift's cooperative pool, so a
/// test waiting for the server never starves the server's own tasks.
final class TestConnection: @unchecked Sendable {
    // @unchecked Sendable: a connection is used by one test at a time, one call after another.
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int) async throws {
        socket = try await Self.offPool {
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw TestClientError.socket("socket") }
            var timeout = timeval(tv_sec: 15, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                close(fd)
                throw TestClientError.socket("connect")
            }
            return fd
        }
    }

    deinit { close(socket) }

    /// Sends raw bytes (possibly malformed HTTP).
    func sendRaw(_ bytes: [UInt8]) async throws {
        let socket = self.socket
        try await Self.offPool {
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes {
                    Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard count > 0 else { throw TestClientError.socket("send") }
                sent += count
            }
        }
    }

    /// Closes the sending side (a TCP half-close): the server sees the end of the request stream.
    func finishSending() {
        shutdown(socket, Int32(SHUT_WR))
    }

    func request(
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> TestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try await sendRaw(Array(head.utf8) + body)
        return try await readResponse(isHead: method == "HEAD")
    }

    /// One request: `json` and `form` set the body and its `Content-Type`, `token` the bearer credential.
    func request(
        _ method: String, _ target: String, json: String?, form: String?, token: String?, headers: [(String, String)]
    ) async throws -> TestResponse {
        var allHeaders = headers
        var body: [UInt8] = []
        if let json {
            allHeaders.append(("Content-Type", "application/json"))
            body = Array(json.utf8)
        } else if let form {
            allHeaders.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(form.utf8)
        }
        if let token { allHeaders.append(("Authorization", "Bearer \(token)")) }
        return try await request(method, target, headers: allHeaders, body: body)
    }

    /// Reads one response; `nil` status means the server closed the connection without answering.
    func readResponse(isHead: Bool = false) async throws -> TestResponse {
        let headerEnd: [UInt8] = Array("\r\n\r\n".utf8)
        while buffer.firstRange(of: headerEnd) == nil {
            guard try await receive() else { throw TestClientError.closed }
        }
        guard let range = buffer.firstRange(of: headerEnd) else { throw TestClientError.closed }
        let headText = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
        buffer.removeSubrange(..<range.upperBound)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError.malformed(headText) }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let bodyLength = isHead || status == 204 || status == 304 ? 0 : length
        while buffer.count < bodyLength {
            guard try await receive() else { throw TestClientError.closed }
        }
        let body = Array(buffer[..<bodyLength])
        buffer.removeSubrange(..<bodyLength)
        return TestResponse(status: status, headers: headers, body: body)
    }

    /// Whether the server has closed the connection (reads end of stream).
    func isClosedByServer() async throws -> Bool {
        try await !receive()
    }

    /// Appends what arrives to the buffer; false at end of stream.
    private func receive() async throws -> Bool {
        let socket = self.socket
        let chunk: [UInt8] = try await Self.offPool {
            var bytes = [UInt8](repeating: 0, count: 65_536)
            let count = bytes.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw TestClientError.socket("recv (errno \(errno))") }
            return Array(bytes[..<count])
        }
        buffer += chunk
        return !chunk.isEmpty
    }

    /// Runs blocking socket calls on a thread of their own. Not on GCD's global queues: on Linux those also run
    /// Swift's cooperative executor, and tests blocked there would starve the server they wait for.
    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

enum TestClientError: Error {
    case socket(String)
    case closed
    case malformed(String)
}
