internal import APIRuntime
public import Logging

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// A swift-log handler that writes each event as one JSON object on one line — `time` (RFC 3339, UTC), `level`,
/// `logger`, `message`, then the metadata's keys — for log pipelines that parse lines (Loki, CloudWatch, `jq`).
///
/// A line goes out in one `write(2)`, so lines from several threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: @Sendable (String) -> Void

    /// The members every line starts with; metadata under these names is left out rather than allowed to forge them.
    static let reservedKeys: Set<String> = ["time", "level", "logger", "message"]

    /// - Parameter output: where each line goes (with its newline); standard error by default.
    public init(label: String, output: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        let level = event.level
        let message = event.message
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writer.writeField("time", RFC3339.format(Date()))
        writer.writeField("level", level.rawValue)
        writer.writeField("logger", label)
        writer.writeField("message", message.description)
        for key in merged.keys.sorted() where !Self.reservedKeys.contains(key) {
            writer.writeKey(key)
            Self.encode(merged[key] ?? .string(""), to: &writer)
        }
        writer.endObject()
        output(String(decoding: writer.bytes, as: UTF8.self) + "\n")
    }

    private static func encode(_ value: Logger.Metadata.Value, to writer: inout JSONWriter) {
        switch value {
        case .string(let text): writer.writeString(text)
        case .stringConvertible(let convertible): writer.writeString(convertible.description)
        case .array(let values):
            writer.beginArray()
            for element in values { encode(element, to: &writer) }
            writer.endArray()
        case .dictionary(let members):
            writer.beginObject()
            for key in members.keys.sorted() {
                writer.writeKey(key)
                encode(members[key] ?? .string(""), to: &writer)
            }
            writer.endObject()
        }
    }

    /// Writes `line` to standard error in one call.
    public static let standardError: @Sendable (String) -> Void = { line in
        var line = line
        line.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
    }
}
