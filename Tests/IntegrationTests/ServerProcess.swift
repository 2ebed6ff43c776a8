import Foundation
import Synchronization
import Testing

/// The real `taskapi` executable in a process of its own, for what only a process shows: signals and exit codes,
/// and several servers sharing one database.
final class ServerProcess: Sendable {
    /// The binary `swift build --build-tests` leaves beside the tests.
    static let binary = TestServer.repositoryRoot.appendingPathComponent(".build/debug/taskapi").path

    let port: Int
    private let process: Process
    private let output: Lines

    final class Lines: Sendable {
        private let state = Mutex<(lines: [String], partial: String)>(([], ""))
        func append(_ data: Data) {
            state.withLock { state in
                state.partial += String(decoding: data, as: UTF8.self)
                while let newline = state.partial.firstIndex(of: "\n") {
                    state.lines.append(String(state.partial[..<newline]))
                    state.partial = String(state.partial[state.partial.index(after: newline)...])
                }
            }
        }
        var all: [String] { state.withLock { $0.lines } }
    }

    /// Starts `taskapi serve` on a free loopback port with test settings and `environment`, and waits until it
    /// logs that it listens.
    init(databaseURL: String, secret: String, environment: [String: String] = [:]) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary), "no \(Self.binary): run swift build first")
        var values = ProcessInfo.processInfo.environment
        for key in values.keys where key.hasPrefix("LOGIN_") || key.hasPrefix("REGISTER_") { values[key] = nil }
        values.merge([
            "DATABASE_URL": databaseURL, "SECRET_KEY": secret, "ENVIRONMENT": "test", "BCRYPT_COST": "4",
            "HOST": "127.0.0.1", "PORT": "0", "LOG_FORMAT": "json",
        ]) { _, new in new }
        values.merge(environment) { _, new in new }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve"]
        process.environment = values
        // A directory without a .env, so a developer's settings stay out.
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let output = Lines()
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
        self.process = process
        self.output = output
        var port: Int?
        for _ in 0..<300 where port == nil {
            port = output.all.lazy.compactMap(Self.listeningPort).first
            if port == nil {
                try #require(process.isRunning, "taskapi exited during start-up: \(output.all)")
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        self.port = try #require(port, "taskapi did not report its port: \(output.all)")
    }

    /// The port of a JSON `listening` line.
    private static func listeningPort(_ line: String) -> Int? {
        guard line.contains(#""message":"listening""#), let range = line.firstRange(of: #""port":""#) else {
            return nil
        }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    var logLines: [String] { output.all }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end and returns its exit status.
    func exitStatus() async throws -> Int32 {
        for _ in 0..<1000 where process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        try #require(!process.isRunning, "taskapi did not exit")
        return process.terminationStatus
    }

    /// Ends the process (SIGTERM) if it still runs.
    func stop() async throws {
        if process.isRunning { signal(SIGTERM) }
        _ = try await exitStatus()
    }

    func request(
        _ method: String, _ target: String, json: String? = nil, form: String? = nil, token: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> TestResponse {
        try await TestConnection(port: port).request(
            method, target, json: json, form: form, token: token, headers: headers)
    }
}

/// Runs a command (`bash scripts/…`, a path of this repository) to its end; its standard output, trimmed.
///
/// The output goes through a file, not a pipe: a command that starts a daemon (PostgreSQL) leaves it holding the
/// command's descriptors, and a pipe would never reach its end. The wait blocks a thread of its own, never one of
/// Swift's cooperative pool, which the server under test needs.
func runScript(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try runScriptBlocking(arguments, environment: environment) }) }
            .start()
    }
}

private func runScriptBlocking(_ arguments: [String], environment: [String: String]) throws -> String {
    // posix_spawn and waitpid, not Foundation's Process: on Linux, Process.waitUntilExit can wait for every
    // process that inherited its bookkeeping descriptor — a PostgreSQL the command started, forever.
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).out").path
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    // Paths of this repository's scripts are made absolute: the command runs in the test's working directory.
    let absolute = arguments.map {
        $0.hasPrefix("scripts/") ? TestServer.repositoryRoot.appendingPathComponent($0).path : $0
    }
    let argv = (["/usr/bin/env"] + absolute).map { strdup($0) } + [nil]
    let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
    try #require(spawned == 0, "could not start \(arguments.joined(separator: " ")): errno \(spawned)")
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exitCode = (status >> 8) & 0xFF
    try #require(status & 0x7F == 0 && exitCode == 0, "\(arguments.joined(separator: " ")) failed (\(status))")
    return try String(contentsOfFile: outputPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
}
