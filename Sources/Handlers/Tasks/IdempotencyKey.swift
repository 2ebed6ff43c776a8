import APIRuntime
import Generated
import SecurityLibcrypto

/// An `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header) and the request it was sent with.
///
/// The draft defines the key as a structured-field string (`"…"`); the bare form clients commonly send is accepted
/// too. The generated decoder has already bounded the header to printable ASCII and 257 characters; what is left to
/// check here is the quoting and the 1–255 characters of the key itself.
struct IdempotencyKey: Sendable, Hashable {
    /// The key without quotes or escapes, 1–255 characters.
    let key: String
    /// The SHA-256 (hex) of the request's canonical form: a replay must carry the same one.
    let fingerprint: String

    static let maximumLength = 255

    /// `nil` when `header` is not a key: empty, longer than 255 characters, or quoted but not a well-formed string.
    init?(header: String, request: Schemas.TaskCreate) {
        guard let key = Self.unquoted(header), (1...Self.maximumLength).contains(key.count) else { return nil }
        self.key = key
        self.fingerprint = SHA256.hexDigest(of: Self.canonicalForm(of: request))
    }

    /// RFC 8941 §4.2.5: a string starts and ends with `"`, and inside, `\` escapes only `"` and `\`.
    private static func unquoted(_ header: String) -> String? {
        guard header.hasPrefix("\"") else { return header }
        var key = ""
        var characters = header.unicodeScalars.dropFirst().makeIterator()
        while let scalar = characters.next() {
            switch scalar {
            case "\\":
                guard let escaped = characters.next(), escaped == "\"" || escaped == "\\" else { return nil }
                key.unicodeScalars.append(escaped)
            case "\"":
                // The closing quote must end the value.
                return characters.next() == nil ? key : nil
            default:
                key.unicodeScalars.append(scalar)
            }
        }
        return nil
    }

    /// The decoded body as compact JSON with every field present in a fixed order, defaults applied, so requests
    /// that differ only in spacing, member order or spelled-out defaults are the same request.
    static func canonicalForm(of task: Schemas.TaskCreate) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.writeField("title", task.title)
        writer.writeField("description", task.description?.value)
        writer.writeField("status", task.status.rawValue)
        writer.writeField("priority", task.priority.rawValue)
        writer.writeField("due_at", task.dueAt?.value)
        writer.writeField("tags", task.tags)
        writer.endObject()
        return writer.bytes
    }
}
