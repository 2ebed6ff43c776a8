import Foundation
internal import Generator

/// The fuzzer's files: the input being tried (left behind by a crash), failing inputs with their reports, and a
/// sample of generated outputs for `scripts/fuzz-compile.sh`.
struct ArtifactStore: Sendable {
    let folder: String

    /// Failing inputs saved at most; later failures are only counted.
    static let maximumFailures = 50

    private var currentInput: String { path("current.yaml") }
    private var currentContext: String { path("current.txt") }

    /// Creates the folder and removes what an earlier run left in it.
    func prepare() {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where ["failure-", "hang-", "current."].contains(where: name.hasPrefix) {
            try? FileManager.default.removeItem(atPath: path(name))
        }
    }

    /// Removes the outputs an earlier run saved in `folder` (only folders named as `saveGenerated` names them).
    func clearGenerated(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix("i") && name.dropFirst().allSatisfy(\.isNumber) && !name.dropFirst().isEmpty {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
    }

    /// Writes the input about to run, and how to make it again.
    func writeCurrent(_ input: Fuzzer.Input, context: String) {
        write(input.bytes, to: currentInput)
        write(Array((context + "\n").utf8), to: currentContext)
    }

    /// After a clean run nothing is current: a `current.yaml` left over means the fuzzer crashed on it.
    func removeCurrent() {
        try? FileManager.default.removeItem(atPath: currentInput)
        try? FileManager.default.removeItem(atPath: currentContext)
    }

    /// Copies the current input aside under `name`; returns its path.
    func keepCurrent(as name: String) -> String {
        let target = path(name + ".yaml")
        try? FileManager.default.removeItem(atPath: target)
        try? FileManager.default.copyItem(atPath: currentInput, toPath: target)
        try? FileManager.default.removeItem(atPath: path(name + ".txt"))
        try? FileManager.default.copyItem(atPath: currentContext, toPath: path(name + ".txt"))
        return target
    }

    /// Saves a failing input as `name.yaml` with its report as `name.txt`; returns the input's path, or nil once
    /// enough failures are on disk.
    func saveFailure(_ input: Fuzzer.Input, report: String, name: String) -> String? {
        let saved = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter {
            $0.hasPrefix("failure-") && $0.hasSuffix(".yaml")
        }
        guard (saved?.count ?? 0) < Self.maximumFailures else { return nil }
        let target = path(name + ".yaml")
        write(input.bytes, to: target)
        write(Array(report.utf8), to: path(name + ".txt"))
        return target
    }

    /// Writes `files` and the input they came from to `folder/name/`.
    func saveGenerated(_ input: Fuzzer.Input, files: [OpenAPIGenerator.File], in folder: String, name: String) {
        let directory = (folder as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        write(input.bytes, to: (directory as NSString).appendingPathComponent("openapi.yaml"))
        write(
            Array((input.mutations.joined(separator: "\n") + "\n").utf8),
            to: (directory as NSString).appendingPathComponent("mutations.txt"))
        for file in files {
            write(Array(file.contents.utf8), to: (directory as NSString).appendingPathComponent(file.name))
        }
    }

    private func path(_ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    /// Writes without `fsync`: what matters is that the file outlives this process, not the machine.
    private func write(_ bytes: [UInt8], to path: String) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            Console.error("openapi-fuzz: warning: cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}

/// Where the fuzzer's messages go.
enum Console {
    static func output(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
