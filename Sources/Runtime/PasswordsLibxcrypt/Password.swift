/// A plaintext password on its way to `PasswordHasher`; it prints as `<redacted>` so it cannot reach a log by
/// accident.
package struct Password: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The password as the client sent it.
    let text: String

    /// Wraps a password received from a client.
    package init(_ text: String) {
        self.text = text
    }

    /// The length in UTF-8 bytes, the unit of bcrypt's 72-byte limit.
    package var utf8Count: Int { text.utf8.count }

    /// Always `<redacted>`.
    package var description: String { "<redacted>" }

    /// Always `<redacted>`.
    package var debugDescription: String { "<redacted>" }

    // Without this, `dump` and other mirror-based printers would list the stored text as a child.
    /// A mirror without children.
    package var customMirror: Mirror { Mirror(self, children: []) }
}
