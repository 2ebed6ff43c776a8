import APIRuntime
import SecurityLibcrypto

/// Where the next page of `GET /tasks` starts: the last row's sort key, as PostgreSQL's text for the key's type,
/// and its id, which breaks ties.
struct ListCursor: Sendable, Hashable {
    let key: String
    let id: Int64
}

/// Mints and reads cursors: opaque base64url text that only this server's secret can produce, bound to the query
/// it continues.
///
/// Layout before base64url: a version byte, the id as decimal digits, a NUL, the key's text, then the first 16 bytes
/// of HMAC-SHA256 over the query's binding (`TaskListQuery.binding(owner:)`) and everything before the code. The
/// binding is not in the cursor, only under its code: a cursor used for another user, sort or filter set fails the
/// check exactly as an altered one does.
package struct ListCursorCodec: Sendable {
    private static let version: UInt8 = 1
    private static let codeLength = 16

    private let authenticator: HMACSHA256

    /// - Parameter secret: the server's secret; cursors use a key derived from it for this purpose alone.
    package init(secret: [UInt8]) throws {
        authenticator = try HMACSHA256(key: secret).derived(for: "taskapi GET /tasks cursor")
    }

    func encode(_ cursor: ListCursor, binding: [UInt8]) throws -> String {
        let body = [Self.version] + Array(String(cursor.id).utf8) + [0] + Array(cursor.key.utf8)
        return Base64URL.encode(body + (try code(for: body, binding: binding)))
    }

    /// The cursor `text` holds, or `nil` when it does not decode, fails its check or belongs to another query.
    func decode(_ text: String, binding: [UInt8]) -> ListCursor? {
        guard let bytes = Base64URL.decode(text), bytes.count > Self.codeLength + 2 else { return nil }
        let body = Array(bytes.dropLast(Self.codeLength))
        guard let expected = try? code(for: body, binding: binding),
            ConstantTime.areEqual(Array(bytes.suffix(Self.codeLength)), expected),
            body[0] == Self.version,
            let separator = body.firstIndex(of: 0),
            let id = Int64(String(decoding: body[1..<separator], as: UTF8.self))
        else { return nil }
        return ListCursor(key: String(decoding: body[(separator + 1)...], as: UTF8.self), id: id)
    }

    private func code(for body: [UInt8], binding: [UInt8]) throws -> [UInt8] {
        Array(try authenticator.code(for: binding + [0] + body).prefix(Self.codeLength))
    }
}
